/**
 * `npm run bench path-profile`: where one DM's microseconds go, sender and receiver
 * (bench/path/profile-dm.ts). With PARLEY_BENCH_PATH_BEFORE=<another built checkout>
 * that checkout's copy runs first, in the same command, and the two are set side by
 * side: before and after a change on the path.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { cpus, loadavg } from 'node:os'
import { profileDmPath } from '../path/profile-dm.js'
import { round } from '../stats.js'
import type { DmProfile, SideProfile } from '../path/profile-dm.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

async function profileOf (checkout: string, progress: Progress): Promise<DmProfile> {
  const child = spawn(process.execPath, [join(checkout, 'dist/bench/path/profile-dm.js')], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { progress(`before: ${chunk.toString().trim()}`) })
  const code = await new Promise((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the profile in ${checkout} exited ${String(code)}`)
  return JSON.parse(stdout)
}

function load (): string {
  return `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

function print (label: string, kind: string, role: string, side: SideProfile): void {
  console.log(`\n  ${label}, ${role}: ${side.busyUsPerDm} µs of CPU per ${kind}`)
  console.log(`    by module (µs per ${kind}): ${side.modules.map((m) => `${m.module} ${m.us}`).join(', ')}`)
  for (const f of side.functions) console.log(`    ${String(f.us).padStart(7)}  ${f.fn}  [${f.module}]`)
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const before = process.env.PARLEY_BENCH_PATH_BEFORE
  const runs: Array<[string, DmProfile, string]> = []
  if (before != null && before !== '') {
    const loadBefore = load()
    runs.push(['before', await profileOf(before, progress), loadBefore])
  }
  const loadNow = load()
  runs.push([before != null && before !== '' ? 'after' : 'this build', await profileDmPath(progress), loadNow])
  for (const [label, profile] of runs) {
    for (const role of ['sender', 'receiver'] as const) print(label, profile.kind ?? 'dm', role, profile[role])
  }
  const summary: SummaryRow[] = runs.flatMap(([label, p, l]) => [
    { metric: `${label}: ${p.kind ?? 'dm'} paced p50`, value: round(p.p50), unit: 'ms', note: `p99 ${round(p.p99)} ms; load ${l}` },
    { metric: `${label}: ${p.kind ?? 'dm'} back to back`, value: round(p.backToBackS, 2), unit: 's' },
    { metric: `${label}: sender CPU per ${p.kind ?? 'dm'}`, value: p.sender.busyUsPerDm, unit: 'µs', note: 'profile time not idle (preemption by other processes included)' },
    { metric: `${label}: receiver CPU per ${p.kind ?? 'dm'}`, value: p.receiver.busyUsPerDm, unit: 'µs' },
    ...(p.cpuUs == null ? [] : [{ metric: `${label}: user + system CPU per ${p.kind ?? 'dm'}`, value: p.cpuUs.sender + p.cpuUs.receiver, unit: 'µs', note: `sender ${p.cpuUs.sender}, receiver ${p.cpuUs.receiver} (/proc, under the profiler; not inflated by other processes)` }])
  ])
  return { summary, series: Object.fromEntries(runs.map(([label, p, l]) => [label, { ...p, load: l }])), plots: [] }
}

export const scenario: Scenario = {
  name: 'path-profile',
  description: 'CPU profile of the DM path (PARLEY_BENCH_PATH_PROFILE_KIND=post or group: that path) (sender and receiver node processes), self time per DM by module and function; PARLEY_BENCH_PATH_BEFORE=<checkout> adds that build side by side',
  run
}
