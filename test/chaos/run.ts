/**
 * `npm run chaos [-- --short] [NAME...]`: the nemesis suite at full scale (or the short
 * scale `npm test` runs), scenarios whose name contains one of the NAMEs (default: all).
 * Prints a table and writes the rows to bench/results/chaos.json (a full run of every
 * scenario) or bench/results/chaos-partial.json (anything less).
 */
import { formatChaosTable, writeChaosJson } from './report.js'
import { runScenario } from './runner.js'
import { CHAOS_SCENARIOS } from './scenarios.js'
import { FULL, SHORT } from './scenario.js'
import type { ChaosRow } from './report.js'

const args = process.argv.slice(2)
const scale = args.includes('--short') ? SHORT : FULL
const names = args.filter((a) => !a.startsWith('--'))
const chosen = CHAOS_SCENARIOS.filter((s) => names.length === 0 || names.some((n) => s.name.includes(n)))
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`) }

const rows: ChaosRow[] = []
for (const scenario of chosen) {
  const unavailable = scenario.unavailable?.()
  if (unavailable != null) {
    log(`[${scenario.name}] skipped: ${unavailable}`)
    continue
  }
  log(`[${scenario.name}] starting (${scale.name})`)
  const row = await runScenario(scenario, scale, log)
  log(`[${scenario.name}] ${row.notes}`)
  rows.push(row)
}
process.stdout.write(formatChaosTable(rows) + '\n')
const complete = scale === FULL && chosen.length === CHAOS_SCENARIOS.length && rows.length === chosen.length
const path = complete ? 'bench/results/chaos.json' : 'bench/results/chaos-partial.json'
await writeChaosJson(path, rows, scale.name)
process.stdout.write(`rows written to ${path}\n`)
process.exit(0)
