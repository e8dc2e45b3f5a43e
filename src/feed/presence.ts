import { DEFAULT_FEED_MODE } from './constants.js'
import { provide, topicKey } from './routing.js'
import type { FeedComponents } from './components.js'
import type { FollowerCounts } from './counts.js'
import type { FeedGossip } from './gossip.js'
import type { OwnFeed } from './own-feed.js'
import type { FeedReplication } from './replication.js'
import type { FeedStore } from './store.js'
import type { Session } from '../identity/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** How often the head pointer is republished while nothing is posted. */
const POINTER_REPUBLISH_MS = 3600_000

export interface FeedPresenceInit {
  store: FeedStore
  gossip: FeedGossip
  counts: FollowerCounts
  own: OwnFeed
  replication: FeedReplication
}

/**
 * Being online with the feeds this node follows or watches: their gossip topics and
 * meshes, the provider records followers are found by, the catch-up at login and on every
 * refresh, and the own feed's republication.
 */
export class FeedPresence {
  readonly #components: FeedComponents
  readonly #init: FeedPresenceInit
  /** authors whose feeds this node watches (hex of the key → key), with or without a session */
  readonly #watched = new Map<string, Uint8Array>()
  #lastRepublish = 0

  constructor (components: FeedComponents, init: FeedPresenceInit) {
    this.#components = components
    this.#init = init
  }

  #now (): number {
    return this.#components.clock.now()
  }

  /** Joins `author`'s topic and its mesh and provides the topic key, with or without a session (FeedService.watch). */
  async watch (author: Uint8Array, options?: AbortOptions): Promise<void> {
    this.#watched.set(Buffer.from(author).toString('hex'), author)
    this.#init.gossip.join(author)
    // best effort, as in follow: gossipsub also meshes over connections the node already has
    await provide(this.#components.dht, topicKey(author), options).catch(() => {})
    await this.#init.gossip.joinMesh(author).catch(() => 0)
  }

  /**
   * Periodic upkeep. While logged in: re-announce, rejoin meshes, look for new followers,
   * catch up. With or without a session: a watched feed whose mesh thinned out (the
   * watcher lost its connections, its topic peers left) is joined again.
   */
  async refresh (): Promise<void> {
    const session = this.#components.accounts.session
    await Promise.all([
      session != null ? this.goOnline(session, false) : undefined,
      ...[...this.#watched.values()].map(async (author) => {
        this.#init.gossip.join(author)
        await this.#init.gossip.ensureMesh(author, false).catch(() => {})
      })
    ])
  }

  /** Fetches the logs of users who provide our topic (followers), for follows made while we were away. */
  async collectFollowers (options?: AbortOptions): Promise<void> {
    const session = this.#components.accounts.session
    if (session == null) return
    await this.#init.replication.collectFollowersOf(session.keys.userKey, 200, options)
  }

  /**
   * Login (`full`): announce, join every mesh, look for followers, republish, catch up.
   * Refresh: look for new followers and catch up; rejoin only thin meshes; republish the
   * pointer hourly. Provider records are republished by kad-dht itself.
   */
  async goOnline (session: Session, full = true): Promise<void> {
    const { store, gossip, counts, own, replication } = this.#init
    const me = session.keys.userKey
    store.rememberAuthor(me, session.username)
    if (store.mode(me) == null) store.setMode(me, DEFAULT_FEED_MODE)
    gossip.join(me)
    const followed = store.following(me)
    for (const f of followed) gossip.join(f.userKey)
    const republish = full || this.#now() - this.#lastRepublish > POINTER_REPUBLISH_MS
    if (republish) this.#lastRepublish = this.#now()
    // the follower summary: put again with the pointer (DHT records expire), else when it changed
    counts.request(session.keys, republish)
    await Promise.allSettled([
      full ? gossip.joinMesh(me) : gossip.ensureMesh(me, false),
      // the account's other devices wrote chains this one may not hold yet
      full ? replication.syncAuthor(me) : undefined,
      this.collectFollowers(),
      republish ? own.publish(session) : undefined,
      ...followed.map(async (f) => {
        if (full) await provide(this.#components.dht, topicKey(f.userKey)).catch(() => {})
        await (full ? gossip.joinMesh(f.userKey) : gossip.ensureMesh(f.userKey, false))
        await replication.syncAuthor(f.userKey)
      })
    ])
  }
}
