import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { IDLE_COMPACTION_AFTER_WORK_BYTES, IDLE_COMPACTION_GROWTH_BYTES, IDLE_COMPACTION_MAX_UTILIZATION, growthFromEnv, idleCompactionStep } from '../../src/cli/memory.js'
import type { IdleCompactionState } from '../../src/cli/memory.js'

const MiB = 2 ** 20
const busy = IDLE_COMPACTION_MAX_UTILIZATION * 4
const quiet = IDLE_COMPACTION_MAX_UTILIZATION / 4

/** Runs the checks from a freshly compacted 20 MiB heap; the indexes of those that compacted. */
function compactions (checks: Array<{ utilization: number, heapUsed: number }>): number[] {
  let state: IdleCompactionState = { baseline: 20 * MiB, worked: false }
  const at: number[] = []
  checks.forEach((check, i) => {
    const step = idleCompactionStep(state, check)
    state = step.compact ? { baseline: check.heapUsed - 4 * MiB, worked: false } : step.state
    if (step.compact) at.push(i)
  })
  return at
}

describe('idle heap compaction', () => {
  it('compacts once when a node goes quiet after work that left a little garbage', () => {
    const grown = 20 * MiB + IDLE_COMPACTION_AFTER_WORK_BYTES
    assert.deepEqual(compactions([
      { utilization: busy, heapUsed: 30 * MiB },
      { utilization: busy, heapUsed: 24 * MiB },
      { utilization: quiet, heapUsed: grown },
      { utilization: quiet, heapUsed: grown },
      { utilization: quiet, heapUsed: grown + MiB }
    ]), [2])
  })

  it('does not compact while busy, however much the heap grew', () => {
    assert.deepEqual(compactions([{ utilization: busy, heapUsed: 60 * MiB }, { utilization: busy, heapUsed: 70 * MiB }]), [])
  })

  it('leaves a quiet node that did no work alone until its heap grew by the larger threshold', () => {
    const checks = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ utilization: quiet, heapUsed: 20 * MiB + n * IDLE_COMPACTION_AFTER_WORK_BYTES }))
    assert.deepEqual(compactions(checks), [])
    assert.deepEqual(compactions([{ utilization: quiet, heapUsed: 20 * MiB + IDLE_COMPACTION_GROWTH_BYTES }]), [0])
  })

  it('gives malloc memory back at every other quiet check, never while busy', () => {
    let state: IdleCompactionState = { baseline: 20 * MiB, worked: false }
    const steps = [
      { utilization: busy, heapUsed: 30 * MiB },
      { utilization: quiet, heapUsed: 30 * MiB },
      { utilization: quiet, heapUsed: 20 * MiB },
      { utilization: quiet, heapUsed: 20 * MiB }
    ].map((check) => {
      const step = idleCompactionStep(state, check)
      state = step.compact ? { baseline: check.heapUsed, worked: false } : step.state
      return { compact: step.compact, trim: step.trim }
    })
    // the compaction trims by itself (compactHeap)
    assert.deepEqual(steps, [{ compact: false, trim: false }, { compact: true, trim: false }, { compact: false, trim: true }, { compact: false, trim: true }])
  })

  it('reads another no-work threshold from PARLEY_IDLE_COMPACTION_GROWTH_MIB, for the bench to compare', () => {
    assert.equal(growthFromEnv('2'), 2 * MiB)
    for (const unset of [undefined, '', 'two', '0', '-1']) assert.equal(growthFromEnv(unset), undefined)
  })

  it('reports how long the last compaction took (PARLEY_DEBUG_MEMORY), none before the first', () => {
    const memory = new URL('../../src/cli/memory.js', import.meta.url).href
    const code = `const m = await import(${JSON.stringify(memory)}); const before = m.memoryReport().compactionMs; m.compactHeap(); console.log(JSON.stringify({ before, after: m.memoryReport().compactionMs }))`
    const { before, after } = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { encoding: 'utf8' }))
    assert.equal(before, undefined)
    assert.ok(typeof after === 'number' && after > 0, `compactionMs ${after}`)
  })

  it('measures growth from the lowest heap seen since the last compaction', () => {
    assert.deepEqual(compactions([
      { utilization: busy, heapUsed: 12 * MiB },
      { utilization: quiet, heapUsed: 12 * MiB + IDLE_COMPACTION_AFTER_WORK_BYTES / 2 }
    ]), [])
  })
})
