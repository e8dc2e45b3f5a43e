import type { AbortOptions } from '@libp2p/interface'

/** A signal that aborts after `ms`, or earlier when the caller's `options.signal` does. */
export function timeoutSignal (ms: number, options?: AbortOptions): AbortSignal {
  const timeout = AbortSignal.timeout(ms)
  return options?.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
}
