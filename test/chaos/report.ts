/** One row per chaos scenario: what was tried, what went wrong, and the table and JSON made of them. */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { loadavg } from 'node:os'

/** What a scenario counts; every column but `tried` should be 0. */
export interface ChaosCounts {
  /** user writes (posts, DMs, group messages) and hostile inputs attempted */
  tried: number
  /** acknowledged user data missing afterwards */
  lost: number
  /** members or followers disagreeing afterwards */
  divergent: number
  /** user data shown twice */
  duplicated: number
  /** hostile input stored or acted upon */
  wronglyAccepted: number
}

export interface ChaosRow extends ChaosCounts {
  scenario: string
  /** node processes that exited unasked */
  crashes: number
  /** the highest VmHWM of the scenario's node processes, in MiB */
  peakRssMiB: number
  durationS: number
  /** what the scenario saw, in a line (refusals, acknowledgements, what crashed) */
  notes: string
}

export const ZERO_COLUMNS = ['lost', 'divergent', 'duplicated', 'wronglyAccepted', 'crashes'] as const

export function zeroCounts (): ChaosCounts {
  return { tried: 0, lost: 0, divergent: 0, duplicated: 0, wronglyAccepted: 0 }
}

export function addCounts (into: ChaosCounts, more: ChaosCounts): ChaosCounts {
  for (const key of ['tried', 'lost', 'divergent', 'duplicated', 'wronglyAccepted'] as const) into[key] += more[key]
  return into
}

/** The rows as a Markdown table (what the suite prints and the README shows). */
export function formatChaosTable (rows: ChaosRow[]): string {
  const lines = [
    '| scenario | tried | lost | divergent | duplicated | wrongly accepted | crashes | peak RSS | duration |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
  ]
  for (const r of rows) {
    lines.push(`| ${r.scenario} | ${r.tried} | ${r.lost} | ${r.divergent} | ${r.duplicated} | ${r.wronglyAccepted} | ${r.crashes} | ${r.peakRssMiB.toFixed(0)} MiB | ${r.durationS.toFixed(1)} s |`)
  }
  return lines.join('\n')
}

/** Writes the rows, with the date and the load average, as JSON. */
export async function writeChaosJson (path: string, rows: ChaosRow[], scale: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const load = loadavg().map((l) => Number(l.toFixed(2)))
  await writeFile(path, JSON.stringify({ date: new Date().toISOString(), scale, loadAverage: load, rows }, null, 2) + '\n')
}
