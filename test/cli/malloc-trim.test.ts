import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, it } from 'node:test'
import { NODE_PROCESS_ENV } from '../../src/cli/spawn.js'

const MEMORY_MODULE = new URL('../../src/cli/memory.js', import.meta.url).href

/**
 * A process allocates 60,000 array buffers of 2-8 KiB (backing stores from malloc, below
 * the node's mmap threshold), keeps one in twenty, collects the rest and reads its private
 * memory; then runs compactHeap, as an idle node does, and reads it again.
 */
const SCRIPT = `
import { readFileSync } from 'node:fs'
const { compactHeap } = await import(${JSON.stringify(MEMORY_MODULE)})
const privateMiB = () => Number(/^Private_Dirty:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))[1]) / 1024
let all = []
const kept = []
for (let i = 0; i < 60000; i++) {
  const b = new Uint8Array(2048 + (i % 7) * 1024)
  b.fill(1)
  all.push(b)
  if (i % 20 === 0) kept.push(b)
}
all = null
globalThis.gc()
const before = privateMiB()
const ran = compactHeap()
const after = privateMiB()
process.stdout.write(JSON.stringify({ before, after, ran, kept: kept.length }))
`

async function runChild (env: Record<string, string> = {}): Promise<{ before: number, after: number, ran: boolean }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, ...NODE_PROCESS_ENV, ...env }
  })
  return JSON.parse(stdout)
}

describe('compactHeap gives malloc memory back', { skip: process.platform !== 'linux' ? 'glibc malloc_trim: Linux only' : false }, () => {
  it('returns the pages of freed array buffers that malloc kept between live ones', async () => {
    const { before, after, ran } = await runChild()
    assert.ok(ran)
    // about 290 MiB allocated, 95 % of it freed but held by malloc; the kept 5 % spread
    // over it pin the heap, so only malloc_trim can release the pages in between
    assert.ok(before > 200, `private memory before compaction ${before.toFixed(1)} MiB`)
    assert.ok(after < before - 150, `private memory ${before.toFixed(1)} → ${after.toFixed(1)} MiB`)
  })

  it('keeps it with PARLEY_MALLOC_TRIM=0', async () => {
    const { before, after } = await runChild({ PARLEY_MALLOC_TRIM: '0' })
    assert.ok(after > before - 20, `private memory ${before.toFixed(1)} → ${after.toFixed(1)} MiB`)
  })
})
