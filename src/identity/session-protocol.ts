import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { MAX_RECORD_BYTES } from './constants.js'
import { profileKey, verifyRecord } from './records.js'
import type { VerifiedRecord } from './records.js'
import type { Session } from './account-types.js'
import { RunState } from '../kernel/index.js'
import type { Clock, Logger } from '../kernel/index.js'
import { handleFramed, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, PeerStore, ProtocolRegistrar, StreamLimits, StreamLimitsInit } from '../net/index.js'

/**
 * Removal notice: when a device is removed from an account on another device, that node
 * sends the new signed profile (which lists the device as removed) to the removed device,
 * which then ends its session. The profile itself is the proof, so the protocol has no
 * message of its own.
 */
export const SESSION_PROTOCOL = '/parley/session/1.0.0'
const NOTICE_TIMEOUT_MS = 3_000

/**
 * Limits of each inbound notice stream (src/net/inbound-streams.ts; `ParleyInit.streams`
 * overrides them): one signed profile, within the sender's own timeout; a peer has no
 * reason to send two at once.
 */
export const SESSION_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: NOTICE_TIMEOUT_MS,
  deadlineMs: NOTICE_TIMEOUT_MS,
  maxFrameBytes: MAX_RECORD_BYTES.profile,
  maxBufferedBytes: MAX_RECORD_BYTES.profile + 1024,
  maxStreamsPerPeer: 2
}

export interface SessionNoticesComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol'>
  peerStore: Pick<PeerStore, 'merge'>
  clock?: Clock
  logger?: Logger
}

/** The account side a notice acts on: the session here, and what a newer profile does to it. */
export interface NoticeTarget {
  readonly session: Session | undefined
  observeProfile: (seen: VerifiedRecord<'profile'>) => boolean
}

export class SessionNotices {
  readonly #components: SessionNoticesComponents
  readonly #accounts: NoticeTarget
  readonly #run = new RunState()
  readonly #limits: StreamLimits

  /** `streams`: stream limit overrides (default: SESSION_STREAM_LIMITS) */
  constructor (components: SessionNoticesComponents, accounts: NoticeTarget, streams?: StreamLimitsInit) {
    this.#components = components
    this.#accounts = accounts
    this.#limits = streamLimits(SESSION_PROTOCOL, SESSION_STREAM_LIMITS, streams)
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, SESSION_PROTOCOL, this.#limits, async (framed) => { await this.#receive(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(SESSION_PROTOCOL)
  }

  /** Tells a removed device that it was removed; best effort. */
  async notify (peerId: string, addrs: string[], signedProfile: Uint8Array): Promise<void> {
    const signal = AbortSignal.timeout(NOTICE_TIMEOUT_MS)
    const id = peerIdFromString(peerId)
    if (addrs.length > 0) await this.#components.peerStore.merge(id, { multiaddrs: addrs.map((a) => multiaddr(a)) })
    const stream = await this.#components.dialer.dialProtocol(id, SESSION_PROTOCOL, { signal, runOnLimitedConnection: true })
    await lpStream(stream).write(signedProfile, { signal })
    await stream.close({ signal })
  }

  async #receive (framed: FramedStream): Promise<void> {
    const bytes = await framed.read()
    const session = this.#accounts.session
    if (bytes == null || session == null) {
      framed.abort(new Error('no notice, or nobody logged in here'))
      return
    }
    this.#accounts.observeProfile(verifyRecord('profile', profileKey(session.keys.userKey), bytes))
    await framed.close()
  }
}
