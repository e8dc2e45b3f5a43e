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
  /** resident memory by kind of mapping (smapsParts), MiB */
  parts?: SmapsParts
}

/**
 * Resident memory by kind of mapping, MiB, told apart by how each is mapped (x86-64 Linux,
 * glibc, V8 without pointer compression, as `parley node` runs): `executable` the `node`
 * binary's file pages (its text, read-only data and the builtins V8 remaps), `libraries`
 * other shared objects, `v8Pages` V8's 256 KiB heap pages, `codeRange` the one anonymous
 * reservation over 256 MiB (V8's code space), `mallocMain` glibc's main arena (`[heap]`),
 * `mallocThreads` the other threads' arenas (anonymous mappings at 64 MiB boundaries), and
 * `otherAnonymous` the rest: malloc's own mappings of blocks over its mmap threshold (the
 * bundle's source, array buffers of 32 KiB and more, Node's 64 KiB Buffer pool slabs),
 * thread stacks, WebAssembly memories.
 */
export interface SmapsParts { executable: number, libraries: number, v8Pages: number, codeRange: number, mallocMain: number, mallocThreads: number, otherAnonymous: number, otherFiles: number }

export async function smapsParts (pid: number): Promise<SmapsParts> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8')
  const parts: SmapsParts = { executable: 0, libraries: 0, v8Pages: 0, codeRange: 0, mallocMain: 0, mallocThreads: 0, otherAnonymous: 0, otherFiles: 0 }
  let part: keyof SmapsParts = 'otherAnonymous'
  for (const line of text.split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (mapping != null) {
      const start = BigInt(`0x${mapping[1]}`)
      const size = Number(BigInt(`0x${mapping[2]}`) - start)
      const name = mapping[3]
      part = name.endsWith('/bin/node') ? 'executable'
        : name.includes('.so') ? 'libraries'
          : name === '[heap]' ? 'mallocMain'
            : name.startsWith('/') ? 'otherFiles'
              : name !== '' ? 'otherAnonymous'
                : size === 256 * 1024 ? 'v8Pages'
                  : size > 256 * 2 ** 20 ? 'codeRange'
                    : start % BigInt(64 * 2 ** 20) === 0n ? 'mallocThreads' : 'otherAnonymous'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss != null) parts[part] += Number(rss[1]) / MiB
  }
  for (const key of Object.keys(parts) as Array<keyof SmapsParts>) parts[key] = Math.round(parts[key] * 100) / 100
  return parts
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
  const figures: MemoryComposition = { rss: smaps.Rss, sharedClean: smaps.Shared_Clean, privateDirty: smaps.Private_Dirty, parts: await smapsParts(pid) }
  if (output != null) {
    const seen = output.length
    process.kill(pid, 'SIGUSR2')
    let line: string | undefined
    await waitFor(() => { line = output.slice(seen).find((l) => l.startsWith('memory: ')); return line != null }, 10_000, 'the memory report', 20)
    figures.report = JSON.parse(line!.slice('memory: '.length))
  }
  return figures
}
