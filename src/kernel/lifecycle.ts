/**
 * Start and stop, the js-libp2p way: a service that has work to set up and tear down is
 * `Startable`; `startAll` starts a list in order and, when one fails, stops those already
 * started (in reverse) before it rethrows; `stopAll` stops in reverse order.
 */
export interface Startable {
  /** registers handlers, opens timers; calling it twice is harmless */
  start: () => void | Promise<void>
  /** removes what start set up; calling it twice (or before start) is harmless */
  stop: () => void | Promise<void>
}

export function isStartable (value: unknown): value is Startable {
  return value != null && typeof (value as Startable).start === 'function' && typeof (value as Startable).stop === 'function'
}

/** Starts `services` in order; on a failure stops the started ones in reverse and rethrows the failure. */
export async function startAll (services: Iterable<unknown>): Promise<void> {
  const started: Startable[] = []
  for (const service of services) {
    if (!isStartable(service)) continue
    try {
      await service.start()
    } catch (err) {
      await stopAll(started).catch(() => {}) // the start failure is the one to report
      throw err
    }
    started.push(service)
  }
}

/**
 * Stops `services` in reverse order. Every one is stopped even when one fails; the first
 * failure is rethrown at the end.
 */
export async function stopAll (services: Iterable<unknown>): Promise<void> {
  const list = [...services].filter(isStartable).reverse()
  let failure: { err: unknown } | undefined
  for (const service of list) {
    try {
      await service.stop()
    } catch (err) {
      failure ??= { err }
    }
  }
  if (failure != null) throw failure.err
}

/**
 * Makes start and stop idempotent for a class: `run` holds whether it runs, and each
 * transition happens once (a second start or stop returns at once).
 */
export class RunState {
  #running = false

  get running (): boolean {
    return this.#running
  }

  /** true when this call starts it (it was stopped) */
  begin (): boolean {
    if (this.#running) return false
    this.#running = true
    return true
  }

  /** true when this call stops it (it was running) */
  end (): boolean {
    if (!this.#running) return false
    this.#running = false
    return true
  }
}
