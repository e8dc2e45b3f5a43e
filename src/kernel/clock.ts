/**
 * Time, injected: services read the time and set timers through a `Clock`, never through
 * `Date.now()` or the global timers, so the same code runs on the real clock in a node and
 * on virtual time in the simulator (test/sim), where a seed fixes every instant.
 */

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
  at: number
  order: number
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
  #order = 0
  readonly #timers: VirtualTimer[] = []
  #soon: Array<() => void> = []

  constructor (start = 0) {
    this.#now = start
  }

  now (): number {
    return this.#now
  }

  after (ms: number, fn: () => void): TimerHandle {
    return this.#add({ at: this.#now + Math.max(0, ms), order: this.#order++, fn, cancelled: false })
  }

  every (ms: number, fn: () => void): TimerHandle {
    if (!(ms > 0)) throw new RangeError('a repeating timer needs a positive interval')
    return this.#add({ at: this.#now + ms, order: this.#order++, fn, every: ms, cancelled: false })
  }

  soon (fn: () => void): void {
    this.#soon.push(fn)
  }

  /** when the next timer is due (Infinity when none is set) */
  get nextAt (): number {
    this.#dropCancelled()
    return this.#timers.length === 0 ? Infinity : this.#timers[0].at
  }

  /** Runs the `soon` callbacks queued so far, and those they queue, until none is left. */
  runSoon (): void {
    while (this.#soon.length > 0) {
      const batch = this.#soon
      this.#soon = []
      for (const fn of batch) fn()
    }
  }

  /** Moves time to `until`, running every timer due by then (and the `soon` work each one queues) in order. */
  advanceTo (until: number): void {
    this.runSoon()
    for (;;) {
      this.#dropCancelled()
      const next = this.#timers[0]
      if (next == null || next.at > until) break
      this.#timers.shift()
      this.#now = Math.max(this.#now, next.at)
      if (next.every != null) {
        // the same object goes back in, so the handle still cancels it
        next.at += next.every
        next.order = this.#order++
        this.#add(next)
      }
      next.fn()
      this.runSoon()
    }
    this.#now = Math.max(this.#now, until)
  }

  /** Moves time forward by `ms` (see advanceTo). */
  advance (ms: number): void {
    this.advanceTo(this.#now + ms)
  }

  #add (timer: VirtualTimer): TimerHandle {
    // sorted insert: timers are few (a handful per simulated member)
    let i = this.#timers.length
    while (i > 0 && (this.#timers[i - 1].at > timer.at || (this.#timers[i - 1].at === timer.at && this.#timers[i - 1].order > timer.order))) i--
    this.#timers.splice(i, 0, timer)
    return { cancel: () => { timer.cancelled = true } }
  }

  #dropCancelled (): void {
    while (this.#timers.length > 0 && this.#timers[0].cancelled) this.#timers.shift()
  }
}
