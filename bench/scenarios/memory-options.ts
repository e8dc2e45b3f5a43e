/**
 * `npm run bench memory-options` (issue 21, item 3): the resident memory of a sender and a
 * receiver with one user logged in, after `bench path`'s back-to-back run and a minute
 * idle, for the node as shipped and for other Node/V8 flags and malloc settings side by
 * side in one command (bench/memory/variants.ts; PARLEY_BENCH_MEMORY_VARIANTS=a,b picks
 * some), with what that memory is made of (smaps: the executable's shared pages against
 * private memory; heap, external). The load average is printed at the start and the end.
 */
import { cpus, loadavg } from 'node:os'
import { IDLE_MS, measureVariants } from '../memory/side-by-side.js'
import { selectedVariants } from '../memory/variants.js'
import { round } from '../stats.js'
import type { VariantMemory } from '../memory/side-by-side.js'
import type { PlotSpec } from '../plot.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

/** issue 21: a node with one user logged in, after the back-to-back run and a minute idle */
const RSS_GOAL_MIB = 100

function load (): string {
  return `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

/** the CPU time per message of the variant's load, µs: a memory cut must not cost the path's speed */
function cpuNote (v: VariantMemory, role: 'sender' | 'receiver'): string {
  const kinds = Object.entries(v.cpuUsPerMessage ?? {})
  if (kinds.length === 0) return ''
  return `; CPU µs/message ${kinds.map(([kind, cpu]) => `${kind} ${Math.round(cpu[role])}`).join(', ')}`
}

/** the resident memory by kind of mapping (composition.ts smapsParts) */
function partsNote (c: VariantMemory['sender']): string {
  const p = c.parts
  if (p == null) return ''
  return `; executable ${p.executable}, libraries ${p.libraries}, V8 pages ${p.v8Pages}, code range ${p.codeRange}, malloc main ${p.mallocMain}, malloc threads ${p.mallocThreads}, other anonymous ${p.otherAnonymous} MiB`
}

function variantRows (variants: VariantMemory[]): SummaryRow[] {
  const shipped = variants.find((v) => v.variant === 'as shipped')
  return variants.flatMap((v) => (['sender', 'receiver'] as const).map((role) => {
    const c = v[role]
    const difference = shipped == null || v === shipped ? undefined : round(c.rss - shipped[role].rss, 1)
    const against = difference == null ? '' : `; ${difference > 0 ? '+' : ''}${difference} MiB against as shipped`
    return {
      metric: `${v.variant}: ${role} RSS`,
      value: round(c.rss, 1),
      unit: 'MiB',
      ...(v === shipped ? { target: { atMost: RSS_GOAL_MIB } } : {}),
      note: `shared ${round(c.sharedClean, 1)}, private ${round(c.privateDirty, 1)}, heap ${c.report?.heapUsed ?? '?'} of ${c.report?.heapTotal ?? '?'}, external ${c.report?.external ?? '?'} MiB${partsNote(c)}${against}${cpuNote(v, role)}`
    }
  }))
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const loadAtStart = load()
  progress(`load average at start ${loadAtStart}`)
  const variants = await measureVariants(selectedVariants(), progress)
  const loadAtEnd = load()
  progress(`load average at end ${loadAtEnd}`)
  const plots: PlotSpec[] = [{
      kind: 'bars',
      title: `RSS after bench path's back-to-back run and ${IDLE_MS / 1000} s idle, one user logged in`,
      y: { label: 'resident memory', unit: 'MiB' },
      groups: variants.map((v) => v.variant),
      series: [
        { name: 'sender', values: variants.map((v) => round(v.sender.rss, 1)) },
        { name: 'receiver', values: variants.map((v) => round(v.receiver.rss, 1)) },
        { name: 'shared (the node executable)', values: variants.map((v) => round(v.sender.sharedClean, 1)) }
      ],
      reference: { value: RSS_GOAL_MIB, label: `goal ${RSS_GOAL_MIB} MiB` }
    }]
  return {
    summary: [
      { metric: 'load average at start', value: Number(loadAtStart.split(' ')[0]), unit: '', note: loadAtStart },
      ...variantRows(variants),
      { metric: 'load average at end', value: Number(loadAtEnd.split(' ')[0]), unit: '', note: loadAtEnd }
    ],
    series: { loadAtStart, loadAtEnd, idleMs: IDLE_MS, variants },
    plots
  }
}

export const scenario: Scenario = {
  name: 'memory-options',
  description: `RSS of a sender and a receiver after bench path's run and ${IDLE_MS / 1000} s idle, for node option variants side by side`,
  run
}
