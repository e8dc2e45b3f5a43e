import type { RemoteLog } from './remote-log.js'
import type { FeedStore } from './store.js'
import { untilAborted } from '../kernel/index.js'
import type { Clock, TimerHandle } from '../kernel/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** First wait before a failed publication is tried again, in ms; doubled per failure. */
export const PUBLISH_RETRY_MS = 5_000
/** Longest wait between tries of a failing publication, in ms. */
export const PUBLISH_RETRY_MAX_MS = 300_000

export interface PublicationQueueInit {
  remoteLog: Pick<RemoteLog, 'publish' | 'lastPublish'>
  store: Pick<FeedStore, 'heads'>
  clock: Pick<Clock, 'now' | 'after'>
  /** first retry delay after a failed publication, in ms (default PUBLISH_RETRY_MS, 5 s) */
  retryMs?: number
  /** longest retry delay, in ms (default PUBLISH_RETRY_MAX_MS, 5 min) */
  retryMaxMs?: number
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
 * the request that appended the entry. Calls made while one runs share the next one (it
 * starts afterwards and covers every entry appended by then), so a burst of posts costs two
 * publications instead of one each. A failed publication (no peer took the pointer, or a
 * page reached no peer) is tried again after PUBLISH_RETRY_MS, doubling up to
 * PUBLISH_RETRY_MAX_MS, until one succeeds; `state` shows where it stands.
 */
export class PublicationQueue {
  readonly #init: PublicationQueueInit
  #running: Promise<unknown> = Promise.resolve()
  /** per author (hex): the publication queued behind the running one, until it starts */
  readonly #next = new Map<string, Promise<void>>()
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
    this.forget()
    await this.#running.catch(() => {})
  }

  /** On logout: cancels pending retries and wipes the key copies kept for them (the next login publishes again). */
  forget (): void {
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
    const secret = signingSecret.slice() // logout wipes the session's copy
    const state: AuthorState = this.#states.get(key) ?? { publishedSeq: 0, publishedHeads: new Map(), lastError: null, retryAt: null, failures: 0, secret }
    state.secret = secret
    this.#states.set(key, state)
    let next = this.#next.get(key)
    if (next == null) {
      const signal = this.#lifetime.signal
      next = this.#running.catch(() => {}).then(async () => {
        this.#next.delete(key) // entries appended from now on need another publication
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

  /** Starts (or joins) a publication of `author`'s feed without waiting for it; failures are retried. */
  request (author: Uint8Array, signingSecret: Uint8Array): void {
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
      if (!this.#lifetime.signal.aborted) this.request(author, state.secret)
    })
  }
}

function hex (author: Uint8Array): string {
  return Buffer.from(author).toString('hex')
}
