import type { RemoteLog } from './remote-log.js'
import type { FeedStore } from './store.js'
import { untilAborted } from '../kernel/index.js'
import type { Clock, TimerHandle } from '../kernel/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** First wait before a failed publication is tried again, in ms; doubled per failure. */
export const PUBLISH_RETRY_MS = 5_000
/** Longest wait between tries of a failing publication, in ms. */
export const PUBLISH_RETRY_MAX_MS = 300_000
/**
 * Least time between the starts of two publications requested in the background (after a
 * post), in ms: the first post of a while publishes at once, the posts of a burst share one
 * every PUBLISH_COALESCE_MS. Each costs a pointer signature, an IPNS record and pushes to
 * the page holders, on the author's node and theirs.
 */
export const PUBLISH_COALESCE_MS = 500

export interface PublicationQueueInit {
  remoteLog: Pick<RemoteLog, 'publish' | 'lastPublish'>
  store: Pick<FeedStore, 'heads'>
  clock: Pick<Clock, 'now' | 'after'>
  /** first retry delay after a failed publication, in ms (default PUBLISH_RETRY_MS, 5 s) */
  retryMs?: number
  /** longest retry delay, in ms (default PUBLISH_RETRY_MAX_MS, 5 min) */
  retryMaxMs?: number
  /** least time from the start of one publication to that of a `request`ed next one, which gathers the entries appended meanwhile, in ms (default PUBLISH_COALESCE_MS, 500 ms; 0: no wait) */
  coalesceMs?: number
}

/** Where the remote-log publication of one own feed stands (GET /api/feed/settings). */
export interface PublicationState {
  /**
   * how many entries of the own feed (all device chains together: the pointer's sequence
   * number) a finished publication named (0: none in this process)
   */
  publishedSeq: number
  /** the message of the last failed try, null after a success */
  lastError: string | null
  /** when the next try starts (ms since the epoch) while one is pending after a failure, else null */
  retryAt: number | null
}

interface AuthorState extends PublicationState {
  /** per device chain, the newest seq a finished publication named */
  publishedHeads: Map<string, number>
  failures: number
  retry?: TimerHandle
  /** a copy of the signing key for retries (logout wipes the session's copy); empty after forget */
  secret: Uint8Array
}

/**
 * Runs the remote-log publications of this node's own feeds one at a time, off the path of
 * the request that appended the entry. A post requests one, which starts at once unless
 * one started less than `coalesceMs` ago: then it starts `coalesceMs` after that one, and
 * the posts until then share it. Calls made while one runs share the next one (it starts
 * afterwards and covers every entry appended by then). So a burst of posts costs a
 * publication every `coalesceMs` or so, not one each, and a lone post publishes at once. A failed publication (no peer took the pointer, or a
 * page reached no peer) is tried again after PUBLISH_RETRY_MS, doubling up to
 * PUBLISH_RETRY_MAX_MS, until one succeeds; `state` shows where it stands.
 */
export class PublicationQueue {
  readonly #init: PublicationQueueInit
  #running: Promise<unknown> = Promise.resolve()
  /** per author (hex): the publication queued behind the running one, until it starts */
  readonly #next = new Map<string, Promise<void>>()
  /** per author (hex): a requested publication waiting out `coalesceMs` before it is queued */
  readonly #requested = new Map<string, TimerHandle & { start: () => void }>()
  /** per author (hex): when the last publication started (clock ms) */
  readonly #lastStart = new Map<string, number>()
  readonly #states = new Map<string, AuthorState>()
  /** aborted on stop: ends publications still running */
  #lifetime = new AbortController()

  constructor (init: PublicationQueueInit) {
    this.#init = init
  }

  start (): void {
    this.#lifetime = new AbortController()
  }

  /** Ends the running publication, cancels pending retries and waits. */
  async stop (): Promise<void> {
    this.#lifetime.abort()
    for (const timer of this.#requested.values()) timer.cancel() // the next start publishes again
    this.#requested.clear()
    this.forget()
    await this.#running.catch(() => {})
  }

  /**
   * On logout: starts the requested publications at once (each runs with its own key copy,
   * as a running one does), cancels pending retries and wipes the key copies kept for them
   * (the next login publishes again).
   */
  forget (): void {
    for (const [key, timer] of [...this.#requested]) {
      timer.cancel()
      this.#requested.delete(key)
      timer.start()
    }
    for (const state of this.#states.values()) {
      state.retry?.cancel()
      state.retry = undefined
      state.retryAt = null
      state.secret = new Uint8Array(0) // a running publication keeps its own copy
    }
  }

  /** Whether a finished publication named entry `seq` of `author`'s chain `device`. */
  isPublished (author: Uint8Array, device: string, seq: number): boolean {
    return seq <= (this.#states.get(hex(author))?.publishedHeads.get(device) ?? 0)
  }

  /** Where the publication of `author`'s feed stands. */
  state (author: Uint8Array): PublicationState {
    const state = this.#states.get(hex(author))
    return { publishedSeq: state?.publishedSeq ?? 0, lastError: state?.lastError ?? null, retryAt: state?.retryAt ?? null }
  }

  /**
   * Makes the remote log of `author` name every entry appended so far. Resolves when the
   * publication that covers them settled; rejects with its error (a retry is then
   * scheduled), or with the signal's reason once `options.signal` aborts (the publication
   * then goes on in the background). Callers that do not wait use `request`.
   */
  async publish (author: Uint8Array, signingSecret: Uint8Array, options?: AbortOptions): Promise<void> {
    const key = hex(author)
    this.#requested.get(key)?.cancel() // this one covers what it waited for
    this.#requested.delete(key)
    const secret = signingSecret.slice() // logout wipes the session's copy
    const state: AuthorState = this.#states.get(key) ?? { publishedSeq: 0, publishedHeads: new Map(), lastError: null, retryAt: null, failures: 0, secret }
    state.secret = secret
    this.#states.set(key, state)
    let next = this.#next.get(key)
    if (next == null) {
      const signal = this.#lifetime.signal
      next = this.#running.catch(() => {}).then(async () => {
        this.#next.delete(key) // entries appended from now on need another publication
        this.#lastStart.set(key, this.#init.clock.now())
        if (signal.aborted) throw new Error('the feed service stopped')
        const heads = this.#init.store.heads(author)
        try {
          await this.#init.remoteLog.publish(author, state.secret.length > 0 ? state.secret : secret, { signal })
          const report = this.#init.remoteLog.lastPublish
          if (report?.pageHolders.includes(0) === true) throw new Error('a page reached no peer')
          if (report?.headsHolders === 0) throw new Error('the heads block reached no peer')
        } catch (err: any) {
          this.#failed(author, state, err)
          throw err
        }
        for (const head of heads) state.publishedHeads.set(head.device, Math.max(state.publishedHeads.get(head.device) ?? 0, Number(head.seq)))
        state.publishedSeq = [...state.publishedHeads.values()].reduce((a, b) => a + b, 0)
        state.lastError = null
        state.failures = 0
        state.retry?.cancel() // a caller's publication covered what the retry was for
        state.retry = undefined
        state.retryAt = null
      })
      this.#next.set(key, next)
      this.#running = next
    }
    await untilAborted(next, options?.signal)
  }

  /**
   * Resolves once a publication named every entry of `author` appended before the call:
   * the running or queued one if it does, else one more (rejecting if that fails).
   */
  async settled (author: Uint8Array, signingSecret: Uint8Array, options?: AbortOptions): Promise<void> {
    const target = this.#init.store.heads(author)
    await untilAborted(this.#running.catch(() => {}), options?.signal)
    if (target.every((head) => this.isPublished(author, head.device, Number(head.seq)))) return
    await this.publish(author, signingSecret, options)
  }

  /**
   * Makes a publication of `author`'s feed follow without waiting for it: the queued one,
   * which has not started and will cover every entry appended so far, else one that starts
   * now or, when one started less than `coalesceMs` ago, `coalesceMs` after that one.
   * Failures are retried.
   */
  request (author: Uint8Array, signingSecret: Uint8Array): void {
    const key = hex(author)
    if (this.#next.has(key) || this.#requested.has(key)) return
    const delay = (this.#lastStart.get(key) ?? -Infinity) + (this.#init.coalesceMs ?? PUBLISH_COALESCE_MS) - this.#init.clock.now()
    if (!(delay > 0)) { this.#start(author, signingSecret); return }
    const secret = signingSecret.slice() // logout wipes the session's copy
    const start = (): void => { if (!this.#lifetime.signal.aborted) this.#start(author, secret) }
    const timer = this.#init.clock.after(delay, () => {
      this.#requested.delete(key)
      start()
    })
    this.#requested.set(key, { cancel: () => { timer.cancel() }, start })
  }

  #start (author: Uint8Array, signingSecret: Uint8Array): void {
    this.publish(author, signingSecret).catch(() => {}) // #failed recorded it and scheduled the retry
  }

  #failed (author: Uint8Array, state: AuthorState, err: any): void {
    state.lastError = String(err?.message ?? err)
    state.failures++
    // no retry after stop or logout (forget), nor a second one
    if (this.#lifetime.signal.aborted || state.retry != null || state.secret.length === 0) return
    const base = this.#init.retryMs ?? PUBLISH_RETRY_MS
    const delay = Math.min(this.#init.retryMaxMs ?? PUBLISH_RETRY_MAX_MS, base * 2 ** Math.min(state.failures - 1, 20))
    state.retryAt = this.#init.clock.now() + delay
    state.retry = this.#init.clock.after(delay, () => {
      state.retry = undefined
      state.retryAt = null
      if (!this.#lifetime.signal.aborted) this.#start(author, state.secret)
    })
  }
}

function hex (author: Uint8Array): string {
  return Buffer.from(author).toString('hex')
}
