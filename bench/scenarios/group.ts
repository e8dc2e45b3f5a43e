/**
 * Group chats: commit latency (send → committed at the sender) and committed messages per
 * second for 5 and 10 members, in-process nodes over TCP on 127.0.0.1 (one process, so all
 * members share one thread); and failover time over 20 host SIGKILLs of real `parley
 * node` processes (kill → first new commit seen by a live member).
 */
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { BENCH_NETWORK, BENCH_PASSWORD, TEST_SCRYPT, callHttp, removeNodes, startTestNetwork, waitFor } from '../../test/support/nodes.js'
import { startProcessNetwork } from '../../test/support/processes.js'
import { cdf, mean, percentile, round } from '../stats.js'
import type { Parley } from '../../src/app/index.js'
import type { ProcessMember as Member } from '../../test/support/processes.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'

/** PARLEY_BENCH_GROUP_SIZES=5 runs only those sizes (e.g. while iterating); PARLEY_BENCH_SKIP_FAILOVER=1 skips the kills */
const SIZES = (process.env.PARLEY_BENCH_GROUP_SIZES ?? '5,10').split(',').map(Number)
/** concurrent senders: one in the group to measure latency, many per member for throughput */
const LATENCY_LANES = 1
const THROUGHPUT_LANES = 32
const MEASURE_MS = 5_000
const KILLS = 20
/** how often the bench checks what it waits for, in ms */
const POLL_MS = 20

/** PARLEY_BENCH_CPU_PROFILE=dir writes V8 CPU profiles of each phase there (group-<members>[-latency].cpuprofile) */
async function profiled<T> (name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.PARLEY_BENCH_CPU_PROFILE
  if (dir == null || dir === '') return fn()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(`${dir}/group-${name}.cpuprofile`, JSON.stringify(profile))
    session.disconnect()
  }
}

interface Throughput { members: number, latenciesMs: number[], perSecond: number, loadedLatenciesMs: number[], cpuUsPerMessage: number, lightCpuUsPerMessage: number }

/** Every member runs `lanes` senders, each sending its next message once the last committed. */
async function load (nodes: Parley[], id: string, lanes: number, ms: number): Promise<{ latencies: number[], perSecond: number, cpuUsPerMessage: number }> {
  const latencies: number[] = []
  const end = performance.now() + ms
  const startCommit = nodes[0].groups.view(id).commitIndex
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(nodes.flatMap((p) => Array.from({ length: lanes }, async () => {
    while (performance.now() < end) {
      const t = performance.now()
      const answer = await p.groups.send(id, 'x'.repeat(100))
      if (answer.status === 'committed') latencies.push(performance.now() - t)
    }
  })))
  const elapsed = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const committed = nodes[0].groups.view(id).commitIndex - startCommit
  // CPU of the whole process (every member, all threads) per committed message: less noisy than rates on a shared machine
  return { latencies, perSecond: committed / elapsed, cpuUsPerMessage: (used.user + used.system) / Math.max(1, committed) }
}

async function measureThroughput (n: number, progress: Progress): Promise<Throughput> {
  // one node at a time, over TCP
  const network = await startTestNetwork(n, { ...BENCH_NETWORK, batch: 1, scrypt: TEST_SCRYPT, prefix: 'parley-bench-group-' })
  const nodes: Parley[] = network.map((node) => node.parley)
  try {
    await waitFor(() => nodes.every((p) => p.libp2p.getPeers().length > 0), 20_000, 'connections', POLL_MS)
    for (const [i, node] of nodes.entries()) await node.accounts.register(`bench_${i}`, BENCH_PASSWORD)
    const names = nodes.map((_, i) => `bench_${i}`)
    let created
    for (;;) {
      try { created = await nodes[0].groups.create('bench', names.slice(1)); break } catch { await new Promise((resolve) => setTimeout(resolve, 200)) }
    }
    const id = created.id
    await waitFor(() => nodes.every((p) => { try { p.groups.view(id); return true } catch { return false } }), 10_000, 'invitations', POLL_MS)
    await nodes[0].groups.startChat(id)
    await waitFor(() => nodes.every((p) => p.groups.view(id).host != null), 10_000, 'a host', POLL_MS)
    progress(`${n} members: host ${nodes[0].groups.view(id).host}, warming up`)
    await Promise.all(nodes.map(async (p) => { for (let k = 0; k < 20; k++) await p.groups.send(id, `warm ${k}`) }))
    // latency: one member that is not the host sends, each message once the last committed
    const hostName = nodes[0].groups.view(id).host
    const sender = nodes.find((p) => p.session?.username !== hostName)!
    const light = await profiled(`${n}-latency`, async () => load([sender], id, LATENCY_LANES, MEASURE_MS))
    const heavy = await profiled(`${n}`, async () => load(nodes, id, THROUGHPUT_LANES, MEASURE_MS))
    const latencies = light.latencies
    const perSecond = heavy.perSecond
    progress(`${n} members: ${Math.round(perSecond)} msg/s (${Math.round(heavy.cpuUsPerMessage)} µs CPU per message) with ${THROUGHPUT_LANES} senders each; commit p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms (${Math.round(light.cpuUsPerMessage)} µs CPU per message) with one sender`)
    return { members: n, latenciesMs: latencies, perSecond, loadedLatenciesMs: heavy.latencies, cpuUsPerMessage: heavy.cpuUsPerMessage, lightCpuUsPerMessage: light.cpuUsPerMessage }
  } finally {
    await removeNodes(network)
  }
}

async function measureFailover (progress: Progress): Promise<number[]> {
  const network = await startProcessNetwork(Array.from({ length: 5 }, (_, i) => `fail_${i}`), { password: () => BENCH_PASSWORD, prefix: 'parley-bench-fo-', pollMs: POLL_MS })
  const { members, launch } = network
  const call = async (m: Member, method: string, path: string, body?: unknown): Promise<any> => (await callHttp(m.api, method, path, body, m.token)).body
  try {
    let id = ''
    await waitFor(async () => { const g = await call(members[0], 'POST', '/api/groups', { name: 'failover', members: members.slice(1).map((m) => m.user) }); id = g.id ?? ''; return id !== '' }, 30_000, 'group creation', 200)
    await waitFor(async () => (await Promise.all(members.map(async (m) => call(m, 'GET', `/api/groups/${id}`)))).every((g) => g.id === id), 10_000, 'invitations', POLL_MS)
    await call(members[0], 'POST', `/api/groups/${id}/start`)
    const live = (): Member[] => members.filter((m) => m.node != null)
    await waitFor(async () => (await call(members[0], 'GET', `/api/groups/${id}`)).host != null, 10_000, 'a host', POLL_MS)
    const times: number[] = []
    for (let k = 0; k < KILLS; k++) {
      const before = await call(live()[0], 'GET', `/api/groups/${id}`)
      const host = members.find((m) => m.user === before.host)!
      const others = live().filter((m) => m !== host)
      const node = host.node!
      host.node = null
      const killedAt = performance.now()
      node.child.kill('SIGKILL')
      // a follower sends at once: it is committed as soon as a new host takes over
      void call(others[0], 'POST', `/api/groups/${id}/messages`, { text: `after kill ${k}` }).catch(() => {})
      await waitFor(async () => (await call(others[1], 'GET', `/api/groups/${id}`)).commitIndex > before.commitIndex, 10_000, 'a commit after the kill', 5)
      times.push(performance.now() - killedAt)
      progress(`kill ${k + 1}/${KILLS}: ${before.host} → first new commit after ${Math.round(times.at(-1)!)} ms`)
      await node.exited
      await launch(host)
      host.token = (await callHttp(host.api, 'POST', '/api/login', { username: host.user, password: BENCH_PASSWORD })).body.token
      const target = (await call(others[1], 'GET', `/api/groups/${id}`)).commitIndex
      await waitFor(async () => (await call(host, 'GET', `/api/groups/${id}`)).commitIndex >= target, 20_000, 'the restarted member to catch up', POLL_MS)
    }
    return times
  } finally {
    await network.remove()
  }
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const runs: Throughput[] = []
  for (const n of SIZES) runs.push(await measureThroughput(n, progress))
  const failover = process.env.PARLEY_BENCH_SKIP_FAILOVER === '1' ? [] : await measureFailover(progress)
  const five = runs[0]
  return {
    summary: [
      ...runs.flatMap((r) => [
        { metric: `${r.members} members: committed msg/s`, value: round(r.perSecond, 0), unit: 'msg/s', ...(r.members === 5 ? { target: { atLeast: 2_000 } } : {}), note: `${THROUGHPUT_LANES} senders per member; commit p50 then ${round(percentile(r.loadedLatenciesMs, 50))} ms` },
        { metric: `${r.members} members: CPU per committed message`, value: round(r.cpuUsPerMessage, 0), unit: 'µs', note: 'whole process (all members, all threads) under the throughput load' },
        { metric: `${r.members} members: commit p50`, value: round(percentile(r.latenciesMs, 50)), unit: 'ms', ...(r.members === 5 ? { target: { atMost: 3 } } : {}), note: 'one sender (not the host), each message after the last committed' },
        { metric: `${r.members} members: commit p99`, value: round(percentile(r.latenciesMs, 99)), unit: 'ms' },
        { metric: `${r.members} members: CPU per message, one sender`, value: round(r.lightCpuUsPerMessage, 0), unit: 'µs', note: 'whole process while measuring the commit latency' }
      ]),
      { metric: 'failover median (SIGKILL → first new commit)', value: round(percentile(failover, 50), 0), unit: 'ms', target: { atMost: 500 }, note: `${failover.length} kills, 5 processes` },
      { metric: 'failover max', value: round(Math.max(...failover), 0), unit: 'ms', target: { atMost: 1_500 } },
      { metric: 'failover mean', value: round(mean(failover), 0), unit: 'ms' }
    ],
    series: { latenciesMs: Object.fromEntries(runs.map((r) => [r.members, r.latenciesMs.map((x) => round(x))])), perSecond: Object.fromEntries(runs.map((r) => [r.members, round(r.perSecond, 0)])), failoverMs: failover.map((x) => round(x)), fiveMembersPerSecond: five.perSecond },
    plots: [
      {
        kind: 'bars',
        title: 'Commit latency at the sender',
        y: { label: 'latency', unit: 'ms' },
        groups: runs.map((r) => `${r.members} members`),
        series: [
          { name: 'p50', values: runs.map((r) => round(percentile(r.latenciesMs, 50))) },
          { name: 'p99', values: runs.map((r) => round(percentile(r.latenciesMs, 99))) }
        ],
        reference: { value: 3, label: 'p50 target (5 members): 3 ms' }
      },
      {
        kind: 'lines',
        title: 'Failover time over 20 host SIGKILLs (CDF)',
        x: { label: 'SIGKILL → first new commit', unit: 'ms' },
        y: { label: 'kills at or below', unit: '%' },
        series: [{ name: '5 processes', points: cdf(failover).map(([x, y]) => [round(x), round(y)]) }],
        reference: { value: 500, label: 'median target 500 ms' }
      }
    ]
  }
}

export const scenario: Scenario = {
  name: 'group',
  description: 'group chat commit latency and throughput (5 and 10 members), failover time over 20 host kills',
  run
}
