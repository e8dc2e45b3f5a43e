import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'

/**
 * The node process's memory: the heap compaction V8 does not do by itself while a node
 * is idle, and a debug report of where the memory is.
 */

/** how often an idle node checks whether its heap grew since the last compaction (default 15 s) */
export const IDLE_COMPACTION_CHECK_MS = 15_000
/** the heap growth since the last compaction that makes an idle node compact (8 MiB) */
export const IDLE_COMPACTION_GROWTH_BYTES = 8 * 2 ** 20
/** the event-loop utilisation over the last check below which the node counts as idle (5 %) */
export const IDLE_COMPACTION_MAX_UTILIZATION = 0.05

/**
 * Runs V8's memory-reducing full collection (the one it runs under memory pressure: it
 * shrinks the young generation and compacts and releases free pages) if the process was
 * started with `--expose-gc`, as `parley` processes are. Start-up leaves several MB of
 * garbage and an enlarged young generation that V8 never gives back while the node is
 * idle, because only allocation triggers collections: 84 MB resident after 25 s idle,
 * 79 MB after this (README, "Resource use"). Returns whether it ran.
 */
export function compactHeap (): boolean {
  const gc = (globalThis as { gc?: (options: { type: string, execution: string, flavor: string }) => void }).gc
  if (typeof gc !== 'function') return false
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  return true
}

/** The process's memory as Node and V8 see it, in MiB: what PARLEY_DEBUG_MEMORY prints. */
export function memoryReport (): Record<string, number> {
  const mib = (bytes: number): number => Math.round(bytes / 2 ** 20 * 10) / 10
  const usage = process.memoryUsage()
  const heap = getHeapStatistics()
  return {
    rss: mib(usage.rss),
    heapTotal: mib(usage.heapTotal),
    heapUsed: mib(usage.heapUsed),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
    mallocedMemory: mib(heap.malloced_memory),
    peakMallocedMemory: mib(heap.peak_malloced_memory),
    ...Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, mib(space.space_size)]))
  }
}

/**
 * PARLEY_DEBUG_MEMORY=1: on SIGUSR2 the node prints `memory: {…}` (memoryReport) on
 * standard output, then compacts its heap and prints `memory after compaction: {…}`;
 * for finding what holds a node's memory. Off by default.
 */
export function debugMemoryOnSignal (): void {
  if (process.env.PARLEY_DEBUG_MEMORY !== '1') return
  process.on('SIGUSR2', () => {
    process.stdout.write(`memory: ${JSON.stringify(memoryReport())}\n`)
    compactHeap()
    process.stdout.write(`memory after compaction: ${JSON.stringify(memoryReport())}\n`)
  })
}

/**
 * Compacts the heap once a node that was busy goes quiet: V8 collects only when
 * JavaScript allocates, so after a burst (1,000 DMs, posts and group messages, bench path)
 * an idle node kept 42 MiB of garbage in its old space for good (heap used 66.5 MiB, 23.9
 * after compaction; RSS 162 → 114 MiB). Every IDLE_COMPACTION_CHECK_MS, when the heap grew
 * by IDLE_COMPACTION_GROWTH_BYTES since the last compaction and the event loop was busy
 * less than IDLE_COMPACTION_MAX_UTILIZATION of the interval, one full collection runs (tens
 * of ms, on a node with nothing else to do). Returns the timer (unref'd) to clear on stop.
 */
export function idleHeapCompaction (): NodeJS.Timeout {
  let baseline = process.memoryUsage().heapUsed
  let utilization = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    const since = performance.eventLoopUtilization(utilization)
    utilization = performance.eventLoopUtilization()
    const heapUsed = process.memoryUsage().heapUsed
    if (heapUsed < baseline) baseline = heapUsed
    if (heapUsed - baseline < IDLE_COMPACTION_GROWTH_BYTES || since.utilization > IDLE_COMPACTION_MAX_UTILIZATION) return
    if (compactHeap()) baseline = process.memoryUsage().heapUsed
  }, IDLE_COMPACTION_CHECK_MS)
  timer.unref()
  return timer
}
