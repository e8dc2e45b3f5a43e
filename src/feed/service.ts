import { TypedEventEmitter } from '@libp2p/interface'
import { equals as equalBytes } from 'uint8arrays/equals'
import { toString } from 'uint8arrays/to-string'
import { HybridLogicalClock } from '../clock/index.js'
import { userIdFromKey } from '../identity/index.js'
import { FeedArchive } from './archive.js'
import type { FeedArchiveInit } from './archive.js'
import { BlockProtocol } from './block-protocol.js'
import { COUNTS_FALLBACK_PROVIDERS, DEFAULT_FEED_MODE, DEFAULT_RETENTION_MS } from './constants.js'
import { FollowerCounts } from './counts.js'
import type { UserCounts } from './counts.js'
import { followBody, postBody } from './entry.js'
import { FeedGossip } from './gossip.js'
import { InvalidFeedRequestError } from './errors.js'
import { FeedProtocol } from './feed-protocol.js'
import { OwnFeed } from './own-feed.js'
import { PublicationQueue } from './publication-queue.js'
import type { PublicationState } from './publication-queue.js'
import { RemoteLog } from './remote-log.js'
import { FeedReplication } from './replication.js'
import { FeedPresence } from './presence.js'
import { provide, topicKey } from './routing.js'
import { parseId, postView, userRef } from './views.js'
import type { FeedEvents, NotificationView, PostView, UserRef } from './views.js'
import { EntryKind } from './wire.js'
import type { FeedMode } from './constants.js'
import { FeedStore, storedEntryOf } from './store.js'
import type { StoredEntry } from './store.js'
import type { FeedComponents } from './components.js'
import type { Session } from '../identity/index.js'
import { RunState, UnknownUserError } from '../kernel/index.js'
import type { TimerHandle } from '../kernel/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { StreamLimitsInit } from '../net/index.js'

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

/**
 * Posts, follows, timelines and notifications of the logged-in user. See
 * docs/protocols/feed.md. The user's entries go out through own-feed.ts, others' feeds come
 * in through replication.ts, presence.ts keeps the followed topics and meshes, views.ts
 * shapes what the API shows.
 */
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
  /** others' feeds brought in */
  readonly #replication: FeedReplication
  /** the user's own entries going out */
  readonly #own: OwnFeed
  /** online with the followed and watched feeds */
  readonly #presence: FeedPresence
  readonly #gossip: FeedGossip
  readonly #publications: PublicationQueue
  readonly #counts: FollowerCounts
  #gcTimer?: TimerHandle
  readonly #run = new RunState()
  /** whom the signed-in user follows, as of the store's `followsVersion`, for one sign-in (see #isFollowing) */
  #followed?: { session: Session, version: number, keys: Set<string> }

  constructor (components: FeedComponents, init: FeedServiceInit = {}) {
    super()
    this.#init = init
    this.#components = components
    this.store = new FeedStore(components.database)
    this.#now = () => components.clock.now()
    this.#clock = new HybridLogicalClock(this.#now)
    this.remoteLog = new RemoteLog({ network: components, records: components.records, store: this.store, replication: init.replication, now: this.#now, device: components.peerId.toString() })
    this.#publications = new PublicationQueue({ remoteLog: this.remoteLog, store: this.store, clock: components.clock, retryMs: init.publishRetryMs, coalesceMs: init.publishCoalesceMs })
    this.#gossip = new FeedGossip({ network: components, now: this.#now, logger: components.logger, onEntry: (entry, from) => { this.#replication.onGossip(entry, from) } })
    this.#own = new OwnFeed(components, { store: this.store, clock: this.#clock, gossip: this.#gossip, publications: this.#publications, running: () => this.#run.running })
    this.#replication = new FeedReplication(components, { store: this.store, remoteLog: this.remoteLog, onStored: (author, entries) => { this.#raise(author, entries) }, background: (work) => { this.#background(work) } })
    this.#feedProtocol = new FeedProtocol(components, {
      store: this.store,
      currentUser: () => components.accounts.session?.keys.userKey,
      onNotify: (entry, username, from) => { this.#replication.onNotify(entry, username, from) },
      streams: init.streams
    })
    this.#counts = new FollowerCounts({ store: this.store, records: components.records, clock: components.clock, logger: components.logger, syncAuthor: async (author) => this.syncAuthor(author), collectFollowers: async (target, options) => this.#replication.collectFollowersOf(target, COUNTS_FALLBACK_PROVIDERS, options) })
    this.#blockProtocol = new BlockProtocol(components, this.store, this.#now, init.streams)
    this.#presence = new FeedPresence(components, { store: this.store, gossip: this.#gossip, counts: this.#counts, own: this.#own, replication: this.#replication })
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
    if (this.#components.accounts.session != null) this.#background(this.#presence.goOnline(this.#components.accounts.session))
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
    const entry = this.#own.append(session, EntryKind.POST, postBody(text))
    this.#own.announce(session, entry)
    const view = this.#postView(storedEntryOf(entry))
    this.safeDispatchEvent('post', { detail: view })
    return view
  }

  async follow (username: string, options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    const target = await this.#resolve(session, username, options)
    if (this.#isFollowing(session, target)) return
    const entry = this.#own.append(session, EntryKind.FOLLOW, followBody({ userKey: target, username }))
    this.store.rememberAuthor(target, username)
    this.#gossip.join(target)
    this.#background(this.#own.notifyUser(session, target, entry))
    // the provider record is how the followed user finds this follow if it was offline
    await provide(this.#components.dht, topicKey(target), options).catch((err) => { this.#components.logger.warn('feed: provide failed', err.message) })
    this.#own.announce(session, entry)
    this.#background(this.#gossip.joinMesh(target))
    this.#background(this.syncAuthor(target))
  }

  /**
   * Receives and holds an author's feed live without a follow entry and without a
   * session: what an archive node mirroring feeds does (and the `feed` benchmark's
   * followers). Joins the topic and its mesh and provides the topic key.
   */
  async watch (author: Uint8Array, options?: AbortOptions): Promise<void> {
    await this.#presence.watch(author, options)
  }

  async unfollow (username: string, options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.requireSession()
    const target = await this.#resolve(session, username, options)
    if (!this.#isFollowing(session, target)) return
    const entry = this.#own.append(session, EntryKind.UNFOLLOW, followBody({ userKey: target, username }))
    this.#gossip.leave(target)
    this.#background(this.#own.notifyUser(session, target, entry))
    this.#own.announce(session, entry)
  }

  following (): UserRef[] {
    const session = this.#components.accounts.requireSession()
    return this.store.following(session.keys.userKey).map((f) => userRef(this.store, f.userKey, f.username))
  }

  followers (): UserRef[] {
    const session = this.#components.accounts.requireSession()
    return this.store.followers(session.keys.userKey).map((f) => userRef(this.store, f.userKey, f.username))
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
    if (equalBytes(author, session.keys.userKey)) await this.#own.publish(session, options)
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
    await this.#own.publish(session, options)
  }

  /** Deletes others' cached entries and blocks older than the retention time, unless pinned. */
  collectGarbage (): number {
    return this.store.expire(this.#now() - (this.#init.retentionMs ?? DEFAULT_RETENTION_MS), [...this.store.ownAuthors(), ...this.archive.authors()])
  }

  /** Brings `author`'s cached feed up to date from the network (one sync per author at a time). */
  async syncAuthor (author: Uint8Array, extraHolders: PeerId[] = []): Promise<void> {
    return this.#replication.syncAuthor(author, extraHolders)
  }

  /**
   * Periodic upkeep. While logged in: re-announce, rejoin meshes, look for new followers,
   * catch up. With or without a session: a watched feed whose mesh thinned out (the
   * watcher lost its connections, its topic peers left) is joined again.
   */
  async refresh (): Promise<void> {
    await this.#presence.refresh()
  }

  /** Fetches the logs of users who provide our topic (followers), for follows made while we were away. */
  async collectFollowers (options?: AbortOptions): Promise<void> {
    await this.#presence.collectFollowers(options)
  }

  // --- internals -------------------------------------------------------------------

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
    if (stored.length > 0 && equalBytes(author, me) && stored.some((e) => e.device !== this.#own.device)) {
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

  readonly #onSession = (event: CustomEvent<{ kind: string }>): void => {
    if (event.detail.kind === 'login' && this.#components.accounts.session != null) {
      this.#background(this.#presence.goOnline(this.#components.accounts.session))
    } else {
      this.#gossip.leaveAll()
      this.#publications.forget()
      this.#counts.forget()
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
    const me = session.keys.userKey
    if (equalBytes(author, me)) return true
    // asked for every post that arrives: the follows query (85 µs a post at a follower,
    // `path` bench profile) runs again only once the store says they may have changed, or
    // at a new sign-in (a restore or a link writes its follow entries around the store)
    let followed = this.#followed
    if (followed == null || followed.version !== this.store.followsVersion || followed.session !== session) {
      followed = { session, version: this.store.followsVersion, keys: new Set(this.store.following(me).map((f) => toString(f.userKey, 'base16'))) }
      this.#followed = followed
    }
    return followed.keys.has(toString(author, 'base16'))
  }

  #postView (entry: StoredEntry): PostView {
    const me = this.#components.accounts.session?.keys.userKey
    return postView(this.store, entry, me != null && equalBytes(entry.author, me) ? this.#publications.isPublished(me, entry.device, entry.seq) : undefined)
  }

  #background (work: Promise<unknown>): void {
    work.catch((err) => {
      // an empty or unreachable feed is retried on the next refresh; it is not worth a log line
      if (this.#run.running && err?.name !== 'FeedUnavailableError') this.#components.logger.warn('feed:', err?.message ?? err)
    })
  }
}
