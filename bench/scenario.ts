/**
 * The contract between the harness (run.ts) and a scenario (scenarios/<name>.ts).
 * A scenario measures; the harness prints, judges targets and writes the results.
 */
import type { PlotSpec } from './plot.js'

/** A target a figure should meet; a missed target is reported, never fatal. */
export type Target = { atMost: number } | { atLeast: number }

export interface SummaryRow {
  metric: string
  /** null when the figure could not be measured (see `note`) */
  value: number | null
  unit: string
  target?: Target
  /** filled in by the harness from `target` when the scenario leaves it out */
  pass?: boolean
  /** why a value is missing, or what qualifies it */
  note?: string
}

export interface ScenarioResult {
  summary: SummaryRow[]
  /** raw samples and anything else worth keeping in the JSON file */
  series?: Record<string, unknown>
  plots: PlotSpec[]
}

/** Reports what a long-running scenario is doing, one line per call. */
export type Progress = (message: string) => void

export interface Scenario {
  name: string
  description: string
  run: (progress: Progress) => Promise<ScenarioResult>
}

export function meetsTarget (value: number, target: Target): boolean {
  return 'atMost' in target ? value <= target.atMost : value >= target.atLeast
}

export function describeTarget (target: Target, unit: string): string {
  return 'atMost' in target ? `≤ ${target.atMost} ${unit}` : `≥ ${target.atLeast} ${unit}`
}
