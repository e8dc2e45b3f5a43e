import type { RemoteLog } from './remote-log.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Runs the remote-log publications of this node's own feeds one at a time. Calls made
 * while one runs share the next one (it starts afterwards and covers every entry appended
 * by then), so a burst of posts costs two publications instead of one each.
 */
export class PublicationQueue {
  readonly #remoteLog: RemoteLog
  #running: Promise<unknown> = Promise.resolve()
  /** per author (hex): the publication queued behind the running one, until it starts */
  readonly #next = new Map<string, Promise<unknown>>()
  /** aborted on stop: ends publications still running */
  #lifetime = new AbortController()

  constructor (remoteLog: RemoteLog) {
    this.#remoteLog = remoteLog
  }

  start (): void {
    this.#lifetime = new AbortController()
  }

  /** Ends the running publication and waits for it. */
  async stop (): Promise<void> {
    this.#lifetime.abort()
    await this.#running.catch(() => {})
  }

  /**
   * Makes the remote log of `author` name every entry appended so far. Resolves when the
   * publication that covers them settled; rejects with its error, or with the signal's
   * reason once `options.signal` aborts (the publication then goes on in the background).
   */
  async publish (author: Uint8Array, signingSecret: Uint8Array, options?: AbortOptions): Promise<void> {
    const key = Buffer.from(author).toString('hex')
    let next = this.#next.get(key)
    if (next == null) {
      const secret = signingSecret.slice() // logout wipes the session's copy
      const signal = this.#lifetime.signal
      next = this.#running.catch(() => {}).then(async () => {
        this.#next.delete(key) // entries appended from now on need another publication
        return this.#remoteLog.publish(author, secret, { signal })
      })
      this.#next.set(key, next)
      this.#running = next
    }
    await untilAborted(next, options?.signal)
  }
}

/** `work`, or a rejection with the signal's reason once it aborts (the work goes on). */
async function untilAborted<T> (work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal == null) return work
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}
