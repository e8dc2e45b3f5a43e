/**
 * What a `parley node` process's resident memory is made of: /proc/PID/smaps_rollup
 * (pages of the executable and other files, shared, against the process's own anonymous
 * memory) and, for a node started with PARLEY_DEBUG_MEMORY=1, what Node and V8 report
 * (heap, external, array buffers; src/cli/memory.ts memoryReport).
 */
import { readFile } from 'node:fs/promises'
import { waitFor } from '../../test/support/nodes.js'

export interface MemoryComposition {
  /** VmRSS, MiB */
  rss: number
  /** file-backed pages shared with other processes (mostly the node executable), MiB */
  sharedClean: number
  /** the process's own pages (anonymous: V8's heap, malloc, stacks), MiB */
  privateDirty: number
  /** process.memoryUsage() and V8's heap spaces before the report's compaction, MiB (PARLEY_DEBUG_MEMORY=1 only) */
  report?: Record<string, number>
}

const MiB = 1024

export async function smapsRollup (pid: number): Promise<Record<string, number>> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8')
  const fields: Record<string, number> = {}
  for (const line of text.split('\n').slice(1)) {
    const match = /^(\w+):\s+(\d+) kB/.exec(line)
    if (match != null) fields[match[1]] = Number(match[2]) / MiB
  }
  return fields
}

/**
 * Reads the composition of process `pid` now. With `output` (the node's output lines, the
 * node started with PARLEY_DEBUG_MEMORY=1) it also asks for the node's memory report; the
 * node compacts its heap after printing it, so read smaps before.
 */
export async function compositionOf (pid: number, output?: string[]): Promise<MemoryComposition> {
  const smaps = await smapsRollup(pid)
  const figures: MemoryComposition = { rss: smaps.Rss, sharedClean: smaps.Shared_Clean, privateDirty: smaps.Private_Dirty }
  if (output != null) {
    const seen = output.length
    process.kill(pid, 'SIGUSR2')
    let line: string | undefined
    await waitFor(() => { line = output.slice(seen).find((l) => l.startsWith('memory: ')); return line != null }, 10_000, 'the memory report', 20)
    figures.report = JSON.parse(line!.slice('memory: '.length))
  }
  return figures
}
