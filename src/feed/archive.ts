import { nameKey, userIdFromKey } from '../identity/index.js'
import { UnknownUserError, timeoutSignal } from '../kernel/index.js'
import type { TimerHandle } from '../kernel/index.js'
import { ARCHIVE_RETRY_MS, ARCHIVE_SYNC_INTERVAL_MS } from './constants.js'
import { pointerKey, verifyPointer } from './pointer.js'
import type { FeedComponents } from './components.js'
import type { FeedStore } from './store.js'

export interface FeedArchiveInit {
  /** usernames whose feeds this node keeps (default: none) */
  usernames?: string[]
  /** how often each kept feed is synced besides live gossip, in ms (default ARCHIVE_SYNC_INTERVAL_MS, 5 min) */
  intervalMs?: number
  /** how soon a feed that could not be resolved or synced is tried again, in ms (default ARCHIVE_RETRY_MS, 10 s) */
  retryMs?: number
}

/** One kept feed, as GET /api/archive shows it. */
export interface ArchivedFeed {
  username: string
  /** the user's id, once the name resolved */
  userId: string | null
  /** entries of the feed this node holds (posts, follows, unfollows) */
  entries: number
  /** the seq of the head pointer held and republished: below `entries` until the author's pointer of entries that came by gossip is fetched */
  pointerSeq: number
  /** when the last sync succeeded (ms since the epoch), or null */
  lastSyncAt: number | null
  /** why the last attempt failed, or null */
  lastError: string | null
}

/** What the archive needs of the feed service. */
export interface ArchiveFeeds {
  store: FeedStore
  watch: (author: Uint8Array) => Promise<void>
  syncAuthor: (author: Uint8Array) => Promise<void>
}

interface Kept {
  username: string
  author?: Uint8Array
  claim?: Uint8Array
  lastSyncAt: number | null
  lastTryAt: number
  lastError: string | null
  /** the seq of the head pointer held */
  pointerSeq: bigint
  running?: Promise<void>
}

const RESOLVE_TIMEOUT_MS = 30_000

/**
 * The feeds a public node is told to keep (`--archive USER`): without a logged-in user it
 * resolves each user, watches the author's gossip topic (and provides it, so readers find
 * this node as a holder), syncs the remote log on start and every `intervalMs`, pins every
 * entry and block (never expired), and puts the user's name claim and the feed's head
 * pointer back into the DHT, so the feed stays resolvable and readable while the author
 * and every follower are offline. Blocks and logs are served by the feed's protocols like
 * any other holder's.
 */
export class FeedArchive {
  readonly #kept: Kept[]
  readonly #feeds: ArchiveFeeds
  readonly #components: Pick<FeedComponents, 'directory' | 'records' | 'clock' | 'logger'>
  readonly #intervalMs: number
  readonly #retryMs: number
  #timer?: TimerHandle

  constructor (feeds: ArchiveFeeds, components: Pick<FeedComponents, 'directory' | 'records' | 'clock' | 'logger'>, init: FeedArchiveInit = {}) {
    this.#feeds = feeds
    this.#components = components
    this.#kept = [...new Set(init.usernames ?? [])].map((username) => ({ username, lastSyncAt: null, lastTryAt: -Infinity, lastError: null, pointerSeq: 0n }))
    this.#intervalMs = init.intervalMs ?? ARCHIVE_SYNC_INTERVAL_MS
    this.#retryMs = init.retryMs ?? ARCHIVE_RETRY_MS
  }

  start (): void {
    if (this.#kept.length === 0 || this.#timer != null) return
    // the first round waits one tick: the node has not reached its bootstrap peers yet
    this.#timer = this.#components.clock.every(Math.min(this.#retryMs, this.#intervalMs), () => { void this.keepAll(false) })
  }

  stop (): void {
    this.#timer?.cancel()
    this.#timer = undefined
  }

  /** The authors kept: their entries are left out of garbage collection. */
  authors (): Uint8Array[] {
    return this.#kept.flatMap((k) => k.author != null ? [k.author] : [])
  }

  status (): ArchivedFeed[] {
    return this.#kept.map((k) => ({
      username: k.username,
      userId: k.author != null ? userIdFromKey(k.author) : null,
      entries: k.author != null ? Number(this.#feeds.store.totalSeq(k.author)) : 0,
      pointerSeq: Number(k.pointerSeq),
      lastSyncAt: k.lastSyncAt,
      lastError: k.lastError
    }))
  }

  /** Syncs every kept feed that is due (all of them with `force`); resolves when done. */
  async keepAll (force = true): Promise<void> {
    const now = this.#components.clock.now()
    await Promise.all(this.#kept.map(async (k) => {
      const due = k.lastSyncAt == null || k.lastError != null || this.#behind(k)
        ? now - k.lastTryAt >= this.#retryMs
        : now - k.lastSyncAt >= this.#intervalMs
      if (!force && !due) return
      k.running ??= this.#keep(k).finally(() => { k.running = undefined })
      await k.running
    }))
  }

  /**
   * Whether entries came (by gossip) past the head pointer held. The author puts a new
   * pointer only at the peers that took the last one (PLACEMENT_TTL_MS), so the archive
   * fetches it every retryMs until it has it, to serve and republish the whole feed.
   */
  #behind (k: Kept): boolean {
    return k.author != null && this.#feeds.store.totalSeq(k.author) > k.pointerSeq
  }

  async #keep (k: Kept): Promise<void> {
    const { directory, records, clock } = this.#components
    k.lastTryAt = clock.now()
    try {
      if (k.author == null) {
        const claim = await directory.resolveName(k.username, { signal: timeoutSignal(RESOLVE_TIMEOUT_MS) })
        if (claim == null) throw new UnknownUserError(`no user "${k.username}"`)
        k.author = claim.record.userKey
        k.claim = claim.bytes
        this.#feeds.store.rememberAuthor(k.author, k.username)
        await this.#feeds.watch(k.author)
      }
      await this.#feeds.syncAuthor(k.author)
      this.#feeds.store.setPinned(k.author, true)
      // the name and the head pointer live at the peers closest to their keys, who may all
      // be gone: this node holds and republishes them (both are signed by the user)
      const pointer = this.#feeds.store.pointer(k.author)
      await Promise.allSettled([
        k.claim != null ? records.put(nameKey(k.username), k.claim) : undefined,
        pointer != null ? records.put(pointerKey(k.author), pointer) : undefined
      ])
      if (pointer != null) k.pointerSeq = (await verifyPointer(k.author, pointer)).seq
      k.lastSyncAt = clock.now()
      k.lastError = null
    } catch (err: any) {
      k.lastError = err?.message ?? String(err)
      // a round cut short by the node stopping is not worth a log line
      if (this.#timer != null) this.#components.logger.warn(`feed archive: ${k.username}:`, k.lastError)
    }
  }
}
