import { scrypt } from 'node:crypto'
import { KDF_BOUND, KDF_CONCURRENCY, KDF_MAX_QUEUED, PASSWORD_MAX_LENGTH } from './constants.js'
import { KdfBusyError, KeystoreTooCostlyError, WrongPasswordError } from './errors.js'

export interface ScryptParams {
  logN: number
  r: number
  p: number
}

/** Refuses scrypt parameters beyond KDF_BOUND (memory 128·N·r, work N·r·p), before anything runs. */
export function checkKdfCost (params: ScryptParams): void {
  const memory = 128 * 2 ** params.logN * params.r
  const work = 2 ** params.logN * params.r * params.p
  if (memory > KDF_BOUND.maxMemoryBytes || work > KDF_BOUND.maxWork) {
    throw new KeystoreTooCostlyError(`keystore asks for scrypt N = 2^${params.logN}, r = ${params.r}, p = ${params.p} ` +
      `(${Math.round(memory / 2 ** 20)} MiB); this node opens at most ${KDF_BOUND.maxMemoryBytes / 2 ** 20} MiB and N·r·p ≤ 2^${Math.log2(KDF_BOUND.maxWork)}`)
  }
}

/**
 * The 32-byte keystore key: scrypt of the NFKC password. Node's scrypt (OpenSSL) rather
 * than @noble/hashes': it runs on the libuv pool instead of the event loop, and its
 * 128·N·r bytes are malloc'ed and freed by the call, so the memory goes back to the
 * system when it returns; noble's Uint32Array lives until V8 collects it, and a few
 * logins in a row held several of them at once. Both compute RFC 7914 scrypt (the
 * keystore fixtures sealed with noble open with this).
 */
export async function deriveKeystoreKey (password: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  if (password.length > PASSWORD_MAX_LENGTH) throw new WrongPasswordError('password too long')
  checkKdfCost(params)
  const N = 2 ** params.logN
  // OpenSSL counts the p blocks and V's two spare blocks besides 128·N·r
  const maxmem = 128 * (N + 2 + params.p) * params.r + 1024
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, { N, r: params.r, p: params.p, maxmem }, (err, key) => {
      if (err != null) reject(err)
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))
    })
  })
}

export interface KdfQueueInit {
  /** how many key derivations run at once (default 1: one 128 MiB scrypt at a time) */
  concurrency?: number
  /** how many more wait for a turn; beyond them `run` throws KdfBusyError (default 8) */
  maxQueued?: number
}

/**
 * Lets a few key derivations run at once and queues a few more. Each costs up to
 * 128 MiB, and a login needs no account, so without this 20 concurrent wrong passwords
 * took a node to 2.6 GiB (issue 19).
 */
export class KdfQueue {
  readonly concurrency: number
  readonly maxQueued: number
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor (init: KdfQueueInit = {}) {
    this.concurrency = init.concurrency ?? KDF_CONCURRENCY
    this.maxQueued = init.maxQueued ?? KDF_MAX_QUEUED
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('KDF concurrency must be a positive integer')
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) throw new RangeError('KDF queue length must be a non-negative integer')
  }

  /** derivations running now */
  get running (): number {
    return this.#running
  }

  /** derivations waiting for a turn */
  get queued (): number {
    return this.#waiting.length
  }

  /** Runs `work` when a slot is free; throws KdfBusyError at once when the queue is full. */
  async run<T> (work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxQueued) throw new KdfBusyError('too many logins in progress on this node: try again shortly')
      // the slot is handed over by the finishing run, so #running never drops in between
      await new Promise<void>((resolve) => { this.#waiting.push(resolve) })
    } else {
      this.#running++
    }
    try {
      return await work()
    } finally {
      const next = this.#waiting.shift()
      if (next != null) next()
      else this.#running--
    }
  }
}
