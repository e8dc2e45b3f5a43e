import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { MAX_RECORD_BYTES } from './constants.js'
import { profileKey, verifyRecord } from './records.js'
import type { VerifiedRecord } from './records.js'
import type { Session } from './account.js'
import type { Stream } from '@libp2p/interface'
import { RunState } from '../kernel/index.js'
import type { Dialer, PeerStore, ProtocolRegistrar } from '../net/index.js'

/**
 * Takeover notice: when a user logs in on a new device, that node sends the new signed
 * profile to the device that was active, which then ends its session. The profile itself
 * is the proof, so the protocol has no message of its own.
 */
export const SESSION_PROTOCOL = '/parley/session/1.0.0'
const NOTICE_TIMEOUT_MS = 3_000

export interface SessionNoticesComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol'>
  peerStore: Pick<PeerStore, 'merge'>
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

  constructor (components: SessionNoticesComponents, accounts: NoticeTarget) {
    this.#components = components
    this.#accounts = accounts
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await this.#components.registrar.handle(SESSION_PROTOCOL, async (stream) => { await this.#receive(stream) }, { runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(SESSION_PROTOCOL)
  }

  /** Tells the previously active device that the session moved; best effort. */
  async notify (peerId: string, addrs: string[], signedProfile: Uint8Array): Promise<void> {
    const signal = AbortSignal.timeout(NOTICE_TIMEOUT_MS)
    const id = peerIdFromString(peerId)
    if (addrs.length > 0) await this.#components.peerStore.merge(id, { multiaddrs: addrs.map((a) => multiaddr(a)) })
    const stream = await this.#components.dialer.dialProtocol(id, SESSION_PROTOCOL, { signal, runOnLimitedConnection: true })
    await lpStream(stream).write(signedProfile, { signal })
    await stream.close({ signal })
  }

  async #receive (stream: Stream): Promise<void> {
    const signal = AbortSignal.timeout(NOTICE_TIMEOUT_MS)
    try {
      const bytes = await lpStream(stream, { maxDataLength: MAX_RECORD_BYTES.profile }).read({ signal })
      const session = this.#accounts.session
      if (session == null) return
      this.#accounts.observeProfile(verifyRecord('profile', profileKey(session.keys.userKey), bytes.subarray()))
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}
