import type { AbortOptions } from '@libp2p/interface'

/** A signal that aborts after `ms`, or earlier when the caller's `options.signal` does. */
export function timeoutSignal (ms: number, options?: AbortOptions): AbortSignal {
  const timeout = AbortSignal.timeout(ms)
  return options?.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
}

/** `work`, or a rejection with the signal's reason once it aborts (the work goes on). */
export async function untilAborted<T> (work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal == null) return work
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}
