import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { randomBytes } from '@noble/hashes/utils.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { sha256 } from '@noble/hashes/sha2.js'
import { LinkCodeWrongError, NoLinkCodeError } from './errors.js'
import { deviceName as normaliseDeviceName } from './devices.js'
import { userKeysFromSecrets } from './keystore.js'
import type { UserKeys } from './keystore.js'
import { LinkAnswer, LinkRequest } from './wire.js'
import { InvalidInputError, OfflineError, RunState, systemClock } from '../kernel/index.js'
import type { Clock, Logger } from '../kernel/index.js'
import { handleFramed, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, PeerStore, ProtocolRegistrar, StreamLimits, StreamLimitsInit } from '../net/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

/**
 * Linking a device by code (docs/protocols/devices.md). A logged-in device shows a short
 * code; the new node dials that device (whose peer id the account's signed profile lists,
 * so Noise authenticates it) and sends the code inside the encrypted connection. The device
 * checks it (LINK_CODE_TRIES tries, LINK_CODE_TTL_MS), and on a match answers with the
 * account's keys and a snapshot of the account's state. The code never crosses the network
 * in a form an observer could test offline: it only ever travels inside Noise, to the one
 * peer that made it, which counts the tries.
 */
export const LINK_PROTOCOL = '/parley/link/1.0.0'
/** How long a code stays valid, in ms. */
export const LINK_CODE_TTL_MS = 10 * 60_000
/** Wrong tries before a code is void (with 40-bit codes: a 5 in 2^40 chance for a guesser). */
export const LINK_CODE_TRIES = 5
/** Characters of a code: Crockford's base32 (no I, L, O, U), 5 bits each. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_LENGTH = 8
/** Snapshot frames, in bytes. */
export const LINK_CHUNK_BYTES = 256 * 1024
/** The largest snapshot a new node accepts, in bytes. */
export const MAX_LINK_SNAPSHOT_BYTES = 512 * 1024 * 1024
/** How long the new node waits for the whole exchange, in ms. */
const LINK_TIMEOUT_MS = 120_000

/** Limits of inbound link streams: one small request, then the answer is written within the deadline. */
export const LINK_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: LINK_TIMEOUT_MS,
  deadlineMs: LINK_TIMEOUT_MS,
  maxFrameBytes: 256,
  maxBufferedBytes: 1024,
  maxStreamsPerPeer: 1
}

/** Puts a code as typed into its canonical form: upper case, no separators, look-alikes mapped (O → 0, I and L → 1). */
export function normaliseLinkCode (typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** A code as shown to people: ABCD-EFGH. */
function showCode (code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

function newCode (): string {
  const bytes = randomBytes(CODE_LENGTH)
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('')
}

interface PendingCode {
  digest: Uint8Array
  expiresAt: number
  triesLeft: number
}

/** What a device hands a new one that redeemed its code. */
export interface LinkGrant {
  username: string
  keys: UserKeys
  snapshot: Uint8Array
}

/** The device side's view of the account: who is logged in, and what a linked device gets. */
export interface LinkHost {
  /** the account logged in here, or undefined */
  readonly linkable: { username: string, keys: UserKeys } | undefined
  /** adds the new device to the account and makes the snapshot it starts from */
  grant: (device: PeerId, options: AbortOptions) => Promise<Uint8Array>
}

export interface DeviceLinkComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol'>
  peerStore: Pick<PeerStore, 'merge'>
  clock?: Clock
  logger?: Logger
}

export class DeviceLink {
  readonly #components: DeviceLinkComponents
  readonly #host: LinkHost
  readonly #limits: StreamLimits
  readonly #run = new RunState()
  #pending?: PendingCode

  /** `streams`: stream limit overrides (default: LINK_STREAM_LIMITS) */
  constructor (components: DeviceLinkComponents, host: LinkHost, streams?: StreamLimitsInit) {
    this.#components = components
    this.#host = host
    this.#limits = streamLimits(LINK_PROTOCOL, LINK_STREAM_LIMITS, streams)
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, LINK_PROTOCOL, this.#limits, async (framed) => { await this.#answer(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    this.cancel()
    await this.#components.registrar.unhandle(LINK_PROTOCOL)
  }

  /** A new code for this device (the one before it is void). */
  createCode (): { code: string, expiresAt: number } {
    const code = newCode()
    const expiresAt = this.#now() + LINK_CODE_TTL_MS
    this.#pending = { digest: sha256(new TextEncoder().encode(code)), expiresAt, triesLeft: LINK_CODE_TRIES }
    return { code: showCode(code), expiresAt }
  }

  /** Voids the waiting code (logout). */
  cancel (): void {
    this.#pending = undefined
  }

  /**
   * The new node's side: asks each device in turn (online ones first, as the caller
   * orders them) until one knows the code. A wrong code stops at once (it costs a try).
   */
  async redeem (devices: Array<{ peerId: string, addrs: string[] }>, typedCode: string, deviceName: string, options: AbortOptions = {}): Promise<LinkGrant> {
    const code = normaliseLinkCode(typedCode)
    if (code.length !== CODE_LENGTH || [...code].some((c) => !CODE_ALPHABET.includes(c))) throw new InvalidInputError(`a link code is ${CODE_LENGTH} letters and digits, such as ABCD-EFGH`)
    const name = normaliseDeviceName(deviceName)
    let noCode = 0
    const failures: string[] = []
    for (const device of devices) {
      try {
        return await this.#ask(device, code, name, options)
      } catch (err: any) {
        if (err instanceof LinkCodeWrongError) throw err
        if (err instanceof NoLinkCodeError) noCode++
        failures.push(`${device.peerId.slice(-8)}: ${err.message}`)
        options.signal?.throwIfAborted()
      }
    }
    if (noCode > 0) throw new NoLinkCodeError('no device of this account is waiting for this code: make a new one (Devices, "Link a device")')
    throw new OfflineError(`no device of this account answered (${failures.join('; ') || 'it lists none'}); the device that showed the code must be online`)
  }

  async #ask (device: { peerId: string, addrs: string[] }, code: string, deviceName: string, options: AbortOptions): Promise<LinkGrant> {
    const signal = AbortSignal.any([AbortSignal.timeout(LINK_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])])
    const id = peerIdFromString(device.peerId)
    if (device.addrs.length > 0) await this.#components.peerStore.merge(id, { multiaddrs: device.addrs.map((a) => multiaddr(a)) })
    const stream = await this.#components.dialer.dialProtocol(id, LINK_PROTOCOL, { signal, runOnLimitedConnection: true })
    try {
      const lp = lpStream(stream, { maxDataLength: LINK_CHUNK_BYTES + 1024 })
      await lp.write(LinkRequest.encode({ code, deviceName }), { signal })
      const answer = LinkAnswer.decode((await lp.read({ signal })).subarray())
      if (answer.status === LinkAnswer.Status.WRONG_CODE) throw new LinkCodeWrongError(`wrong code: ${answer.triesLeft} more ${answer.triesLeft === 1 ? 'try' : 'tries'} before it is void`)
      if (answer.status !== LinkAnswer.Status.OK) throw new NoLinkCodeError('this device is not waiting for a code')
      if (answer.snapshotBytes > BigInt(MAX_LINK_SNAPSHOT_BYTES)) throw new InvalidInputError(`the snapshot is ${answer.snapshotBytes} bytes, over ${MAX_LINK_SNAPSHOT_BYTES}`)
      const keys = userKeysFromSecrets(answer.signingSecret, answer.encryptionSecret)
      if (!equalBytes(keys.userKey, answer.userKey)) throw new InvalidInputError('the device sent keys that are not its account\'s')
      const snapshot = new Uint8Array(Number(answer.snapshotBytes))
      for (let at = 0; at < snapshot.byteLength;) {
        const chunk = (await lp.read({ signal })).subarray()
        if (at + chunk.byteLength > snapshot.byteLength) throw new InvalidInputError('the snapshot is longer than announced')
        snapshot.set(chunk, at)
        at += chunk.byteLength
      }
      await stream.close({ signal })
      return { username: answer.username, keys, snapshot }
    } catch (err: any) {
      stream.abort(err)
      throw err
    }
  }

  async #answer (framed: FramedStream): Promise<void> {
    const bytes = await framed.read()
    if (bytes == null) return
    const request = LinkRequest.decode(bytes)
    const verdict = this.#check(request.code)
    const account = this.#host.linkable
    if (verdict !== 'ok' || account == null) {
      const status = verdict === 'wrong' ? LinkAnswer.Status.WRONG_CODE : LinkAnswer.Status.NO_CODE
      await framed.write(LinkAnswer.encode({ status, triesLeft: this.#pending?.triesLeft ?? 0, username: '', userKey: new Uint8Array(0), signingSecret: new Uint8Array(0), encryptionSecret: new Uint8Array(0), snapshotBytes: 0n }))
      await framed.close()
      return
    }
    const name = normaliseDeviceName(request.deviceName)
    this.#components.logger?.info('link: a new device redeemed the code', framed.remotePeer.toString(), name)
    const snapshot = await this.#host.grant(framed.remotePeer, { signal: framed.signal })
    await framed.write(LinkAnswer.encode({
      status: LinkAnswer.Status.OK,
      triesLeft: 0,
      username: account.username,
      userKey: account.keys.userKey,
      signingSecret: account.keys.signingSecret,
      encryptionSecret: account.keys.encryptionSecret,
      snapshotBytes: BigInt(snapshot.byteLength)
    }))
    for (let at = 0; at < snapshot.byteLength; at += LINK_CHUNK_BYTES) await framed.write(snapshot.subarray(at, at + LINK_CHUNK_BYTES))
    await framed.close()
  }

  /** Checks a code against the waiting one, counting the try; a match uses the code up. */
  #check (code: string): 'ok' | 'wrong' | 'none' {
    const pending = this.#pending
    if (pending == null || pending.expiresAt <= this.#now()) {
      this.#pending = undefined
      return 'none'
    }
    if (equalBytes(sha256(new TextEncoder().encode(normaliseLinkCode(code))), pending.digest)) {
      this.#pending = undefined
      return 'ok'
    }
    pending.triesLeft--
    if (pending.triesLeft <= 0) this.#pending = undefined
    return 'wrong'
  }

  #now (): number {
    return (this.#components.clock ?? systemClock).now()
  }
}
