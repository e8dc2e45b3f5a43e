import { availableParallelism } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { SimulationFailure } from '../../src/group/sim/faults.js'

/**
 * Running simulator seeds in tests, for every simulator (the group core's, the group
 * shell's, ...): a failing seed prints its message and the end of its trace (the seed is
 * run again with tracing on), and a replay prints the whole trace and the report. Many
 * seeds can be spread over worker threads (one per core): a seed's run does not depend on
 * which thread runs it or on what ran before.
 */
type Simulate<R> = (seed: number, options?: { trace?: boolean }) => R | Promise<R>

/** The number-valued fields of a report, summed over seeds (`seed` itself is left out). */
export type Totals = Record<string, number> & { seeds: number }

/** Runs `seeds` in order, handing each report to `each`; the first failure is explained and thrown. */
export async function runSeeds<R> (simulate: Simulate<R>, seeds: Iterable<number>, each: (report: R) => void = () => {}): Promise<void> {
  for (const seed of seeds) {
    let report: R
    try {
      report = await simulate(seed)
    } catch (err) {
      if (err instanceof SimulationFailure) {
        console.error(`FAILING SEED ${seed}: ${err.message}`)
        const trace = await Promise.resolve(simulate(seed, { trace: true })).then(() => [], (e) => (e as SimulationFailure).trace ?? [])
        console.error(trace.slice(-60).join('\n'))
      }
      throw err
    }
    each(report)
  }
}

/** Runs one seed with tracing on and prints its trace and report (its failure is rethrown). */
export async function replaySeed<R extends { trace: string[] }> (simulate: Simulate<R>, seed: number): Promise<void> {
  try {
    const report = await simulate(seed, { trace: true })
    console.log(report.trace.join('\n'))
    console.log(JSON.stringify({ ...report, trace: undefined }))
  } catch (err) {
    if (err instanceof SimulationFailure) console.log(err.trace.join('\n'))
    throw err
  }
}

function addTo (totals: Totals, report: object): void {
  totals.seeds++
  for (const [key, value] of Object.entries(report)) if (typeof value === 'number' && key !== 'seed') totals[key] = (totals[key] ?? 0) + value
}

interface WorkerTask { module: string, name: string, first: number, count: number, step: number }

/**
 * Runs seeds first, first + 1, ... (count of them) of the simulator exported as `name` by
 * `module` (a file URL) on `threads` worker threads, seed i on thread i mod threads, and
 * sums the reports. The first failure of any thread (the lowest seed) is thrown.
 */
export async function runSeedsInWorkers (module: string, name: string, first: number, count: number, threads = Math.min(availableParallelism(), 4)): Promise<Totals> {
  const results = await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, count)) }, async (_, t) => {
    const task: WorkerTask = { module, name, first: first + t, count: Math.ceil((count - t) / threads), step: threads }
    return new Promise<{ totals: Totals } | { seed: number, message: string }>((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: task })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  }))
  const failures = results.filter((r) => 'seed' in r).sort((a, b) => a.seed - b.seed)
  if (failures.length > 0) throw new Error(failures[0].message)
  const totals: Totals = { seeds: 0 }
  for (const r of results) {
    if (!('totals' in r)) continue
    for (const [key, value] of Object.entries(r.totals)) totals[key] = (totals[key] ?? 0) + value
  }
  return totals
}

/** In a worker thread: runs the task's seeds, posts the totals or the failure (printed here with its trace). */
async function runTask ({ module, name, first, count, step }: WorkerTask): Promise<void> {
  const simulate = (await import(module))[name] as Simulate<object>
  const totals: Totals = { seeds: 0 }
  const seeds = Array.from({ length: count }, (_, i) => first + i * step)
  try {
    await runSeeds(simulate, seeds, (report) => { addTo(totals, report) })
    parentPort!.postMessage({ totals })
  } catch (err) {
    parentPort!.postMessage({ seed: (err as SimulationFailure).seed ?? -1, message: (err as Error).message })
  }
}

if (!isMainThread && (workerData as WorkerTask | undefined)?.module != null) void runTask(workerData as WorkerTask)
