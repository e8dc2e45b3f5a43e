import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { isOnline } from '../identity/index.js'
import { entrySigner, signEntry } from './entry.js'
import { notify } from './feed-protocol.js'
import type { FeedComponents } from './components.js'
import type { EntrySigner, VerifiedEntry } from './entry.js'
import type { FeedGossip } from './gossip.js'
import type { PublicationQueue } from './publication-queue.js'
import type { FeedStore } from './store.js'
import type { EntryKind } from './wire.js'
import type { HybridLogicalClock } from '../clock/index.js'
import type { Session, UserKeys } from '../identity/index.js'
import { noopMetrics } from '../kernel/index.js'
import type { CounterMetric } from '../kernel/index.js'
import type { AbortOptions } from '@libp2p/interface'

const NOTIFY_TIMEOUT_MS = 10_000
const NOTIFY_ATTEMPTS = 3

export interface OwnFeedInit {
  store: FeedStore
  /** the HLC the user's entries are stamped with */
  clock: HybridLogicalClock
  gossip: FeedGossip
  publications: PublicationQueue
  /** whether the feed service runs (a stopped one logs no failure and stops retrying) */
  running: () => boolean
}

/**
 * The logged-in user's own entries going out: signed and stored in this device's chain,
 * handed to gossip in order, published in the remote log (the publication queue), and a
 * follow or unfollow sent straight to the user it names.
 */
export class OwnFeed {
  readonly #components: FeedComponents
  readonly #init: OwnFeedInit
  /** own entries handed to gossip in order: each waits for the one before (its mesh join) */
  #gossipChain: Promise<void> = Promise.resolve()
  readonly #gossiped: CounterMetric
  /** an OpenSSL signer per session's keys (gone with the session): what the user's entries are signed with */
  readonly #signers = new WeakMap<UserKeys, EntrySigner>()

  constructor (components: FeedComponents, init: OwnFeedInit) {
    this.#components = components
    this.#init = init
    const metrics = components.metrics ?? noopMetrics
    this.#gossiped = metrics.counter({ name: 'parley_feed_gossip_published_total', help: "the node's own feed entries (posts, follows) published on gossipsub", labelNames: ['outcome'] })
  }

  /** This device's peer id: the chain of the account's feed it writes. */
  get device (): string {
    return this.#components.peerId.toString()
  }

  /** Signs and stores the next entry of this device's chain of the user's feed (no await: no interleaving). */
  append (session: Session, kind: EntryKind, body: Uint8Array): VerifiedEntry {
    const { store, clock } = this.#init
    const now = (): number => this.#components.clock.now()
    const me = session.keys.userKey
    const device = this.device
    const head = store.head(me, device)
    let signer = this.#signers.get(session.keys)
    if (signer == null) {
      signer = entrySigner(session.keys.signingSecret, me)
      this.#signers.set(session.keys, signer)
    }
    const entry = signEntry({ author: me, device, seq: (head?.seq ?? 0n) + 1n, prev: head?.cid, timestamp: clock.now(), kind, body }, signer, now())
    // the head just read: the store does not read it again (one query less a post)
    store.append([entry], now(), true, { device, head })
    return entry
  }

  /**
   * Hands a new own entry to gossip (in order, behind the ones before it) and queues the
   * remote-log publication (coalesced, retried until it succeeds); waits for neither.
   */
  announce (session: Session, entry: VerifiedEntry): void {
    this.#gossipChain = this.#gossipChain.then(async () => this.#init.gossip.publish(entry)).then(() => { this.#gossiped.inc({ outcome: 'ok' }) }, (err) => {
      this.#gossiped.inc({ outcome: 'failed' })
      if (this.#init.running()) this.#components.logger.warn('feed: gossip publish failed', err.message)
    })
    this.#init.publications.request(session.keys.userKey, session.keys.signingSecret)
  }

  /** Publishes the user's remote log now; a failure is logged, not thrown. */
  async publish (session: Session, options?: AbortOptions): Promise<void> {
    await this.#init.publications.publish(session.keys.userKey, session.keys.signingSecret, options).catch((err) => {
      // a caller that stopped waiting leaves the publication running: nothing failed yet
      if (options?.signal?.aborted !== true) this.#components.logger.warn('feed: remote log publish failed', err.message)
    })
  }

  /** Sends a follow or unfollow straight to the followed user's active device, if online; a few tries. */
  async notifyUser (session: Session, target: Uint8Array, entry: VerifiedEntry): Promise<void> {
    for (let attempt = 1; attempt <= NOTIFY_ATTEMPTS && this.#init.running(); attempt++) {
      try {
        const profile = await this.#components.directory.resolveProfile(target, { signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) })
        const device = profile?.record.devices.find((d) => d.peerId === profile.record.activeDevice)
        if (profile == null || !isOnline(profile.record) || device == null) return // it finds the follow through the DHT later
        const peer = peerIdFromString(device.peerId)
        if (device.addrs.length > 0) await this.#components.peerStore.merge(peer, { multiaddrs: device.addrs.map((a) => multiaddr(a)) })
        await notify(this.#components.dialer, peer, entry.bytes, session.username, { signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) })
        return
      } catch {} // tried again; after the last try the DHT path covers it
    }
  }
}
