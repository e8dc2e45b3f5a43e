import { ed25519 } from '@noble/curves/ed25519.js'
import { fromString } from 'uint8arrays/from-string'
import { concat } from 'uint8arrays/concat'
import { equals } from 'uint8arrays/equals'
import { toString } from 'uint8arrays/to-string'
import { userKeyFromId, ed25519Signer, verifyEd25519, verifyEd25519Async, verifyEd25519Uncached } from '../identity/index.js'
import { InvalidGroupMessageError } from './errors.js'
import { leafHash, merkleTree, rootFromPath } from './merkle.js'
import { SignedBlob } from './wire.js'

/**
 * Group signatures: Ed25519 over "parley-group/v1/<kind>" || 0x00 || payload, or for a
 * batch over the root of a Merkle tree of payloads (`signBlobs`). Every message entry is
 * signed by its sender and checked by every member, so signing and checking go through
 * OpenSSL (identity/signature.ts), and a burst of entries shares one signature.
 */
export type SignedKind = 'config' | 'preferred' | 'entry'

const KINDS = ['config', 'preferred', 'entry'] as const
const PREFIXES = new Map<SignedKind, Uint8Array>(KINDS.map((k) => [k, fromString(`parley-group/v1/${k}\0`)]))
const BATCH_PREFIXES = new Map<SignedKind, Uint8Array>(KINDS.map((k) => [k, fromString(`parley-group/v1/${k}-batch\0`)]))
/** most payloads under one batch signature, and so the longest inclusion path */
export const MAX_BATCH = 1_024
const MAX_PATH = 10
const signers = new WeakMap<Uint8Array, (message: Uint8Array) => Uint8Array>()
/** user keys by user id: every entry names its signer, and decoding base58 per check showed in profiles */
const signerKeys = new Map<string, Uint8Array>()
const SIGNER_KEY_CACHE_SIZE = 1_024

function signerKey (signerId: string): Uint8Array {
  let key = signerKeys.get(signerId)
  if (key == null) {
    key = userKeyFromId(signerId)
    if (signerKeys.size >= SIGNER_KEY_CACHE_SIZE) signerKeys.delete(signerKeys.keys().next().value as string)
    signerKeys.set(signerId, key)
  }
  return key
}

function signingBytes (kind: SignedKind, payload: Uint8Array): Uint8Array {
  return concat([PREFIXES.get(kind)!, payload])
}

function signerOf (seed: Uint8Array): (message: Uint8Array) => Uint8Array {
  let signer = signers.get(seed)
  if (signer == null) {
    signer = ed25519Signer(seed, ed25519.getPublicKey(seed))
    signers.set(seed, signer)
  }
  return signer
}

export function signBlob (kind: SignedKind, payload: Uint8Array, signingSecret: Uint8Array): Uint8Array {
  return SignedBlob.encode({ payload, signature: signerOf(signingSecret)(signingBytes(kind, payload)) })
}

/** what a batch signature covers: "parley-group/v1/<kind>-batch" 0, the leaf count (uint32 BE), the root */
function batchSigningBytes (kind: SignedKind, count: number, root: Uint8Array): Uint8Array {
  const header = new Uint8Array(4)
  new DataView(header.buffer).setUint32(0, count)
  return concat([BATCH_PREFIXES.get(kind)!, header, root])
}

/**
 * Signs several payloads with one signature (one Ed25519 signing, and one check per member
 * for the whole batch): the root of the Merkle tree over them is signed and each blob
 * carries its inclusion path. A single payload gets a plain signature, as `signBlob`.
 */
export function signBlobs (kind: SignedKind, payloads: Uint8Array[], signingSecret: Uint8Array): Uint8Array[] {
  if (payloads.length <= 1) return payloads.map((p) => signBlob(kind, p, signingSecret))
  if (payloads.length > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} payloads in one signed batch`)
  const { root, paths } = merkleTree(payloads.map(leafHash))
  const signature = signerOf(signingSecret)(batchSigningBytes(kind, payloads.length, root))
  return payloads.map((payload, index) => SignedBlob.encode({ payload, signature, batch: { index, count: payloads.length, path: paths[index] } }))
}

interface Opened { blob: SignedBlob, signer: Uint8Array, message: Uint8Array }

function decodeBlob (kind: SignedKind, bytes: Uint8Array, signerId: string): { blob: SignedBlob, signer: Uint8Array } {
  try {
    return { blob: SignedBlob.decode(bytes, { limits: { batch: { path: MAX_PATH } } }), signer: signerKey(signerId) }
  } catch (err) {
    throw new InvalidGroupMessageError(`malformed signed ${kind} or signer`, { cause: err })
  }
}

/** The blob, its signer's key and the bytes its signature must cover. */
function decode (kind: SignedKind, bytes: Uint8Array, signerId: string): Opened {
  const { blob, signer } = decodeBlob(kind, bytes, signerId)
  return withMessage(kind, blob, signer, signerId)
}

function withMessage (kind: SignedKind, blob: SignedBlob, signer: Uint8Array, signerId: string): Opened {
  if (blob.batch == null) return { blob, signer, message: signingBytes(kind, blob.payload) }
  const { index, count, path } = blob.batch
  const root = count <= MAX_BATCH ? rootFromPath(leafHash(blob.payload), index, count, path) : null
  if (root == null) throw new InvalidGroupMessageError(`signed ${kind} by ${signerId} has a malformed batch proof`)
  return { blob, signer, message: batchSigningBytes(kind, count, root) }
}

/**
 * `openBlobAsync` for several blobs at once; each result is the payload or the error.
 * When all the blobs of a batch are there (the usual case: a burst travels together), its
 * tree is computed once from their payloads and their paths only compared, not hashed.
 */
export async function openBlobsAsync (kind: SignedKind, items: Array<{ bytes: Uint8Array, signerId: string }>, checks?: BatchChecks): Promise<Array<Uint8Array | InvalidGroupMessageError>> {
  const results: Array<Uint8Array | InvalidGroupMessageError> = []
  const plain: Array<{ at: number, blob: SignedBlob, signer: Uint8Array, signerId: string }> = []
  const batches = new Map<string, typeof plain>()
  for (const [at, { bytes, signerId }] of items.entries()) {
    let decoded
    try {
      decoded = decodeBlob(kind, bytes, signerId)
    } catch (err) {
      results[at] = err as InvalidGroupMessageError
      continue
    }
    const { blob, signer } = decoded
    if (blob.batch == null) {
      plain.push({ at, blob, signer, signerId })
      continue
    }
    const key = `${signerId}\0${blob.batch.count}\0${toString(blob.signature, 'base64')}`
    let members = batches.get(key)
    if (members == null) batches.set(key, members = [])
    members.push({ at, blob, signer, signerId })
  }
  const wholes: Array<{ members: typeof plain, byIndex: typeof plain }> = []
  for (const members of batches.values()) {
    const { count } = members[0].blob.batch!
    const byIndex: typeof plain = new Array(count)
    for (const m of members) if (m.blob.batch!.index < count && byIndex[m.blob.batch!.index] == null) byIndex[m.blob.batch!.index] = m
    if (members.length === count && count <= MAX_BATCH && byIndex.every((m) => m != null)) wholes.push({ members, byIndex })
    else plain.push(...members)
  }
  // a few checks run at once on the event loop (cheaper than a hop to the thread pool and
  // back); more (a long history in a reset or collect reply) on the thread pool
  const sync = plain.length + wholes.length <= SYNC_CHECKS
  const pending: Array<Promise<void>> = plain.map(async ({ at, blob, signer, signerId }) => {
    try {
      const o = withMessage(kind, blob, signer, signerId)
      results[at] = await check(o, sync, checks) ? o.blob.payload : notVerified(kind, signerId)
    } catch (err) {
      results[at] = err instanceof InvalidGroupMessageError ? err : new InvalidGroupMessageError(`malformed signed ${kind}`, { cause: err })
    }
  })
  for (const { members, byIndex } of wholes) {
    // the whole batch: one tree, each path compared with the computed one
    const { root, paths } = merkleTree(byIndex.map((m) => leafHash(m.blob.payload)))
    const first = members[0]
    pending.push(check({ blob: first.blob, signer: first.signer, message: batchSigningBytes(kind, byIndex.length, root) }, sync, checks).then((ok) => {
      for (const m of members) {
        const path = m.blob.batch!.path
        const expected = paths[m.blob.batch!.index]
        const fits = path.length === expected.length && path.every((p, i) => equals(p, expected[i]))
        results[m.at] = ok && fits ? m.blob.payload : notVerified(kind, m.signerId)
      }
    }))
  }
  await Promise.all(pending)
  return results
}

/** Checks one Ed25519 signature: on the event loop when `sync`, else as it likes (the default: on the thread pool). */
export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, sync: boolean) => Promise<boolean> | boolean

/**
 * Batch signatures one node checked (or is checking), by signer and signed bytes: the
 * entries of one batch reach a member in several frames (submit, append, collect reply)
 * and share one check. One per node (a process running several nodes does not share it).
 * Every entry signature a node checks goes through its `verify` (a simulator passes one
 * that checks on the event loop, so a seed replays the same way).
 */
export class BatchChecks {
  readonly #checks = new Map<string, Promise<boolean>>()
  readonly #size: number
  readonly #verify: SignatureVerifier

  constructor (size = 4_096, verify: SignatureVerifier = verifyEd25519Either) {
    this.#size = size
    this.#verify = verify
  }

  /** one check of a signature, not remembered */
  async verify ({ blob, signer, message }: Opened, sync: boolean): Promise<boolean> {
    return this.#verify(blob.signature, message, signer, sync)
  }

  check (opened: Opened, sync = false): Promise<boolean> {
    const { blob, signer, message } = opened
    const key = `${toString(signer, 'base64')}${toString(message, 'base64')}${toString(blob.signature, 'base64')}`
    let check = this.#checks.get(key)
    if (check == null) {
      check = this.verify(opened, sync)
      if (this.#checks.size >= this.#size) this.#checks.delete(this.#checks.keys().next().value as string)
      this.#checks.set(key, check)
    }
    return check
  }
}

function notVerified (kind: SignedKind, signerId: string): InvalidGroupMessageError {
  return new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
}

/** most signature checks of one frame made on the event loop rather than the thread pool */
const SYNC_CHECKS = 2

async function verifyEd25519Either (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, sync: boolean): Promise<boolean> {
  return sync ? verifyEd25519Uncached(signature, message, publicKey) : verifyEd25519Async(signature, message, publicKey)
}

async function check (opened: Opened, sync: boolean, checks?: BatchChecks): Promise<boolean> {
  if (checks == null) return verifyEd25519Either(opened.blob.signature, opened.message, opened.signer, sync)
  return opened.blob.batch == null ? checks.verify(opened, sync) : checks.check(opened, sync)
}

/** `openBlob` with the signature checked off the event loop: busy groups check thousands a second. */
export async function openBlobAsync (kind: SignedKind, bytes: Uint8Array, signerId: string, checks?: BatchChecks): Promise<Uint8Array> {
  const opened = decode(kind, bytes, signerId)
  if (!await check(opened, false, checks)) throw notVerified(kind, signerId)
  return opened.blob.payload
}

/** The payload of a SignedBlob, once its signature by `signerId` verified. */
export function openBlob (kind: SignedKind, bytes: Uint8Array, signerId: string): Uint8Array {
  const { blob, signer, message } = decode(kind, bytes, signerId)
  if (!verifyEd25519(blob.signature, message, signer)) throw notVerified(kind, signerId)
  return blob.payload
}
