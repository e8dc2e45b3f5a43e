/**
 * `npm run bench memory` (issue 21, item 3): whether a node keeps anything per message.
 * 100,000 DMs and posts between two `parley node` processes through the API, RSS and the
 * heap after a full collection every 5,000 (bench/memory/long-run.ts), with the load
 * average at the start and the end. The RSS of an idle node, and what Node/V8 options do
 * to it, is `npm run bench memory-options`.
 */
import { cpus, loadavg } from 'node:os'
import { runLong, MESSAGES, SAMPLE_EVERY, TEXT_BYTES } from '../memory/long-run.js'
import { round } from '../stats.js'
import type { LongRunResult } from '../memory/long-run.js'
import type { PlotSpec } from '../plot.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

/** the heap after a full collection may grow this much over the long run's second half, sender and receiver (2 MiB) */
const SECOND_HALF_GROWTH_MIB = 2

function load (): string {
  return `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

function longRows (long: LongRunResult): SummaryRow[] {
  const samples = long.samples
  const last = samples[samples.length - 1]
  const half = samples[Math.floor((samples.length - 1) / 2)]
  return [
    ...(['sender', 'receiver'] as const).flatMap((role) => {
      const heap = role === 'sender' ? 'senderHeap' : 'receiverHeap'
      const rss = role === 'sender' ? 'senderRss' : 'receiverRss'
      return [
        { metric: `${role}: heap after GC, start → half → end`, value: round(last[heap], 1), unit: 'MiB', note: `${round(samples[0][heap], 1)} → ${round(half[heap], 1)} → ${round(last[heap], 1)}` },
        { metric: `${role}: heap growth over the second half`, value: round(last[heap] - half[heap], 2), unit: 'MiB', target: { atMost: SECOND_HALF_GROWTH_MIB } },
        { metric: `${role}: RSS at the end (busy, not idle)`, value: round(last[rss], 1), unit: 'MiB', note: `most ${round(Math.max(...samples.map((s) => s[rss])), 1)} MiB` }
      ]
    }),
    { metric: `${last.messages} messages sent in`, value: round(last.elapsedS, 1), unit: 's', note: `${long.undelivered} DMs not answered delivered; ${TEXT_BYTES} bytes each` }
  ]
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const loadAtStart = load()
  progress(`load average at start ${loadAtStart}`)
  const long = await runLong(progress)
  const loadAtEnd = load()
  progress(`load average at end ${loadAtEnd}`)
  const plots: PlotSpec[] = []
  if (long != null) {
    const line = (name: string, key: 'senderHeap' | 'receiverHeap' | 'senderRss' | 'receiverRss'): { name: string, points: Array<[number, number]> } =>
      ({ name, points: long.samples.map((s) => [s.messages / 1000, round(s[key], 1)]) })
    plots.push({
      kind: 'lines',
      title: `Heap after a full collection, every ${SAMPLE_EVERY} of ${MESSAGES} messages (half DMs, half posts)`,
      x: { label: 'messages sent', unit: 'thousands' },
      y: { label: 'heap used', unit: 'MiB' },
      series: [line('sender', 'senderHeap'), line('receiver', 'receiverHeap')]
    }, {
      kind: 'lines',
      title: 'Resident memory while sending (not idle)',
      x: { label: 'messages sent', unit: 'thousands' },
      y: { label: 'RSS', unit: 'MiB' },
      series: [line('sender', 'senderRss'), line('receiver', 'receiverRss')]
    })
  }
  return {
    summary: [
      { metric: 'load average at start', value: Number(loadAtStart.split(' ')[0]), unit: '', note: loadAtStart },
      ...longRows(long),
      { metric: 'load average at end', value: Number(loadAtEnd.split(' ')[0]), unit: '', note: loadAtEnd }
    ],
    series: { loadAtStart, loadAtEnd, long },
    plots
  }
}

export const scenario: Scenario = {
  name: 'memory',
  description: `${MESSAGES} DMs and posts between two node processes, RSS and the heap after a full collection every ${SAMPLE_EVERY}`,
  run
}
