/**
 * Hybrid logical clock (Kulkarni et al. 2014): a timestamp is the wall-clock millisecond
 * it was taken at, or later, plus a counter that orders events within one millisecond.
 * Sending stamps an event with `now()`; receiving a timestamp feeds it to `receive()`,
 * so anything stamped afterwards sorts after it however far the local clock lags.
 * Standalone: no imports, the wall clock is injected.
 */

export interface HlcTimestamp {
  /** milliseconds since the Unix epoch, never behind any timestamp seen before */
  wall: number
  /** orders timestamps that share `wall`, 0-65535 */
  counter: number
}

/** The counter wraps into the next millisecond past this (16 bits on the wire). */
export const HLC_MAX_COUNTER = 0xffff

export class HybridLogicalClock {
  readonly #wallClock: () => number
  #last: HlcTimestamp = { wall: 0, counter: 0 }

  /** `wallClock` defaults to Date.now. */
  constructor (wallClock: () => number = Date.now) {
    this.#wallClock = wallClock
  }

  /** A timestamp for a local event, after every timestamp issued or received before. */
  now (): HlcTimestamp {
    const physical = this.#wallClock()
    if (physical > this.#last.wall) this.#last = { wall: physical, counter: 0 }
    else this.#last = bump(this.#last)
    return this.#last
  }

  /** Takes in a remote timestamp, so later local events sort after it. */
  receive (remote: HlcTimestamp): void {
    if (compareHlc(remote, this.#last) > 0) this.#last = remote
  }

  /** The latest timestamp issued or received. */
  get last (): HlcTimestamp {
    return this.#last
  }
}

function bump (ts: HlcTimestamp): HlcTimestamp {
  return ts.counter >= HLC_MAX_COUNTER ? { wall: ts.wall + 1, counter: 0 } : { wall: ts.wall, counter: ts.counter + 1 }
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareHlc (a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wall !== b.wall ? a.wall - b.wall : a.counter - b.counter
}

/** The 64-bit wire form: wall << 16 | counter. */
export function encodeHlc (ts: HlcTimestamp): bigint {
  return (BigInt(ts.wall) << 16n) | BigInt(ts.counter)
}

export function decodeHlc (value: bigint): HlcTimestamp {
  return { wall: Number(value >> 16n), counter: Number(value & 0xffffn) }
}
