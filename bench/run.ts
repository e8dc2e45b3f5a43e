/**
 * Benchmark harness: `npm run bench [scenario...]` runs the named scenarios (all when
 * none is named), prints their progress and a summary against the targets, and writes
 * bench/results/<name>.json and <name>.svg. A missed target is printed as MISSED but
 * does not fail the run: benchmarks report, tests gate. Only a crash exits non-zero.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { renderFigure } from './plot.js'
import { describeTarget, meetsTarget } from './scenario.js'
import type { Scenario, ScenarioResult, SummaryRow } from './scenario.js'

// run.js sits in dist/bench/, its scenarios beside it; results go to the source tree
const SCENARIOS_DIR = new URL('./scenarios/', import.meta.url)
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url))

async function availableScenarios (): Promise<string[]> {
  const files = await readdir(SCENARIOS_DIR)
  return files.filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort()
}

async function loadScenario (name: string): Promise<Scenario> {
  const module = await import(new URL(`${name}.js`, SCENARIOS_DIR).href)
  const scenario: Scenario = module.default ?? module.scenario
  if (typeof scenario?.run !== 'function') throw new TypeError(`bench/scenarios/${name}.ts exports no scenario`)
  return scenario
}

function machine (): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`
  }
}

/** Fills in `pass` from the target wherever the scenario left it to the harness. */
function judge (rows: SummaryRow[]): SummaryRow[] {
  return rows.map((row) => row.pass != null || row.target == null || row.value == null
    ? row
    : { ...row, pass: meetsTarget(row.value, row.target) })
}

function formatValue (row: SummaryRow): string {
  if (row.value == null) return 'n/a'
  const digits = Math.abs(row.value) >= 100 || Number.isInteger(row.value) ? 0 : 2
  return `${row.value.toFixed(digits)} ${row.unit}`.trim()
}

function printSummary (scenario: Scenario, rows: SummaryRow[]): void {
  const table = rows.map((row) => [
    row.metric,
    formatValue(row),
    row.target == null ? '' : describeTarget(row.target, row.unit),
    row.pass == null ? (row.target != null ? 'n/a' : '') : row.pass ? 'ok' : 'MISSED',
    row.note ?? ''
  ])
  const header = ['metric', 'value', 'target', 'result', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)))
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  console.log(`\n${scenario.name}: ${scenario.description}`)
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of table) console.log(line(row))
  const missed = rows.filter((r) => r.pass === false).length
  console.log(missed === 0 ? '  all targets met\n' : `  ${missed} target(s) MISSED\n`)
}

async function writeResults (scenario: Scenario, result: ScenarioResult, summary: SummaryRow[], durationMs: number): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true })
  const json = {
    scenario: scenario.name,
    description: scenario.description,
    timestamp: new Date().toISOString(),
    durationMs: Math.round(durationMs),
    machine: machine(),
    summary,
    series: result.series ?? {}
  }
  await writeFile(`${RESULTS_DIR}${scenario.name}.json`, JSON.stringify(json, null, 2) + '\n')
  if (result.plots.length > 0) await writeFile(`${RESULTS_DIR}${scenario.name}.svg`, renderFigure(result.plots))
  console.log(`  wrote bench/results/${scenario.name}.json${result.plots.length > 0 ? ` and ${scenario.name}.svg` : ''}`)
}

async function runOne (name: string): Promise<boolean> {
  const scenario = await loadScenario(name)
  const started = performance.now()
  const progress = (message: string): void => {
    console.log(`[${name} ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`)
  }
  progress(`starting: ${scenario.description}`)
  try {
    const result = await scenario.run(progress)
    const summary = judge(result.summary)
    printSummary(scenario, summary)
    await writeResults(scenario, result, summary, performance.now() - started)
    return true
  } catch (err: any) {
    console.error(`[${name}] FAILED: ${err?.stack ?? err}`)
    return false
  }
}

async function main (): Promise<void> {
  const available = await availableScenarios()
  const requested = process.argv.slice(2)
  const unknown = requested.filter((name) => !available.includes(name))
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; available: ${available.join(', ')}`)
    process.exitCode = 2
    return
  }
  let crashed = false
  for (const name of requested.length > 0 ? requested : available) {
    if (!await runOne(name)) crashed = true
  }
  process.exitCode = crashed ? 1 : 0
}

await main()
