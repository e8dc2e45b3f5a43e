/**
 * The user's path against the fastest peer (issue 21): DMs, posts and group messages
 * through two `parley node` processes (HTTP API in at the sender, the receiver's events
 * WebSocket out), side by side in one run with a js-libp2p gossipsub baseline (publisher
 * and subscriber processes, unacknowledged) and a js-libp2p stream ping-pong between two
 * processes, the floor; plus a bare fastify POST and gossipsub behind the same client path
 * (HTTP in, WebSocket out), the floors of that path. The same load everywhere: 1,000 messages of 100 bytes back to
 * back, each awaited, then 200 at one per 10 ms (bench/path/pattern.ts). Goals are ratios
 * to gossipsub; the load average is printed at the start and the end.
 */
import { cpus, loadavg } from 'node:os'
import { gossipsubBaseline, gossipsubClientPath, httpFloor, pingPongFloor } from '../path/baselines.js'
import { measureParleyPath } from '../path/parley-path.js'
import { BACK_TO_BACK, PACED, summary } from '../path/pattern.js'
import { cdf, percentile, round } from '../stats.js'
import type { PathFigures } from '../path/pattern.js'
import type { ParleyPathResult, PathKind } from '../path/parley-path.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

/** issue 21's goals: ratios to gossipsub, and the group's back-to-back run in seconds */
const GOALS = { pacedP50: 1.2, pacedP99: 1.5, dmBackToBack: 1.5, postBackToBack: 1.5, groupBackToBackS: 1.0, rssMiB: 100 }

/** which Parley paths to run: a comma-separated list of dm, post, group (default all three; PARLEY_BENCH_PATH_KINDS). The baselines always run, and the memory is read only when all three do. */
const KINDS = (process.env.PARLEY_BENCH_PATH_KINDS ?? 'dm,post,group').split(',').map((k) => k.trim()).filter((k) => k !== '') as PathKind[]

function load (): string {
  return `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

function rows (name: string, figures: PathFigures, note = '', cpu?: ParleyPathResult['cpuUsPerMessage'][PathKind]): SummaryRow[] {
  const s = summary(figures)
  return [
    ...(cpu == null ? [] : [{ metric: `${name}: CPU per message, sender + receiver`, value: cpu.sender + cpu.receiver, unit: 'µs', note: `sender ${cpu.sender}, receiver ${cpu.receiver} (user + system, /proc; whatever the load)` },
          { metric: `${name}: write syscalls per message, sender + receiver`, value: round(cpu.syscalls.sender.writes + cpu.syscalls.receiver.writes, 2), unit: '', note: `writes: sender ${cpu.syscalls.sender.writes}, receiver ${cpu.syscalls.receiver.writes}; reads: sender ${cpu.syscalls.sender.reads}, receiver ${cpu.syscalls.receiver.reads} (/proc/PID/io)` }]),
    { metric: `${name}: paced p50`, value: round(s.p50), unit: 'ms', note },
    { metric: `${name}: paced p99`, value: round(s.p99), unit: 'ms' },
    { metric: `${name}: ${BACK_TO_BACK} back to back`, value: round(s.backToBackS, 2), unit: 's', note: figures.answeredMs == null ? '' : `last answer after ${round(figures.answeredMs / 1000, 2)} s` }
  ]
}

/**
 * Each Parley path against gossipsub behind the same client path (HTTP in, WebSocket out): how
 * much of the distance to the library-call baseline is the path itself. No goal: information.
 */
function againstClientPath (base: ReturnType<typeof summary>, kinds: Array<[string, PathFigures | undefined]>): SummaryRow[] {
  return kinds.flatMap(([name, figures]) => {
    if (figures == null) return []
    const s = summary(figures)
    return [
      { metric: `${name} paced p50 / gossipsub on the client path`, value: round(s.p50 / base.p50, 2), unit: '×' },
      { metric: `${name} paced p99 / gossipsub on the client path`, value: round(s.p99 / base.p99, 2), unit: '×' },
      { metric: `${BACK_TO_BACK} ${name}s back to back / gossipsub on the client path`, value: round(s.backToBackS / base.backToBackS, 2), unit: '×' }
    ]
  })
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const loadAtStart = load()
  progress(`load average at start ${loadAtStart}`)
  const gossip = await gossipsubBaseline()
  progress(`gossipsub: paced p50 ${percentile(gossip.pacedMs, 50).toFixed(2)} ms, ${BACK_TO_BACK} in ${(gossip.backToBackMs / 1000).toFixed(2)} s`)
  const floor = await pingPongFloor()
  progress(`ping-pong: round trip p50 ${percentile(floor.pacedMs, 50).toFixed(2)} ms, ${BACK_TO_BACK} in ${(floor.backToBackMs / 1000).toFixed(2)} s`)
  const http = await httpFloor()
  progress(`HTTP floor: round trip p50 ${percentile(http.pacedMs, 50).toFixed(2)} ms, ${BACK_TO_BACK} in ${(http.backToBackMs / 1000).toFixed(2)} s`)
  const gossipPath = await gossipsubClientPath()
  progress(`gossipsub on the client path: paced p50 ${percentile(gossipPath.pacedMs, 50).toFixed(2)} ms, ${BACK_TO_BACK} in ${(gossipPath.backToBackMs / 1000).toFixed(2)} s`)
  const parley = await measureParleyPath({ progress, kinds: KINDS, memory: KINDS.length === 3 })
  const { dm, post, group } = parley.figures
  const loadAtEnd = load()
  progress(`load average at end ${loadAtEnd}`)

  const g = summary(gossip)
  const ratio = (value: number, base: number): number => round(value / base, 2)
  const table: SummaryRow[] = [
    { metric: 'load average at start', value: Number(loadAtStart.split(' ')[0]), unit: '', note: loadAtStart },
    ...rows('ping-pong floor (round trip)', floor, 'one libp2p stream, 100 bytes there and back'),
    ...rows('gossipsub baseline', gossip, 'publish → subscriber event, unacknowledged'),
    ...rows('HTTP floor (round trip)', http, 'the client → a bare fastify POST in another process → 201, keep-alive'),
    ...rows('gossipsub on the client path', gossipPath, 'HTTP POST → publish → subscriber → WebSocket event; no storage, no signing but gossipsub\'s'),
    ...(dm == null ? [] : rows('Parley DM', dm, `HTTP → seal → TCP → ack → WS; ${parley.undelivered} not delivered at the sender`, parley.cpuUsPerMessage.dm)),
    ...(post == null ? [] : rows('Parley post', post, 'HTTP → log → gossipsub → WS', parley.cpuUsPerMessage.post)),
    ...(group == null ? [] : rows('Parley group message', group, `HTTP → host commit → WS; answered ${process.env.PARLEY_BENCH_PATH_GROUP_WAIT === 'true' ? 'after the commit' : 'once in the outbox (wait=false)'}`, parley.cpuUsPerMessage.group)),
    ...(dm == null
      ? []
      : [
          { metric: 'DM paced p50 / gossipsub', value: ratio(percentile(dm.pacedMs, 50), g.p50), unit: '×', target: { atMost: GOALS.pacedP50 } },
          { metric: 'DM paced p99 / gossipsub', value: ratio(percentile(dm.pacedMs, 99), g.p99), unit: '×', target: { atMost: GOALS.pacedP99 } },
          { metric: `${BACK_TO_BACK} DMs back to back / gossipsub`, value: ratio(dm.backToBackMs, gossip.backToBackMs), unit: '×', target: { atMost: GOALS.dmBackToBack } }
        ]),
    ...(post == null
      ? []
      : [
          { metric: `${BACK_TO_BACK} posts back to back / gossipsub`, value: ratio(post.backToBackMs, gossip.backToBackMs), unit: '×', target: { atMost: GOALS.postBackToBack } },
          { metric: 'post paced p50 / gossipsub', value: ratio(percentile(post.pacedMs, 50), g.p50), unit: '×' }
        ]),
    ...againstClientPath(summary(gossipPath), [['DM', dm], ['post', post], ['group message', group]]),
    ...(group == null ? [] : [{ metric: `${BACK_TO_BACK} group messages back to back`, value: round(group.backToBackMs / 1000, 2), unit: 's', target: { atMost: GOALS.groupBackToBackS } }]),
    ...(parley.rssMiB == null
      ? []
      : [
          { metric: `sender RSS after the runs and ${parley.rssMiB.idleMs / 1000} s idle`, value: round(parley.rssMiB.sender, 1), unit: 'MiB', target: { atMost: GOALS.rssMiB }, note: 'one user logged in' },
          { metric: `receiver RSS after the runs and ${parley.rssMiB.idleMs / 1000} s idle`, value: round(parley.rssMiB.receiver, 1), unit: 'MiB', target: { atMost: GOALS.rssMiB }, note: 'one user logged in' }
        ]),
    { metric: 'load average at end', value: Number(loadAtEnd.split(' ')[0]), unit: '', note: loadAtEnd }
  ]
  const measured: Array<[string, PathFigures | undefined]> = [['ping-pong RTT', floor], ['HTTP RTT', http], ['gossipsub', gossip], ['gossipsub, client path', gossipPath], ['Parley DM', dm], ['Parley post', post], ['Parley group', group]]
  const systems = measured.filter((s): s is [string, PathFigures] => s[1] != null)
  return {
    summary: table,
    series: {
      loadAtStart,
      loadAtEnd,
      pattern: { backToBack: BACK_TO_BACK, paced: PACED },
      ...Object.fromEntries(systems.map(([name, f]) => [name, { pacedMs: f.pacedMs.map((x) => round(x, 3)), backToBackMs: round(f.backToBackMs), answeredMs: f.answeredMs == null ? undefined : round(f.answeredMs) }])),
      rssMiB: parley.rssMiB
    },
    plots: [
      {
        kind: 'lines',
        title: `Paced latency (CDF), ${PACED} messages of 100 bytes at 10 ms`,
        x: { label: 'send → seen at the receiver', unit: 'ms', log: true },
        y: { label: 'messages at or below', unit: '%' },
        series: systems.map(([name, f]) => ({ name, points: cdf(f.pacedMs).map(([x, y]) => [round(x, 3), round(y)]) }))
      },
      {
        kind: 'bars',
        title: `${BACK_TO_BACK} messages back to back, each awaited`,
        y: { label: 'first send → last seen at the receiver', unit: 's' },
        groups: systems.map(([name]) => name),
        series: [{ name: 'measured', values: systems.map(([, f]) => round(f.backToBackMs / 1000, 2)) }],
        reference: { value: round(gossip.backToBackMs * GOALS.dmBackToBack / 1000, 2), label: '1.5 × gossipsub' }
      }
    ]
  }
}

export const scenario: Scenario = {
  name: 'path',
  description: `the client's path (HTTP in, events WebSocket out) for DMs, posts and group messages vs js-libp2p gossipsub and a stream ping-pong: ${BACK_TO_BACK} back to back, ${PACED} paced at 10 ms; PARLEY_BENCH_PATH_KINDS=post,group runs only those (the baselines always)`,
  run
}
