import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ZERO_COLUMNS, formatChaosTable } from './report.js'
import { runScenario } from './runner.js'
import { SHORT } from './scenario.js'
import { CHAOS_SCENARIOS } from './scenarios.js'
import type { ChaosRow } from './report.js'

/**
 * Issue 19, must show 1: the nemesis suite at its short scale (one brief fault per
 * scenario; `npm run chaos` runs it at full scale). Each scenario must lose, split,
 * duplicate and wrongly accept nothing, and no node process may exit unasked.
 */
describe('chaos, short', () => {
  const rows: ChaosRow[] = []

  for (const scenario of CHAOS_SCENARIOS) {
    it(scenario.name, { skip: scenario.unavailable?.() ?? false }, async (t) => {
      const row = await runScenario(scenario, SHORT, (line) => { t.diagnostic(line) })
      rows.push(row)
      t.diagnostic(row.notes)
      for (const column of ZERO_COLUMNS) assert.equal(row[column], 0, `${column}: ${row.notes}`)
      assert.ok(row.tried > 0)
    })
  }

  it('prints the table', () => {
    console.log(formatChaosTable(rows))
  })
})
