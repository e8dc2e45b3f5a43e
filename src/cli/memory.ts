import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'
import { trimMalloc } from './malloc-trim.js'

/**
 * The node process's memory: the heap compaction V8 does not do by itself while a node
 * is idle, and a debug report of where the memory is.
 */

/** how often an idle node checks whether its heap grew since the last compaction (default 15 s) */
export const IDLE_COMPACTION_CHECK_MS = 15_000
/**
 * the heap growth since the last compaction that makes a node that did no work compact
 * (8 MiB; PARLEY_IDLE_COMPACTION_GROWTH_MIB sets another, for `npm run bench memory-options`
 * to compare). A node in a group is never quite idle (its links carry a heartbeat every 50 ms
 * each way) and its old space gains about 3 MiB of garbage a minute, but 2 MiB did not lower
 * the RSS after bench path's load and a minute idle beyond the run-to-run spread (sender
 * 106.0 / 105.8 MiB against 99.2 / 103.6 with 8, receiver 97.0 / 103.5 against 99.1 / 101.6)
 * and costs a compaction (50-290 ms on a loaded machine, memoryReport's compactionMs) every
 * 40-60 s.
 */
export const IDLE_COMPACTION_GROWTH_BYTES = growthFromEnv(process.env.PARLEY_IDLE_COMPACTION_GROWTH_MIB) ?? 8 * 2 ** 20

/** PARLEY_IDLE_COMPACTION_GROWTH_MIB's value in bytes; undefined when unset or not a positive number */
export function growthFromEnv (value: string | undefined): number | undefined {
  const mib = Number(value)
  return value == null || value === '' || !Number.isFinite(mib) || mib <= 0 ? undefined : mib * 2 ** 20
}
/**
 * the heap growth since the last compaction that makes a node compact when it goes quiet
 * after work (1 MiB): with 8 MiB, whether a burst left a node compacted or holding several
 * MiB of garbage depended on where the last compaction fell (idle RSS after bench path
 * varied by ±8 MiB from run to run)
 */
export const IDLE_COMPACTION_AFTER_WORK_BYTES = 2 ** 20
/** the event-loop utilisation over the last check below which the node counts as idle (5 %) */
export const IDLE_COMPACTION_MAX_UTILIZATION = 0.05

/** how long the last compactHeap took, ms (the collection, the release and the trim) */
let lastCompactionMs: number | undefined

/**
 * Runs V8's memory-reducing full collection (the one it runs under memory pressure: it
 * shrinks the young generation and compacts and releases free pages) if the process was
 * started with `--expose-gc`, as `parley` processes are. Start-up leaves several MB of
 * garbage and an enlarged young generation that V8 never gives back while the node is
 * idle, because only allocation triggers collections: 84 MB resident after 25 s idle,
 * 79 MB after this (README, "Resource use"). `release` first frees what can be rebuilt
 * (the database's page cache); at the end malloc's free pages go back to the system
 * (trimMalloc). Returns whether it ran.
 */
export function compactHeap (release?: () => void): boolean {
  const gc = (globalThis as { gc?: (options: { type: string, execution: string, flavor: string }) => void }).gc
  if (typeof gc !== 'function') return false
  const started = performance.now()
  release?.()
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  // the collection freed the backing stores of dead array buffers; malloc keeps them,
  // and what else the burst freed, resident unless told to give the pages back
  trimMalloc()
  lastCompactionMs = performance.now() - started
  return true
}

/** V8's heap spaces that hold compiled code and bytecode, not data */
const CODE_SPACES = new Set(['code_space', 'code_large_object_space', 'trusted_space', 'trusted_large_object_space', 'shared_trusted_space', 'shared_trusted_large_object_space'])

/**
 * The process's memory as Node and V8 see it, in MiB: what PARLEY_DEBUG_MEMORY prints.
 * `codeUsed` is the part of `heapUsed` in the code and trusted spaces (machine code and
 * bytecode), which grows as V8 compiles and optimises more functions, not with what the
 * node holds: `heapUsed - codeUsed` is the data. `compactionMs` is how long the last
 * compactHeap took (absent before the first).
 */
export function memoryReport (): Record<string, number> {
  const mib = (bytes: number): number => Math.round(bytes / 2 ** 20 * 100) / 100
  const usage = process.memoryUsage()
  const heap = getHeapStatistics()
  const spaces = getHeapSpaceStatistics()
  return {
    rss: mib(usage.rss),
    heapTotal: mib(usage.heapTotal),
    heapUsed: mib(usage.heapUsed),
    codeUsed: mib(spaces.filter((space) => CODE_SPACES.has(space.space_name)).reduce((sum, space) => sum + space.space_used_size, 0)),
    ...(lastCompactionMs == null ? {} : { compactionMs: Math.round(lastCompactionMs * 10) / 10 }),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
    mallocedMemory: mib(heap.malloced_memory),
    peakMallocedMemory: mib(heap.peak_malloced_memory),
    ...Object.fromEntries(spaces.map((space) => [space.space_name, mib(space.space_size)]))
  }
}

/**
 * PARLEY_DEBUG_MEMORY=1: on SIGUSR2 the node prints `memory: {…}` (memoryReport) on
 * standard output, then compacts its heap and prints `memory after compaction: {…}`;
 * for finding what holds a node's memory. Off by default.
 */
export function debugMemoryOnSignal (release?: () => void): void {
  if (process.env.PARLEY_DEBUG_MEMORY !== '1') return
  process.on('SIGUSR2', () => {
    process.stdout.write(`memory: ${JSON.stringify(memoryReport())}\n`)
    compactHeap(release)
    process.stdout.write(`memory after compaction: ${JSON.stringify(memoryReport())}\n`)
  })
}

/** What the idle compaction looks at, every IDLE_COMPACTION_CHECK_MS. */
export interface IdleCheck {
  /** the event loop's utilisation over the last interval, 0-1 */
  utilization: number
  /** heap used now, bytes */
  heapUsed: number
}

export interface IdleCompactionState {
  /** heap used after the last compaction (or the lowest seen since), bytes */
  baseline: number
  /** an interval was busy since the last compaction */
  worked: boolean
}

/**
 * The idle compaction's decision, apart from timers and V8: whether to compact after this
 * check, whether only to give malloc's free pages back (trim), and the state to carry. A
 * quiet interval after work compacts once the heap grew IDLE_COMPACTION_AFTER_WORK_BYTES;
 * without work in between it takes IDLE_COMPACTION_GROWTH_BYTES (the slow growth of a quiet
 * node's timers), so a quiet node does not compact every check. Every other quiet check
 * trims: a quiet node's timers (gossipsub's heartbeat, DHT and mailbox upkeep, the WAL
 * checkpoint) keep allocating native memory that young-generation collections free between
 * live chunks. With the trim at compactions only, two identical senders read 101.2 and
 * 109.0 MiB after bench path's load and a minute idle; with it every quiet check, 107.1 /
 * 105.5 and 106.2 / 105.4 MiB in two later runs (bench memory-options, loaded machine).
 */
export function idleCompactionStep (state: IdleCompactionState, check: IdleCheck): { state: IdleCompactionState, compact: boolean, trim: boolean } {
  const baseline = Math.min(state.baseline, check.heapUsed)
  if (check.utilization > IDLE_COMPACTION_MAX_UTILIZATION) return { state: { baseline, worked: true }, compact: false, trim: false }
  const growth = check.heapUsed - baseline
  const compact = growth >= (state.worked ? IDLE_COMPACTION_AFTER_WORK_BYTES : IDLE_COMPACTION_GROWTH_BYTES)
  return { state: { baseline, worked: state.worked && !compact }, compact, trim: !compact }
}

/**
 * Compacts the heap once a node that was busy goes quiet: V8 collects only when
 * JavaScript allocates, so after a burst (1,000 DMs, posts and group messages, bench path)
 * an idle node kept 42 MiB of garbage in its old space for good (heap used 66.5 MiB, 23.9
 * after compaction; RSS 162 → 114 MiB). Every IDLE_COMPACTION_CHECK_MS, when the event loop
 * was busy less than IDLE_COMPACTION_MAX_UTILIZATION of the interval and the heap grew since
 * the last compaction (idleCompactionStep), one full collection runs (tens of ms, on a node
 * with nothing else to do), after `release`; the other quiet checks only trim malloc.
 * Returns the timer (unref'd) to clear on stop.
 */
export function idleHeapCompaction (release?: () => void): NodeJS.Timeout {
  let state: IdleCompactionState = { baseline: process.memoryUsage().heapUsed, worked: false }
  let utilization = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    const since = performance.eventLoopUtilization(utilization)
    utilization = performance.eventLoopUtilization()
    const step = idleCompactionStep(state, { utilization: since.utilization, heapUsed: process.memoryUsage().heapUsed })
    state = step.state
    if (step.compact && compactHeap(release)) state = { baseline: process.memoryUsage().heapUsed, worked: false }
    // about a millisecond on a quiet node: malloc walks its free lists and returns whole pages
    else if (step.trim) trimMalloc()
  }, IDLE_COMPACTION_CHECK_MS)
  timer.unref()
  return timer
}
