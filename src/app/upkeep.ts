import type { Clock, Logger, Startable, TimerHandle } from '../kernel/index.js'
import { RunState } from '../kernel/index.js'
import { storageFault } from '../store/index.js'

/** One recurring job of the node: what it does and how often. */
export interface RecurringJob {
  name: string
  /** the interval in ms; each round starts this long (± 10 %) after the previous one ended */
  intervalMs: number
  work: () => Promise<unknown>
}

/**
 * The node's recurring background jobs (presence refresh, record republication, bootstrap
 * retries), as one Startable on the injected clock. Each runs every interval ± 10 % after
 * its previous round ended: nodes started together (a devnet, a rack after a power cut)
 * would otherwise all republish in the same instant, round after round. A failed round is
 * logged and waits for the next; a storage fault (a full disk) is logged as an error, with
 * its reason, other failures (an unreachable network) at debug level.
 */
export class RecurringJobs implements Startable {
  readonly #jobs: RecurringJob[]
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #random: () => number
  readonly #timers = new Map<RecurringJob, TimerHandle>()
  readonly #run = new RunState()

  constructor (jobs: RecurringJob[], components: { clock: Clock, logger: Logger, random?: () => number }) {
    this.#jobs = jobs
    this.#clock = components.clock
    this.#logger = components.logger
    this.#random = components.random ?? Math.random
  }

  start (): void {
    if (!this.#run.begin()) return
    for (const job of this.#jobs) this.#schedule(job)
  }

  stop (): void {
    this.#run.end()
    for (const timer of this.#timers.values()) timer.cancel()
    this.#timers.clear()
  }

  #schedule (job: RecurringJob): void {
    const timer = this.#clock.after(job.intervalMs * (0.9 + 0.2 * this.#random()), () => {
      this.#timers.delete(job)
      // a synchronous throw becomes a rejection too: nothing escapes into the timer
      Promise.resolve().then(job.work)
        .catch((err) => {
          const fault = storageFault(err)
          if (fault != null) this.#logger.error(`${job.name} failed: ${fault.message}`)
          else this.#logger.debug(`${job.name} failed`, err?.message ?? err)
        })
        .finally(() => { if (this.#run.running) this.#schedule(job) })
    })
    this.#timers.set(job, timer)
  }
}
