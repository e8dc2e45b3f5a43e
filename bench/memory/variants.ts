/**
 * The node options `npm run bench memory` compares: each variant is a pair of `parley node`
 * processes started with other Node/V8 flags or environment than spawn.ts's
 * NODE_PROCESS_FLAGS and NODE_PROCESS_ENV. The first is how nodes run now; each of the
 * others leaves one thing out or adds one, so its difference to the first is what that
 * thing does. PARLEY_BENCH_MEMORY_VARIANTS=name,name runs only those, in that order.
 */
import { NODE_PROCESS_ENV, NODE_PROCESS_FLAGS } from '../../src/cli/spawn.js'

export interface NodeVariant {
  name: string
  flags: readonly string[]
  processEnv: Readonly<Record<string, string>>
  /** added to the node's environment (PARLEY_* switches of the node itself) */
  env?: Record<string, string>
}

const without = (flags: readonly string[], prefix: string): string[] => flags.filter((f) => !f.startsWith(prefix))
// a young generation of n MiB per semi-space (2 is as shipped, named again so a run can pick sizes side by side)
const semiSpace = (mib: number): string[] => [...without(NODE_PROCESS_FLAGS, '--max-semi-space-size'), `--max-semi-space-size=${mib}`]
const tunables = (value: string): Record<string, string> => ({ ...NODE_PROCESS_ENV, GLIBC_TUNABLES: value })
const tunablesNow = NODE_PROCESS_ENV.GLIBC_TUNABLES ?? ''

export const NODE_VARIANTS: NodeVariant[] = [
  { name: 'as shipped', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV },
  // the same again: how much one run differs from the next
  { name: 'as shipped again', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV },
  { name: 'no flags and no malloc tunable', flags: ['--expose-gc'], processEnv: {} },
  { name: 'default semi-space', flags: without(NODE_PROCESS_FLAGS, '--max-semi-space-size'), processEnv: NODE_PROCESS_ENV },
  { name: 'semi-space 1 MiB', flags: semiSpace(1), processEnv: NODE_PROCESS_ENV },
  { name: 'semi-space 2 MiB', flags: semiSpace(2), processEnv: NODE_PROCESS_ENV },
  { name: 'semi-space 4 MiB', flags: semiSpace(4), processEnv: NODE_PROCESS_ENV },
  { name: 'semi-space 8 MiB', flags: semiSpace(8), processEnv: NODE_PROCESS_ENV },
  { name: 'semi-space 16 MiB', flags: semiSpace(16), processEnv: NODE_PROCESS_ENV },
  { name: 'malloc mmap threshold 16 KiB', flags: NODE_PROCESS_FLAGS, processEnv: tunables(tunablesNow.replace(/mmap_threshold=\d+/, 'mmap_threshold=16384')) },
  { name: 'malloc mmap threshold 8 KiB', flags: NODE_PROCESS_FLAGS, processEnv: tunables(tunablesNow.replace(/mmap_threshold=\d+/, 'mmap_threshold=8192')) },
  { name: 'malloc trim threshold 0', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`${tunablesNow}:glibc.malloc.trim_threshold=0`) },
  { name: 'one malloc arena', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`${tunablesNow}:glibc.malloc.arena_max=1`) },
  { name: 'one V8 worker thread', flags: [...without(NODE_PROCESS_FLAGS, '--v8-pool-size'), '--v8-pool-size=1'], processEnv: NODE_PROCESS_ENV },
  // Node's four V8 worker threads instead of the two spawn.ts asks for, and two libuv threads instead of four
  { name: 'four V8 worker threads', flags: [...without(NODE_PROCESS_FLAGS, '--v8-pool-size'), '--v8-pool-size=4'], processEnv: NODE_PROCESS_ENV },
  { name: 'four V8 worker threads again', flags: [...without(NODE_PROCESS_FLAGS, '--v8-pool-size'), '--v8-pool-size=4'], processEnv: NODE_PROCESS_ENV },
  { name: 'two libuv threads', flags: NODE_PROCESS_FLAGS, processEnv: { ...NODE_PROCESS_ENV, UV_THREADPOOL_SIZE: '2' } },
  { name: 'two libuv threads again', flags: NODE_PROCESS_FLAGS, processEnv: { ...NODE_PROCESS_ENV, UV_THREADPOOL_SIZE: '2' } },
  { name: 'single-threaded GC', flags: [...NODE_PROCESS_FLAGS, '--single-threaded-gc'], processEnv: NODE_PROCESS_ENV },
  { name: 'flush code unused 30 s', flags: [...NODE_PROCESS_FLAGS, '--flush-code-based-on-time', '--bytecode-old-time=30', '--flush-baseline-code'], processEnv: NODE_PROCESS_ENV },
  { name: 'optimize for size', flags: [...NODE_PROCESS_FLAGS, '--optimize-for-size'], processEnv: NODE_PROCESS_ENV },
  // Maglev as the top tier: the executable's Turbofan pages stay unread (resident executable 51.9 → 49.4 MiB)
  { name: 'no Turbofan', flags: [...NODE_PROCESS_FLAGS, '--max-opt=2'], processEnv: NODE_PROCESS_ENV },
  { name: 'no Turbofan again', flags: [...NODE_PROCESS_FLAGS, '--max-opt=2'], processEnv: NODE_PROCESS_ENV },
  { name: 'no Maglev', flags: [...NODE_PROCESS_FLAGS, '--no-maglev'], processEnv: NODE_PROCESS_ENV },
  // compactHeap's malloc_trim (src/cli/malloc-trim.ts) left out, and kept without the mmap threshold
  { name: 'no malloc trim', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV, env: { PARLEY_MALLOC_TRIM: '0' } },
  { name: 'no malloc trim again', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV, env: { PARLEY_MALLOC_TRIM: '0' } },
  // a quiet node that did no work compacting after 2 MiB of heap growth instead of 8 (memory.ts IDLE_COMPACTION_GROWTH_BYTES)
  { name: 'idle compaction at 2 MiB', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV, env: { PARLEY_IDLE_COMPACTION_GROWTH_MIB: '2' } },
  { name: 'idle compaction at 2 MiB again', flags: NODE_PROCESS_FLAGS, processEnv: NODE_PROCESS_ENV, env: { PARLEY_IDLE_COMPACTION_GROWTH_MIB: '2' } },
  { name: 'no mmap threshold', flags: NODE_PROCESS_FLAGS, processEnv: {} },
  { name: 'two malloc arenas', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`${tunablesNow}:glibc.malloc.arena_max=2`) },
  { name: 'malloc top pad 0', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`${tunablesNow}:glibc.malloc.top_pad=0`) },
  { name: 'malloc mmap 16 KiB and trim 0', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=0`) },
  { name: 'malloc mmap 16 KiB and one arena', flags: NODE_PROCESS_FLAGS, processEnv: tunables(`glibc.malloc.mmap_threshold=16384:glibc.malloc.arena_max=1`) }
]

export function selectedVariants (): NodeVariant[] {
  const wanted = process.env.PARLEY_BENCH_MEMORY_VARIANTS?.split(',').map((n) => n.trim()).filter((n) => n !== '')
  if (wanted == null || wanted.length === 0) return NODE_VARIANTS
  const unknown = wanted.filter((n) => !NODE_VARIANTS.some((v) => v.name === n))
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${NODE_VARIANTS.map((v) => v.name).join(', ')}`)
  // in the order named, so a run can alternate variants (a, b, a again, b again) against drift in the machine's load
  return wanted.map((name) => NODE_VARIANTS.find((v) => v.name === name)!)
}
