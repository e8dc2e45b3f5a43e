import { ParleyDatabase } from '../../src/store/index.js'
import type { Clock, VirtualClock } from '../../src/kernel/index.js'
import type { StatementSync } from 'node:sqlite'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'

/**
 * What the simulators of production services (test/sim) share: a process's view of the
 * virtual clock, which dies with it, and databases that outlive crashes.
 */

/**
 * An incarnation of a simulated process; a crash ends it. While `stopped` (SIGSTOP), what
 * comes due waits in `overdue` for the simulator to run when it resumes.
 */
export interface Incarnation {
  alive: boolean
  stopped?: boolean
  overdue?: Array<() => void>
}

/**
 * A process's view of the virtual clock: once its incarnation ends, nothing it set runs;
 * while it is stopped, its timers wait (an interval that came due runs once, as Node's do).
 */
export function incarnationClock (clock: VirtualClock, incarnation: Incarnation): Clock {
  const run = (fn: () => void): void => {
    if (!incarnation.alive) return
    if (incarnation.stopped === true) (incarnation.overdue ??= []).push(fn)
    else fn()
  }
  return {
    now: () => clock.now(),
    after: (ms, fn) => clock.after(ms, () => { run(fn) }),
    every: (ms, fn) => {
      let due = false
      const timer = clock.every(ms, () => {
        if (!incarnation.alive) timer.cancel()
        else if (incarnation.stopped !== true) fn()
        else if (!due) {
          due = true
          run(() => { due = false; fn() })
        }
      })
      return timer
    },
    soon: (fn) => { clock.soon(() => { run(fn) }) }
  }
}

/**
 * SQLite databases (`:memory:`, every migration applied) made once per process and emptied
 * for each seed: opening one costs more than a whole simulated scenario.
 */
export class DatabasePool {
  readonly #databases: Array<{ db: ParleyDatabase, clear: StatementSync[] }> = []
  readonly #tables: string[]

  /** `tables`: what a seed empties, children before parents */
  constructor (tables: string[]) {
    this.#tables = tables
  }

  /** The database of simulated process `slot`, empty. */
  take (slot: number): ParleyDatabase {
    let pooled = this.#databases[slot]
    if (pooled == null) {
      const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
      pooled = this.#databases[slot] = { db, clear: this.#tables.map((t) => db.db.prepare(`DELETE FROM ${t}`)) }
    }
    for (const statement of pooled.clear) statement.run()
    return pooled.db
  }
}

/** Lets the promise chains started so far run to their end (no I/O is pending in a simulation). */
export async function settle (): Promise<void> {
  await new Promise(setImmediate)
}
