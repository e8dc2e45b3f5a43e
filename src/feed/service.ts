import { TypedEventEmitter } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { equals as equalBytes } from 'uint8arrays/equals'
import { HybridLogicalClock } from '../clock/index.js'
import { isOnline, userIdFromKey } from '../identity/index.js'
import { FeedArchive } from './archive.js'
import type { FeedArchiveInit } from './archive.js'
import { BlockProtocol } from './block-protocol.js'
import { COUNTS_FALLBACK_PROVIDERS, DEFAULT_FEED_MODE, DEFAULT_RETENTION_MS } from './constants.js'
import { FollowerCounts } from './counts.js'
import type { UserCounts } from './counts.js'
import { entrySigner, followBody, postBody, signEntry } from './entry.js'
import { FeedGossip } from './gossip.js'
import { InvalidFeedRequestError } from './errors.js'
import { FeedProtocol, getLogs, notify } from './feed-protocol.js'
import { PublicationQueue } from './publication-queue.js'
import type { PublicationState } from './publication-queue.js'
import { RemoteLog } from './remote-log.js'
import { findProviders, provide, topicKey } from './routing.js'
import { EntryKind } from './wire.js'
import type { FeedMode } from './constants.js'
import type { EntrySigner, VerifiedEntry } from './entry.js'
import { FeedStore, storedEntryOf } from './store.js'
import type { StoredEntry } from './store.js'
import type { FeedComponents } from './components.js'
import type { Session, UserKeys } from '../identity/index.js'
import { RunState, UnknownUserError, noopMetrics } from '../kernel/index.js'
import type { CounterMetric, HistogramMetric, TimerHandle } from '../kernel/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { StreamLimitsInit } from '../net/index.js'

export interface PostView {
  id: string
  author: string
  authorId: string
  seq: number
  text: string
  timestamp: number
  /**
   * own posts only: whether a finished remote-log publication of this process names the
   * post (false until then; it is in the local log and was handed to gossip either way)
   */
  published?: boolean
}

export interface NotificationView {
  kind: 'follow' | 'unfollow'
  from: string
  fromId: string
  at: number
}

export interface UserRef {
  username: string
  userId: string
}

export interface FeedEvents {
  /** a new post in the logged-in user's timeline (own or followed) */
  post: CustomEvent<PostView>
  /** someone followed or unfollowed the logged-in user */
  notification: CustomEvent<NotificationView>
}

export interface FeedServiceInit {
  /** how long others' cached entries and blocks are kept, in ms (default 30 days) */
  retentionMs?: number
  /** how often expired entries are deleted, in ms (default 1 hour) */
  gcIntervalMs?: number
  /** blocks go to this many closest peers (default 3) */
  replication?: number
  /** limits of inbound feed and block streams (defaults: FEED_STREAM_LIMITS, BLOCK_STREAM_LIMITS in constants.ts) */
  streams?: StreamLimitsInit
  /** first retry delay of a failed remote-log publication, in ms (default PUBLISH_RETRY_MS, 5 s; doubled per failure up to 5 min) */
  publishRetryMs?: number
  /** least time between the starts of two remote-log publications that posts ask for: a lone post publishes at once, a burst shares one per this many ms (default PUBLISH_COALESCE_MS, 500 ms) */
  publishCoalesceMs?: number
  /** feeds this node keeps pinned and follows without a session (default: none; archive.ts) */
  archive?: FeedArchiveInit
}

/** The feed service in the js-libp2p service shape. */
export function feedService (init: FeedServiceInit = {}): (components: FeedComponents) => FeedService {
  return (components) => new FeedService(components, init)
}

const NOTIFY_TIMEOUT_MS = 10_000
const NOTIFY_ATTEMPTS = 3
/** How often the head pointer is republished while nothing is posted. */
const POINTER_REPUBLISH_MS = 3600_000

/** Posts, follows, timelines and notifications of the logged-in user. See docs/protocols/feed.md. */
export class FeedService extends TypedEventEmitter<FeedEvents> {
  readonly store: FeedStore
  readonly remoteLog: RemoteLog
  /** the feeds this node is told to keep (`--archive`) */
  readonly archive: FeedArchive
  readonly #init: FeedServiceInit
  readonly #components: FeedComponents
  readonly #now: () => number
  readonly #clock: HybridLogicalClock
  readonly #feedProtocol: FeedProtocol
  readonly #blockProtocol: BlockProtocol
  readonly #syncs = new Map<string, Promise<void>>()
  /** authors whose feeds this node watches (hex of the key → key), with or without a session */
  readonly #watched = new Map<string, Uint8Array>()
  readonly #gossip: FeedGossip
  readonly #publications: PublicationQueue
  readonly #counts: FollowerCounts
  /** own entries handed to gossip in order: each waits for the one before (its mesh join) */
  #gossipChain: Promise<void> = Promise.resolve()
  #lastRepublish = 0
  #gcTimer?: TimerHandle
  readonly #gossiped: CounterMetric
  readonly #gossipReceived: CounterMetric
  readonly #syncSeconds: HistogramMetric
  readonly #run = new RunState()
  /** an OpenSSL signer per session's keys (gone with the session): what the user's entries are signed with */
  readonly #signers = new WeakMap<UserKeys, EntrySigner>()

  constructor (components: FeedComponents, init: FeedServiceInit = {}) {
    super()
    this.#init = init
    this.#components = components
    this.store = new FeedStore(components.database)
    this.#now = () => components.clock.now()
    this.#clock = new HybridLogicalClock(this.#now)
    const metrics = components.metrics ?? noopMetrics
    this.#gossiped = metrics.counter({ name: 'parley_feed_gossip_published_total', help: "the node's own feed entries (posts, follows) published on gossipsub", labelNames: ['outcome'] })
    this.#gossipReceived = metrics.counter({ name: 'parley_feed_gossip_received_total', help: 'feed entries received by gossip: stored (the next in the log), synced (a gap: the log is fetched), old (already held)', labelNames: ['outcome'] })
    this.#syncSeconds = metrics.histogram({ name: 'parley_feed_sync_seconds', help: "how long one author's feed sync took (remote log, or the log from followers)", labelNames: ['outcome'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] })
    this.remoteLog = new RemoteLog({ network: components, records: components.records, store: this.store, replication: init.replication, now: this.#now, device: components.peerId.toString() })
    this.#publications = new PublicationQueue({ remoteLog: this.remoteLog, store: this.store, clock: components.clock, retryMs: init.publishRetryMs, coalesceMs: init.publishCoalesceMs })
    this.#feedProtocol = new FeedProtocol(components, {
      store: this.store,
      currentUser: () => components.accounts.session?.keys.userKey,
      onNotify: (entry, username, from) => { this.#onNotify(entry, username, from) },
      streams: init.streams
    })
    this.#counts = new FollowerCounts({ store: this.store, records: components.records, clock: components.clock, logger: components.logger, syncAuthor: async (author) => this.syncAuthor(author), collectFollowers: async (target, options) => this.#collectFollowersOf(target, COUNTS_FALLBACK_PROVIDERS, options) })
    this.#blockProtocol = new BlockProtocol(components, this.store, this.#now, init.streams)
    this.#gossip = new FeedGossip({ network: components, now: this.#now, logger: components.logger, onEntry: (entry, from) => { this.#onGossip(entry, from) } })
    this.archive = new FeedArchive({ store: this.store, watch: async (author) => this.watch(author), syncAuthor: async (author) => this.syncAuthor(author) }, components, init.archive)
  }

  /** What this node's own gossip publications cost: copies sent and their entry bytes. */
  get gossipStats (): { copies: number, bytes: number } {
    return { ...this.#gossip.stats }
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    this.#publications.start()
    await this.#feedProtocol.start()
    await this.#blockProtocol.start()
    this.#gossip.start()
    this.#components.accounts.addEventListener('session', this.#onSession)
    this.#gcTimer = this.#components.clock.every(this.#init.gcIntervalMs ?? 3600_000, () => {
      try {
        this.collectGarbage()
      } catch (err) {
        this.#components.logger.error('feed: garbage collection failed', err)
      }
    })
    if (this.#components.accounts.session != null) this.#background(this.#goOnline(this.#components.accounts.session))
    this.archive.start()
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    this.archive.stop()
    this.#gcTimer?.cancel()
    this.#components.accounts.removeEventListener('session', this.#onSession)
    this.#gossip.stop()
    await this.#feedProtocol.stop()
    await this.#blockProtocol.stop()
    await this.#publications.stop()
  }

  // --- the user's actions ----------------------------------------------------------

  /**
   * Stores a post in the own log (SQLite) and answers: gossip and the remote-log
   * publication follow in the background, so a slow or stopped peer never holds up the
   * answer. The view's `published` turns true once a publication names the post.
   */
  async publish (text: string): Promise<PostView> {
    const session = this.#components.accounts.requireSession()
    const entry = this.#append(session, EntryKind.POST, postBody(text))
    this.#announce(session, entry)
    const view = this.#postView(storedEntryOf(entry))
    this.safeDispatchEvent('post', { detail: view })
    return view
  }

  async follow (username: string, options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    const target = await this.#resolve(session, username, options)
    if (this.#isFollowing(session, target)) return
    const entry = this.#append(session, EntryKind.FOLLOW, followBody({ userKey: target, username }))
    this.store.rememberAuthor(target, username)
    this.#gossip.join(target)
    this.#background(this.#notifyUser(session, target, entry))
    // the provider record is how the followed user finds this follow if it was offline
    await provide(this.#components.dht, topicKey(target), options).catch((err) => { this.#components.logger.warn('feed: provide failed', err.message) })
    this.#announce(session, entry)
    this.#background(this.#gossip.joinMesh(target))
    this.#background(this.syncAuthor(target))
  }

  /**
   * Receives and holds an author's feed live without a follow entry and without a
   * session: what an archive node mirroring feeds does (and the `feed` benchmark's
   * followers). Joins the topic and its mesh and provides the topic key.
   */
  async watch (author: Uint8Array, options?: AbortOptions): Promise<void> {
    this.#watched.set(Buffer.from(author).toString('hex'), author)
    this.#gossip.join(author)
    // best effort, as in follow: gossipsub also meshes over connections the node already has
    await provide(this.#components.dht, topicKey(author), options).catch(() => {})
    await this.#gossip.joinMesh(author).catch(() => 0)
  }

  async unfollow (username: string, options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    const target = await this.#resolve(session, username, options)
    if (!this.#isFollowing(session, target)) return
    const entry = this.#append(session, EntryKind.UNFOLLOW, followBody({ userKey: target, username }))
    this.#gossip.leave(target)
    this.#background(this.#notifyUser(session, target, entry))
    this.#announce(session, entry)
  }

  following (): UserRef[] {
    const session = this.#components.accounts.requireSession()
    return this.store.following(session.keys.userKey).map((f) => this.#userRef(f.userKey, f.username))
  }

  followers (): UserRef[] {
    const session = this.#components.accounts.requireSession()
    return this.store.followers(session.keys.userKey).map((f) => this.#userRef(f.userKey, f.username))
  }

  /**
   * Followers and following of any user: the own user's from this node, another's from
   * its remote log and its follower summary (counts.ts), partial when one is out of reach.
   */
  async counts (userKey: Uint8Array, options?: AbortOptions): Promise<UserCounts> {
    const session = this.#components.accounts.session
    if (session != null && equalBytes(session.keys.userKey, userKey)) return this.#counts.own(userKey)
    return this.#counts.of(userKey, options)
  }

  /** Resolves once the logged-in user's follower summary names every follower held. */
  async followerSummarySettled (options?: AbortOptions): Promise<void> {
    await this.#counts.settled(options)
  }

  /**
   * Own and followed users' posts, newest first by HLC (ties by CID): the device chains of
   * each author merged into one timeline. `before` is the `next` of the previous page.
   */
  timeline (limit = 50, before?: string): { posts: PostView[], next: string | null } {
    const session = this.#components.accounts.requireSession()
    const authors = [session.keys.userKey, ...this.store.following(session.keys.userKey).map((f) => f.userKey)]
    const posts = this.store.posts(authors, limit, before == null ? undefined : parseId(before)).map((e) => this.#postView(e))
    return { posts, next: posts.length === limit ? posts.at(-1)!.id : null }
  }

  /** A user's posts, newest first: synced from the network first (works while that user is offline). */
  async userPosts (username: string, options?: AbortOptions): Promise<PostView[]> {
    const session = this.#components.accounts.requireSession()
    const author = await this.#resolve(session, username, options, true)
    if (!equalBytes(author, session.keys.userKey)) {
      this.store.rememberAuthor(author, username)
      await this.syncAuthor(author).catch(() => {})
    }
    return this.store.posts([author], 1_000_000).map((e) => this.#postView(e))
  }

  notifications (): Array<NotificationView & { id: number }> {
    const session = this.#components.accounts.requireSession()
    return this.store.notifications(session.keys.userKey).map((n) => ({ id: n.id, kind: n.kind, from: this.store.usernameOf(n.fromKey) ?? n.fromName ?? userIdFromKey(n.fromKey), fromId: userIdFromKey(n.fromKey), at: n.at }))
  }

  /** The user's remote log as a CAR file (synced from the network for others). */
  async exportFeed (username: string, options?: AbortOptions): Promise<Uint8Array> {
    const session = this.#components.accounts.requireSession()
    const author = await this.#resolve(session, username, options, true)
    if (equalBytes(author, session.keys.userKey)) await this.#queuePublish(session, options)
    return this.remoteLog.exportCar(author, options)
  }

  /** Where the remote-log publication of the logged-in user's feed stands, with the own log's head seq. */
  publication (): PublicationState & { headSeq: number } {
    const session = this.#components.accounts.requireSession()
    const me = session.keys.userKey
    return { headSeq: Number(this.store.totalSeq(me)), ...this.#publications.state(me) }
  }

  /** Resolves once the remote log names every own entry held here so far, of every device (rejects if the publication fails). */
  async publicationSettled (options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    await this.#publications.settled(session.keys.userKey, session.keys.signingSecret, options)
  }

  /** The remote-log layout of the logged-in user's feed. */
  mode (): FeedMode {
    const session = this.#components.accounts.requireSession()
    return this.store.mode(session.keys.userKey) ?? DEFAULT_FEED_MODE
  }

  /** Sets the remote-log layout of the logged-in user's feed and republishes it. */
  async setMode (mode: FeedMode, options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    this.store.setMode(session.keys.userKey, mode)
    await this.#queuePublish(session, options)
  }

  /** Deletes others' cached entries and blocks older than the retention time, unless pinned. */
  collectGarbage (): number {
    return this.store.expire(this.#now() - (this.#init.retentionMs ?? DEFAULT_RETENTION_MS), [...this.store.ownAuthors(), ...this.archive.authors()])
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

  /**
   * Periodic upkeep. While logged in: re-announce, rejoin meshes, look for new followers,
   * catch up. With or without a session: a watched feed whose mesh thinned out (the
   * watcher lost its connections, its topic peers left) is joined again.
   */
  async refresh (): Promise<void> {
    const session = this.#components.accounts.session
    await Promise.all([
      session != null ? this.#goOnline(session, false) : undefined,
      ...[...this.#watched.values()].map(async (author) => {
        this.#gossip.join(author)
        await this.#gossip.ensureMesh(author, false).catch(() => {})
      })
    ])
  }

  /** Fetches the logs of users who provide our topic (followers), for follows made while we were away. */
  async collectFollowers (options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.session
    if (session == null) return
    await this.#collectFollowersOf(session.keys.userKey, 200, options)
  }

  /** Fetches the logs of up to `max` providers of `target`'s topic (the logged-in user of each provider node). */
  async #collectFollowersOf (target: Uint8Array, max: number, options?: AbortOptions): Promise<void> {
    const providers = await findProviders(this.#components.dht, this.#components.peerId, topicKey(target), max, options)
    await Promise.allSettled(providers.map(async (provider) => {
      const entries = await getLogs(this.#components.dialer, provider.id, undefined, [], options)
      if (entries.length > 0) this.#ingest(entries)
    }))
  }

  // --- internals -------------------------------------------------------------------

  async #sync (author: Uint8Array, extraHolders: PeerId[]): Promise<void> {
    const before = this.#heads(author)
    try {
      await this.remoteLog.sync(author, { extraHolders })
    } catch (err: any) {
      // no pointer or no holder of the pages: ask followers and the sender for the log itself
      const holders = [...extraHolders, ...(await findProviders(this.#components.dht, this.#components.peerId, topicKey(author), 10).catch(() => [])).map((p) => p.id)]
      let done = false
      for (const peer of holders) {
        try {
          const entries = await getLogs(this.#components.dialer, peer, author, this.store.heads(author))
          this.store.append(entries, this.#now())
          done = true
          break
        } catch {}
      }
      if (!done && this.store.heads(author).length === 0) throw err
    }
    this.#afterStored(author, before)
  }

  /** The seq of each chain of `author` held now, by device. */
  #heads (author: Uint8Array): Map<string, bigint> {
    return new Map(this.store.heads(author).map((h) => [h.device, h.seq]))
  }

  /** Stores entries of one author that link to what we hold, then raises events for those newly stored. */
  #ingest (entries: VerifiedEntry[]): void {
    const author = entries[0].entry.author
    let added: VerifiedEntry[]
    try {
      added = this.store.appendNew(entries, this.#now())
    } catch {
      this.#background(this.syncAuthor(author))
      return
    }
    // what was just stored, as the store reads it back (a gossiped post was one heads read
    // before, one after and a log read: 0.2 ms of the follower's CPU)
    this.#raise(author, added.map(storedEntryOf))
  }

  /** Raises the events of `author`'s entries stored after the chain heads `before` (see #raise). */
  #afterStored (author: Uint8Array, before: Map<string, bigint>): void {
    if (this.#components.accounts.session == null) return
    this.#raise(author, this.store.logs(author, before))
  }

  /**
   * Raises the events of newly stored entries of `author`, in HLC order (nothing without a
   * session). Entries of the own account from another device make this device publish the
   * remote log too: whichever device publishes last names them all.
   */
  #raise (author: Uint8Array, entries: StoredEntry[]): void {
    const session = this.#components.accounts.session
    if (session == null) return
    const me = session.keys.userKey
    const stored = entries.sort((a, b) => a.wall - b.wall || a.counter - b.counter)
    if (stored.length > 0 && equalBytes(author, me) && stored.some((e) => e.device !== this.#device)) {
      this.#publications.request(me, session.keys.signingSecret)
    }
    for (const entry of stored) {
      this.#clock.receive({ wall: entry.wall, counter: entry.counter })
      if (entry.kind === 'post' && this.#isFollowing(session, entry.author)) {
        this.safeDispatchEvent('post', { detail: this.#postView(entry) })
      } else if (entry.kind !== 'post' && entry.target != null && equalBytes(entry.target, me)) {
        this.#counts.request(session.keys)
        const fromName = this.store.usernameOf(entry.author) ?? null
        if (!this.store.addNotification(me, { kind: entry.kind, fromKey: entry.author, fromName, at: entry.wall }, entry.cid)) continue
        const kind = entry.kind
        const announce = (): void => {
          const from = this.store.usernameOf(entry.author) ?? userIdFromKey(entry.author)
          this.safeDispatchEvent('notification', { detail: { kind, from, fromId: userIdFromKey(entry.author), at: entry.wall } })
        }
        if (fromName != null) announce()
        else this.#background(this.#learnName(entry.author).finally(announce))
      }
    }
  }

  async #learnName (userKey: Uint8Array): Promise<void> {
    const profile = await this.#components.directory.resolveProfile(userKey)
    if (profile != null) this.store.rememberAuthor(userKey, profile.record.username)
  }

  #onNotify (entry: VerifiedEntry, username: string, from: PeerId): void {
    const session = this.#components.accounts.session
    if (session == null || entry.target == null || !equalBytes(entry.target.userKey, session.keys.userKey)) return
    if (username !== '' && this.store.usernameOf(entry.entry.author) == null) this.store.rememberAuthor(entry.entry.author, username)
    const head = this.store.head(entry.entry.author, entry.entry.device)
    if (entry.entry.seq === (head?.seq ?? 0n) + 1n) {
      this.#ingest([entry])
      return
    }
    // fetch the follower's log from its node, so the entry joins a verified chain
    this.#background((async () => {
      const entries = await getLogs(this.#components.dialer, from, entry.entry.author, this.store.heads(entry.entry.author))
      if (entries.length > 0) this.#ingest(entries)
    })())
  }

  #onGossip (entry: VerifiedEntry, from: PeerId): void {
    const author = entry.entry.author
    const head = this.store.head(author, entry.entry.device)
    if (head != null && entry.entry.seq <= head.seq) { this.#gossipReceived.inc({ outcome: 'old' }); return }
    if ((head == null && entry.entry.seq === 1n) || (head != null && entry.entry.seq === head.seq + 1n)) {
      this.#gossipReceived.inc({ outcome: 'stored' })
      this.#ingest([entry])
    } else {
      this.#gossipReceived.inc({ outcome: 'synced' })
      this.#background(this.syncAuthor(author, [from]))
    }
  }

  readonly #onSession = (event: CustomEvent<{ kind: string }>): void => {
    if (event.detail.kind === 'login' && this.#components.accounts.session != null) {
      this.#background(this.#goOnline(this.#components.accounts.session))
    } else {
      this.#gossip.leaveAll()
      this.#publications.forget()
      this.#counts.forget()
    }
  }

  /**
   * Login (`full`): announce, join every mesh, look for followers, republish, catch up.
   * Refresh: look for new followers and catch up; rejoin only thin meshes; republish the
   * pointer hourly. Provider records are republished by kad-dht itself.
   */
  async #goOnline (session: Session, full = true): Promise<void> {
    const me = session.keys.userKey
    this.store.rememberAuthor(me, session.username)
    if (this.store.mode(me) == null) this.store.setMode(me, DEFAULT_FEED_MODE)
    this.#gossip.join(me)
    const followed = this.store.following(me)
    for (const f of followed) this.#gossip.join(f.userKey)
    const republish = full || this.#now() - this.#lastRepublish > POINTER_REPUBLISH_MS
    if (republish) this.#lastRepublish = this.#now()
    // the follower summary: put again with the pointer (DHT records expire), else when it changed
    this.#counts.request(session.keys, republish)
    await Promise.allSettled([
      full ? this.#gossip.joinMesh(me) : this.#gossip.ensureMesh(me, false),
      // the account's other devices wrote chains this one may not hold yet
      full ? this.syncAuthor(me) : undefined,
      this.collectFollowers(),
      republish ? this.#queuePublish(session) : undefined,
      ...followed.map(async (f) => {
        if (full) await provide(this.#components.dht, topicKey(f.userKey)).catch(() => {})
        await (full ? this.#gossip.joinMesh(f.userKey) : this.#gossip.ensureMesh(f.userKey, false))
        await this.syncAuthor(f.userKey)
      })
    ])
  }

  /** This device's peer id: the chain of the account's feed it writes. */
  get #device (): string {
    return this.#components.peerId.toString()
  }

  /** Signs and stores the next entry of this device's chain of the user's feed (no await: no interleaving). */
  #append (session: Session, kind: EntryKind, body: Uint8Array): VerifiedEntry {
    const me = session.keys.userKey
    const device = this.#device
    const head = this.store.head(me, device)
    let signer = this.#signers.get(session.keys)
    if (signer == null) {
      signer = entrySigner(session.keys.signingSecret, me)
      this.#signers.set(session.keys, signer)
    }
    const entry = signEntry({ author: me, device, seq: (head?.seq ?? 0n) + 1n, prev: head?.cid, timestamp: this.#clock.now(), kind, body }, signer, this.#now())
    this.store.append([entry], this.#now(), true)
    return entry
  }

  /**
   * Hands a new own entry to gossip (in order, behind the ones before it) and queues the
   * remote-log publication (coalesced, retried until it succeeds); waits for neither.
   */
  #announce (session: Session, entry: VerifiedEntry): void {
    this.#gossipChain = this.#gossipChain.then(async () => this.#gossip.publish(entry)).then(() => { this.#gossiped.inc({ outcome: 'ok' }) }, (err) => {
      this.#gossiped.inc({ outcome: 'failed' })
      if (this.#run.running) this.#components.logger.warn('feed: gossip publish failed', err.message)
    })
    this.#publications.request(session.keys.userKey, session.keys.signingSecret)
  }

  async #queuePublish (session: Session, options?: AbortOptions): Promise<void> {
    await this.#publications.publish(session.keys.userKey, session.keys.signingSecret, options).catch((err) => {
      // a caller that stopped waiting leaves the publication running: nothing failed yet
      if (options?.signal?.aborted !== true) this.#components.logger.warn('feed: remote log publish failed', err.message)
    })
  }

  /** Sends a follow or unfollow straight to the followed user's active device, if online; a few tries. */
  async #notifyUser (session: Session, target: Uint8Array, entry: VerifiedEntry): Promise<void> {
    for (let attempt = 1; attempt <= NOTIFY_ATTEMPTS && this.#run.running; attempt++) {
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

  async #resolve (session: Session, username: string, options?: AbortOptions, allowSelf = false): Promise<Uint8Array> {
    if (username === session.username) {
      if (allowSelf) return session.keys.userKey
      throw new InvalidFeedRequestError('you cannot follow yourself')
    }
    const claim = await this.#components.directory.resolveName(username, options)
    if (claim == null) throw new UnknownUserError(`no user "${username}"`)
    return claim.record.userKey
  }

  #isFollowing (session: Session, author: Uint8Array): boolean {
    if (equalBytes(author, session.keys.userKey)) return true
    return this.store.following(session.keys.userKey).some((f) => equalBytes(f.userKey, author))
  }

  #userRef (userKey: Uint8Array, username: string | null): UserRef {
    return { username: username ?? this.store.usernameOf(userKey) ?? userIdFromKey(userKey), userId: userIdFromKey(userKey) }
  }

  #postView (entry: StoredEntry): PostView {
    const view: PostView = {
      id: entry.cid.toString(),
      author: this.store.usernameOf(entry.author) ?? userIdFromKey(entry.author),
      authorId: userIdFromKey(entry.author),
      seq: entry.seq,
      text: entry.text ?? '',
      timestamp: entry.wall
    }
    const me = this.#components.accounts.session?.keys.userKey
    if (me != null && equalBytes(entry.author, me)) view.published = this.#publications.isPublished(me, entry.device, entry.seq)
    return view
  }

  #background (work: Promise<unknown>): void {
    work.catch((err) => {
      // an empty or unreachable feed is retried on the next refresh; it is not worth a log line
      if (this.#run.running && err?.name !== 'FeedUnavailableError') this.#components.logger.warn('feed:', err?.message ?? err)
    })
  }
}

function parseId (id: string): CID {
  try {
    return CID.parse(id)
  } catch {
    throw new InvalidFeedRequestError('before must be a post id')
  }
}
