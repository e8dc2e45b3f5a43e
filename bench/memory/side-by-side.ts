/**
 * `npm run bench memory`, part one: the resident memory of a node with one user logged in
 * after `npm run bench path`'s back-to-back run (DMs, posts and group messages) and a
 * minute idle, for each node variant (variants.ts) in one command. Variant after variant
 * runs the load, then idles IDLE_MS while the next one runs its load (an idle process's
 * memory does not depend on the CPU others use), and its sender and receiver are read.
 */
import { measureParleyPath } from '../path/parley-path.js'
import { compositionOf } from './composition.js'
import type { MemoryComposition } from './composition.js'
import type { NodeVariant } from './variants.js'
import type { ParleyPathResult } from '../path/parley-path.js'
import type { Progress } from '../scenario.js'

/** how long each variant's nodes idle after the load before they are read (default 60 000 ms; PARLEY_BENCH_PATH_IDLE_MS) */
export const IDLE_MS = Number(process.env.PARLEY_BENCH_PATH_IDLE_MS ?? 60_000)

export interface VariantMemory {
  variant: string
  sender: MemoryComposition
  receiver: MemoryComposition
  /** CPU time each node spent per message of the load, µs (measureParleyPath's cpuUsPerMessage) */
  cpuUsPerMessage?: ParleyPathResult['cpuUsPerMessage']
}

export async function measureVariants (variants: NodeVariant[], progress: Progress): Promise<VariantMemory[]> {
  const runs: Array<Promise<VariantMemory>> = []
  for (const variant of variants) {
    let loaded!: () => void
    const loadDone = new Promise<void>((resolve) => { loaded = resolve })
    let figures: VariantMemory | undefined
    const run = measureParleyPath({
      progress: (line) => { progress(`${variant.name}: ${line}`) },
      memory: false,
      process: () => ({ flags: variant.flags, processEnv: variant.processEnv }),
      env: () => ({ PARLEY_DEBUG_MEMORY: '1', ...variant.env }),
      inspect: async ({ sender, receiver, output }) => {
        loaded()
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
        figures = { variant: variant.name, sender: await compositionOf(sender, output.sender), receiver: await compositionOf(receiver, output.receiver) }
        progress(`${variant.name}: RSS after ${IDLE_MS / 1000} s idle: sender ${figures.sender.rss.toFixed(1)} MiB, receiver ${figures.receiver.rss.toFixed(1)} MiB`)
      }
    }).then((result) => ({ ...figures!, cpuUsPerMessage: result.cpuUsPerMessage }))
    // a variant that fails before its idle period must not hold the others up
    run.catch(() => { loaded() })
    runs.push(run)
    await loadDone
  }
  return await Promise.all(runs)
}
