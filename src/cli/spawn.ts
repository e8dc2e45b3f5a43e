import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChildProcess, SpawnOptions } from 'node:child_process'

/**
 * The bundled CLI (rolldown.config.js) that `bin/parley.js` runs. Inside the bundle this
 * resolves to the bundle itself.
 */
export const CLI_ENTRY = fileURLToPath(new URL('./parley.mjs', import.meta.url))

/**
 * V8 flags for every `parley node` process (the `parley` bin's shebang carries the same).
 * A 2 MiB young generation instead of V8's default 16 MiB keeps an idle node smaller at
 * the cost of more frequent, cheap scavenges. V8 reads it only at start-up. Larger sizes
 * were measured after the idle compaction came (2026-12-07, bench memory-options, 3 runs):
 * idle RSS the same within the spread for 4, 8 and 16 MiB (the compaction shrinks the young
 * generation back to 1-4 MiB), and scavenge pauses over bench path's load down from about
 * 280 to 150 ms a node at 8 MiB (~35 µs of ~1,000 µs CPU a message), which the CPU per
 * message did not show beyond its run-to-run spread of ±150 µs; so 2 stays for now.
 * `--expose-gc` lets the node compact its heap once start-up is over and when it goes
 * quiet after a burst (`compactHeap` and `idleHeapCompaction` in memory.ts).
 * `--v8-pool-size=2`: two V8 worker threads (concurrent marking, sweeping and compiling)
 * instead of Node's four, each with a malloc arena and a stack of its own. bench
 * memory-options, 4 pairs against the node as shipped (2026-12-07, 2 cores, load 0.3-1.9),
 * after bench path's load and a minute idle: sender 103.9 against 104.6 MiB, receiver 101.6
 * against 102.4 MiB on average, and CPU per message no higher (sender DM 1,094 against
 * 1,183 µs, post 792 / 835, group 779 / 800; receiver DM 771 / 836), on 2 cores where four
 * workers and the main thread contend.
 * Measured and not taken (yet): `--max-opt=2` (Maglev as the top tier, no Turbofan): over 8
 * pairs (load 0.7-5.9) the node read 3-4 MiB less after the minute idle, 2.5 of it pages of
 * the executable it no longer touches (51.9 → 49.4 MiB) (last pair sender 100.5 / 100.5 against 104.2 / 104.7 MiB,
 * receiver 98.3 / 98.3 against 101.4 / 101.2) at the same CPU per message within the noise
 * (sender DM 1,239 against 1,211 µs on average, post 919 / 916, group 771 / 820); but those
 * runs are 1,200 messages of each kind, and what a node that runs for days loses without
 * Turbofan's code is not measured.
 */
export const NODE_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--expose-gc', '--v8-pool-size=2']

/**
 * Environment for every `parley node` process (also in the bin's shebang). glibc serves
 * allocations below its mmap threshold from the main heap, and the 32-64 KB zone segments
 * V8 compiles the 2.5 MB bundle in stay there as free but resident memory (about 17 MiB
 * at idle). A fixed 32 KB threshold gives them their own mappings, returned to the
 * system when freed; 100-byte TCP round trips measured the same CPU time with it.
 */
export const NODE_PROCESS_ENV: Readonly<Record<string, string>> = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=32768' }

export interface SpawnParleyOptions extends SpawnOptions {
  /** a command the CLI is run through first, e.g. `ip netns exec NS` (default none) */
  prefix?: readonly string[]
  /** the Node and V8 flags (default NODE_PROCESS_FLAGS; `npm run bench memory` compares others) */
  flags?: readonly string[]
  /** the environment set over `env` (default NODE_PROCESS_ENV; `npm run bench memory` compares others) */
  processEnv?: Readonly<Record<string, string>>
}

/**
 * Starts the CLI (`parley <args>`) in a new process the way the bin does, with the same
 * Node binary as this one (Node 24, for node:sqlite): devnet, tests and benchmarks start
 * their nodes through this. `prefix` runs it through another command first (tests start
 * nodes in network namespaces with `ip netns exec NS`).
 */
export function spawnParley (args: readonly string[], options: SpawnParleyOptions = {}): ChildProcess {
  const { prefix = [], flags = NODE_PROCESS_FLAGS, processEnv = NODE_PROCESS_ENV, ...spawnOptions } = options
  const argv = [...prefix, process.execPath, ...flags, CLI_ENTRY, ...args]
  return spawn(argv[0], argv.slice(1), {
    ...spawnOptions,
    env: { ...(options.env ?? process.env), ...processEnv }
  })
}
