import { toString } from 'uint8arrays'
import { COUNTS_TIMEOUT_MS, SUMMARY_DEBOUNCE_MS } from './constants.js'
import { followerSummaryKey, signFollowerSummary, verifyFollowerSummary } from './follower-summary.js'
import type { VerifiedFollowerSummary } from './follower-summary.js'
import type { FeedStore } from './store.js'
import type { RecordStore } from '../net/index.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import { timeoutSignal, untilAborted } from '../kernel/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** A user's follower and following counts, as this node could establish them. */
export interface UserCounts {
  followers: number
  following: number
  /**
   * true when a source could not be read: the user's remote log (following), or its
   * follower summary (followers then come from the follows this node holds), or the
   * summary lists fewer follows than the user's node holds
   */
  countsPartial: boolean
  /** ms: when the user's node signed the follower summary counted (this node's clock for its own user or a fallback) */
  countsAsOf: number
}

export interface FollowerCountsInit {
  store: FeedStore
  records: Pick<RecordStore, 'put' | 'get'>
  clock: Clock
  logger: Logger
  /** brings a user's log up to date from its remote log (rejects when it cannot) */
  syncAuthor: (author: Uint8Array) => Promise<void>
  /** fetches and stores the logs of nodes that provide a user's topic key (its followers), when no summary is found */
  collectFollowers: (target: Uint8Array, options: AbortOptions) => Promise<void>
  /** how long a count waits for the remote log and the summary, in ms (default COUNTS_TIMEOUT_MS, 10 s) */
  timeoutMs?: number
}

interface Publisher {
  userKey: Uint8Array
  signingSecret: Uint8Array
}

/**
 * Counts that agree across nodes. Following comes from the user's own log, synced from
 * its remote log. Followers come from the follower summary the user's node signs and
 * puts in the DHT, merged with the follow entries this node holds (the newer entry of
 * each follower wins), so every node that reads the same summary answers the same.
 */
export class FollowerCounts {
  readonly #init: FollowerCountsInit
  /** the follows of the last summary put (author:seq, sorted), to skip unchanged ones */
  #published = ''
  #lastSignedAt = 0
  #timer?: TimerHandle
  #running?: Promise<void>
  #again = false

  constructor (init: FollowerCountsInit) {
    this.#init = init
  }

  /** The own user's counts: its node holds the log and the follows naming it. */
  own (userKey: Uint8Array): UserCounts {
    const { store } = this.#init
    return { followers: store.followers(userKey).length, following: store.following(userKey).length, countsPartial: false, countsAsOf: this.#init.clock.now() }
  }

  /** Another user's counts: its remote log and its follower summary, read from the network. */
  async of (userKey: Uint8Array, options?: AbortOptions): Promise<UserCounts> {
    const signal = timeoutSignal(this.#init.timeoutMs ?? COUNTS_TIMEOUT_MS, options)
    const [synced, summary] = await Promise.all([
      untilAborted(this.#init.syncAuthor(userKey), signal).then(() => true, () => false),
      this.#summary(userKey, signal)
    ])
    // no summary (the user's node never put one, or it is out of reach): the followers
    // that provide the user's topic, each counted from its own signed log
    if (summary == null) await this.#init.collectFollowers(userKey, { signal }).catch(() => {})
    const { store } = this.#init
    // the newest follow/unfollow of each follower, from the summary and the entries held here
    const latest = new Map<string, { seq: number, follows: boolean }>()
    for (const entry of summary?.follows ?? []) latest.set(toString(entry.entry.author, 'base16'), { seq: Number(entry.entry.seq), follows: true })
    for (const edge of store.followEdges(userKey)) {
      const id = toString(edge.author, 'base16')
      const known = latest.get(id)
      if (known == null || edge.seq > known.seq) latest.set(id, { seq: edge.seq, follows: edge.kind === 'follow' })
    }
    return {
      followers: [...latest.values()].filter((f) => f.follows).length,
      following: store.following(userKey).length,
      countsPartial: !synced || summary == null || summary.total > summary.follows.length,
      countsAsOf: summary?.signedAt ?? this.#init.clock.now()
    }
  }

  async #summary (userKey: Uint8Array, signal: AbortSignal): Promise<VerifiedFollowerSummary | undefined> {
    const key = followerSummaryKey(userKey)
    try {
      const bytes = await this.#init.records.get(key, { signal })
      return bytes == null ? undefined : verifyFollowerSummary(key, bytes, this.#init.clock.now())
    } catch {
      return undefined // unreachable or invalid: the count says it is partial
    }
  }

  /**
   * Signs and puts a new summary of `publisher`'s followers soon (changes within
   * SUMMARY_DEBOUNCE_MS go in one), unless it would list what the last one listed and
   * `force` is not set.
   */
  request (publisher: Publisher, force = false): void {
    if (force) this.#published = ''
    this.#timer?.cancel()
    this.#timer = this.#init.clock.after(SUMMARY_DEBOUNCE_MS, () => {
      this.#timer = undefined
      void this.#publish(publisher)
    })
  }

  /** Resolves once no summary is waiting to be put or being put. */
  async settled (options?: AbortOptions): Promise<void> {
    const signal = timeoutSignal(COUNTS_TIMEOUT_MS * 3, options)
    while (this.#timer != null || this.#running != null) {
      signal.throwIfAborted()
      await (this.#running ?? new Promise((resolve) => setTimeout(resolve, SUMMARY_DEBOUNCE_MS)))
    }
  }

  /** Forgets what was published (a logout): the next user starts afresh. */
  forget (): void {
    this.#timer?.cancel()
    this.#timer = undefined
    this.#published = ''
  }

  async #publish (publisher: Publisher): Promise<void> {
    if (this.#running != null) { this.#again = true; return }
    this.#running = this.#put(publisher)
      .catch((err) => {
        this.#published = '' // tried again on the next change or refresh
        this.#init.logger.warn('feed: follower summary put failed', err.message)
      })
      .finally(() => {
        this.#running = undefined
        if (this.#again) { this.#again = false; void this.#publish(publisher) }
      })
    await this.#running
  }

  async #put ({ userKey, signingSecret }: Publisher): Promise<void> {
    const { store } = this.#init
    const follows = store.followerEntries(userKey)
    const digest = follows.map((e) => `${toString(e.author, 'base16')}:${e.seq}`).sort().join(',')
    if (digest === this.#published) return
    const signedAt = Math.max(this.#init.clock.now(), this.#lastSignedAt + 1)
    this.#lastSignedAt = signedAt
    const summary = signFollowerSummary(userKey, signingSecret, follows.map((e) => e.bytes), signedAt)
    const took = await this.#init.records.put(followerSummaryKey(userKey), summary, { signal: timeoutSignal(COUNTS_TIMEOUT_MS * 3) })
    if (took === 0) throw new Error('no peer took the follower summary')
    this.#published = digest
  }
}
