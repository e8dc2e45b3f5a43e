import { equals as equalBytes } from 'uint8arrays/equals'
import { getLogs } from './feed-protocol.js'
import { findProviders, topicKey } from './routing.js'
import type { FeedComponents } from './components.js'
import type { ChainPosition, VerifiedEntry } from './entry.js'
import type { RemoteLog } from './remote-log.js'
import { storedEntryOf } from './store.js'
import type { FeedStore, StoredEntry } from './store.js'
import { noopMetrics } from '../kernel/index.js'
import type { CounterMetric, HistogramMetric } from '../kernel/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

export interface FeedReplicationInit {
  store: FeedStore
  remoteLog: RemoteLog
  /** entries of `author` newly stored here, in no set order: the service raises their events (none without a session) */
  onStored: (author: Uint8Array, entries: StoredEntry[]) => void
  /** runs work in the background, logging its failure */
  background: (work: Promise<unknown>) => void
}

/**
 * The feeds this node holds, brought in: an author's log synced from its remote log (or,
 * when that fails, from its followers and the peer that sent an entry), follows fetched
 * from the providers of a user's topic, gossiped entries and follow notices stored when
 * they are the next of their chain and synced otherwise. What is newly stored goes to
 * `onStored`.
 */
export class FeedReplication {
  readonly #components: FeedComponents
  readonly #init: FeedReplicationInit
  readonly #store: FeedStore
  readonly #syncs = new Map<string, Promise<void>>()
  readonly #gossipReceived: CounterMetric
  readonly #syncSeconds: HistogramMetric

  constructor (components: FeedComponents, init: FeedReplicationInit) {
    this.#components = components
    this.#init = init
    this.#store = init.store
    const metrics = components.metrics ?? noopMetrics
    this.#gossipReceived = metrics.counter({ name: 'parley_feed_gossip_received_total', help: 'feed entries received by gossip: stored (the next in the log), synced (a gap: the log is fetched), old (already held)', labelNames: ['outcome'] })
    this.#syncSeconds = metrics.histogram({ name: 'parley_feed_sync_seconds', help: "how long one author's feed sync took (remote log, or the log from followers)", labelNames: ['outcome'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] })
  }

  #now (): number {
    return this.#components.clock.now()
  }

  /** Brings `author`'s cached feed up to date from the network (one sync per author at a time). */
  async syncAuthor (author: Uint8Array, extraHolders: PeerId[] = []): Promise<void> {
    const key = Buffer.from(author).toString('hex')
    const running = this.#syncs.get(key)
    if (running != null) {
      // the running sync may have read an older pointer: run once more after it
      const again = running.catch(() => {}).then(async () => this.syncAuthor(author, extraHolders))
      return again
    }
    const done = this.#syncSeconds.startTimer()
    const sync = this.#sync(author, extraHolders)
      .then(() => { done({ outcome: 'ok' }) }, (err) => { done({ outcome: 'failed' }); throw err })
      .finally(() => this.#syncs.delete(key))
    this.#syncs.set(key, sync)
    return sync
  }

  /** Fetches the logs of up to `max` providers of `target`'s topic (the logged-in user of each provider node). */
  async collectFollowersOf (target: Uint8Array, max: number, options?: AbortOptions): Promise<void> {
    const providers = await findProviders(this.#components.dht, this.#components.peerId, topicKey(target), max, options)
    await Promise.allSettled(providers.map(async (provider) => {
      const entries = await getLogs(this.#components.dialer, provider.id, undefined, [], options)
      if (entries.length > 0) this.#ingest(entries)
    }))
  }

  async #sync (author: Uint8Array, extraHolders: PeerId[]): Promise<void> {
    const before = this.#heads(author)
    try {
      await this.#init.remoteLog.sync(author, { extraHolders })
    } catch (err: any) {
      // no pointer or no holder of the pages: ask followers and the sender for the log itself
      const holders = [...extraHolders, ...(await findProviders(this.#components.dht, this.#components.peerId, topicKey(author), 10).catch(() => [])).map((p) => p.id)]
      let done = false
      for (const peer of holders) {
        try {
          const entries = await getLogs(this.#components.dialer, peer, author, this.#store.heads(author))
          this.#store.append(entries, this.#now())
          done = true
          break
        } catch {}
      }
      if (!done && this.#store.heads(author).length === 0) throw err
    }
    this.#afterStored(author, before)
  }

  /** The seq of each chain of `author` held now, by device. */
  #heads (author: Uint8Array): Map<string, bigint> {
    return new Map(this.#store.heads(author).map((h) => [h.device, h.seq]))
  }

  /** Stores entries of one author that link to what we hold, then raises events for those newly stored; `known` as in FeedStore.appendNew. */
  #ingest (entries: VerifiedEntry[], known?: { device: string, head: ChainPosition | undefined }): void {
    const author = entries[0].entry.author
    let added: VerifiedEntry[]
    try {
      added = this.#store.appendNew(entries, this.#now(), false, known)
    } catch {
      this.#init.background(this.syncAuthor(author))
      return
    }
    // what was just stored, as the store reads it back (a gossiped post was one heads read
    // before, one after and a log read: 0.2 ms of the follower's CPU)
    this.#init.onStored(author, added.map(storedEntryOf))
  }

  /** Hands `author`'s entries stored after the chain heads `before` to `onStored` (nothing without a session). */
  #afterStored (author: Uint8Array, before: Map<string, bigint>): void {
    if (this.#components.accounts.session == null) return
    this.#init.onStored(author, this.#store.logs(author, before))
  }

  /** A follow or unfollow of the logged-in user sent straight to this node by its author. */
  onNotify (entry: VerifiedEntry, username: string, from: PeerId): void {
    const session = this.#components.accounts.session
    if (session == null || entry.target == null || !equalBytes(entry.target.userKey, session.keys.userKey)) return
    if (username !== '' && this.#store.usernameOf(entry.entry.author) == null) this.#store.rememberAuthor(entry.entry.author, username)
    const head = this.#store.head(entry.entry.author, entry.entry.device)
    if (entry.entry.seq === (head?.seq ?? 0n) + 1n) {
      this.#ingest([entry], { device: entry.entry.device, head })
      return
    }
    // fetch the follower's log from its node, so the entry joins a verified chain
    this.#init.background((async () => {
      const entries = await getLogs(this.#components.dialer, from, entry.entry.author, this.#store.heads(entry.entry.author))
      if (entries.length > 0) this.#ingest(entries)
    })())
  }

  /** An entry from gossip: stored when it is the next of its chain, else the author's log is synced. */
  onGossip (entry: VerifiedEntry, from: PeerId): void {
    const author = entry.entry.author
    const head = this.#store.head(author, entry.entry.device)
    if (head != null && entry.entry.seq <= head.seq) { this.#gossipReceived.inc({ outcome: 'old' }); return }
    if ((head == null && entry.entry.seq === 1n) || (head != null && entry.entry.seq === head.seq + 1n)) {
      this.#gossipReceived.inc({ outcome: 'stored' })
      this.#ingest([entry], { device: entry.entry.device, head })
    } else {
      this.#gossipReceived.inc({ outcome: 'synced' })
      this.#init.background(this.syncAuthor(author, [from]))
    }
  }
}
