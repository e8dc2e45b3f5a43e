/**
 * Time, injected: services read the time and set timers through a `Clock`, never through
 * `Date.now()` or the global timers, so the same code runs on the real clock in a node and
 * on virtual time in the simulator (test/sim), where a seed fixes every instant.
 */
import { EventQueue } from './event-queue.js'

/** A pending timer; `cancel` is harmless after it fired or was cancelled. */
export interface TimerHandle {
  cancel: () => void
}

export interface Clock {
  /** milliseconds since the Unix epoch */
  now: () => number
  /** runs `fn` once after `ms`; on the real clock the timer never keeps the process alive */
  after: (ms: number, fn: () => void) => TimerHandle
  /** runs `fn` every `ms` until cancelled */
  every: (ms: number, fn: () => void) => TimerHandle
  /** runs `fn` at the end of the current turn (after what is queued now; `setImmediate` on the real clock) */
  soon: (fn: () => void) => void
}

/** The machine's clock and Node's timers (unref'd). */
export const systemClock: Clock = {
  now: () => Date.now(),
  after (ms, fn) {
    const timer = setTimeout(fn, ms)
    timer.unref()
    return { cancel: () => { clearTimeout(timer) } }
  },
  every (ms, fn) {
    const timer = setInterval(fn, ms)
    timer.unref()
    return { cancel: () => { clearInterval(timer) } }
  },
  soon (fn) {
    setImmediate(fn)
  }
}

interface VirtualTimer {
  fn: () => void
  every?: number
  cancelled: boolean
}

/**
 * Virtual time for simulations: nothing happens until the simulator advances it, and timers
 * due at the same instant run in the order they were set. `soon` callbacks run before any
 * timer that is due later, in the order they were queued.
 */
export class VirtualClock implements Clock {
  #now: number
  readonly #timers = new EventQueue<VirtualTimer>()
  #soon: Array<() => void> = []

  constructor (start = 0) {
    this.#now = start
  }

  now (): number {
    return this.#now
  }

  after (ms: number, fn: () => void): TimerHandle {
    return this.#add(this.#now + Math.max(0, ms), { fn, cancelled: false })
  }

  every (ms: number, fn: () => void): TimerHandle {
    if (!(ms > 0)) throw new RangeError('a repeating timer needs a positive interval')
    return this.#add(this.#now + ms, { fn, every: ms, cancelled: false })
  }

  soon (fn: () => void): void {
    this.#soon.push(fn)
  }

  /** when the next timer is due (Infinity when none is set) */
  get nextAt (): number {
    this.#dropCancelled()
    return this.#timers.peek()?.at ?? Infinity
  }

  /** Runs the `soon` callbacks queued so far, and those they queue, until none is left. */
  runSoon (): void {
    while (this.#soon.length > 0) {
      const batch = this.#soon
      this.#soon = []
      for (const fn of batch) fn()
    }
  }

  /**
   * Runs the `soon` work, then the next timer if it is due by `until` (time moves to it) and
   * the `soon` work it queues; false when no timer was due. A simulator that must let
   * promises settle between timers steps with this instead of `advanceTo`.
   */
  runNext (until = Infinity): boolean {
    this.runSoon()
    this.#dropCancelled()
    const next = this.#timers.peek()
    if (next == null || next.at > until) return false
    this.#timers.pop()
    const timer = next.item
    this.#now = Math.max(this.#now, next.at)
    if (timer.every != null) this.#timers.push(next.at + timer.every, timer)
    timer.fn()
    this.runSoon()
    return true
  }

  /** Moves time to `until`, running every timer due by then (and the `soon` work each one queues) in order. */
  advanceTo (until: number): void {
    while (this.runNext(until));
    this.#now = Math.max(this.#now, until)
  }

  /** Moves time forward by `ms` (see advanceTo). */
  advance (ms: number): void {
    this.advanceTo(this.#now + ms)
  }

  #add (at: number, timer: VirtualTimer): TimerHandle {
    this.#timers.push(at, timer)
    return { cancel: () => { timer.cancelled = true } }
  }

  #dropCancelled (): void {
    while (this.#timers.peek()?.item.cancelled === true) this.#timers.pop()
  }
}
