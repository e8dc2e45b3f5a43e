/**
 * Username lookup through the DHT on 10 and 50 in-process nodes (memory transport):
 * latency of `lookupUser` (name claim, then profile) and the Kademlia hop count of the
 * name-claim query; plus start-up time and idle memory of one real node process.
 */
import { Key } from 'interface-datastore'
import { toString } from 'uint8arrays'
import { nameKey } from '../../src/identity/records.js'
import { BENCH_NETWORK, BENCH_PASSWORD, removeNodes, startTestNetwork, waitForRoutingTables } from '../../test/support/nodes.js'
import { measureNodeProcess } from '../node-process.js'
import { cdf, mean, percentile, pick, round, seededRandom } from '../stats.js'
import type { Parley } from '../../src/app/index.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'
import type { Datastore } from 'interface-datastore'

const SIZES = [10, 50]
const USERS = 20
const LOOKUPS = 200
const SEED = 20_251_121
// kad-dht's bucket size: a table this full (or holding every other node) is usable
const K = 20
const LOOKUP_P50_TARGET_MS = 20

interface SizeFigures {
  nodes: number
  lookupMs: number[]
  /**
   * kad-dht's own name-claim get, walked to the end (the query the hops are counted on).
   * Parley's lookups stop at a quorum of answers instead; in one process this query also
   * pays for the answers still in flight from the lookup just before it.
   */
  getMs: number[]
  hops: number[]
  routingTableSizes: number[]
  registerMs: number[]
  /** lookups that had to run on a node holding the name claim (none other existed) */
  lookupsFromHolders: number
  failedLookups: number
}

/**
 * The kad-dht datastore is not on libp2p's public interface, but whether a node holds a
 * record is what decides which nodes make honest lookups.
 */
async function holdsRecord (node: Parley, key: Uint8Array): Promise<boolean> {
  const { datastore } = (node.libp2p as unknown as { components: { datastore: Datastore } }).components
  return datastore.has(new Key(`/dht/record/${toString(key, 'base32')}`, false))
}

/**
 * Runs a name-claim query and returns its depth: peers queried first are at depth 1, a
 * peer first named in the `closer` list of a depth-d peer is at d + 1, and the lookup's
 * hop count is the depth of the first peer that answered with the record.
 */
async function countHops (node: Parley, username: string): Promise<number | undefined> {
  const depth = new Map<string, number>()
  let hops: number | undefined
  for await (const event of node.libp2p.services.dht.get(nameKey(username), { signal: AbortSignal.timeout(15_000) })) {
    if (event.name !== 'PEER_RESPONSE') continue
    const from = event.from.toString()
    const d = depth.get(from) ?? 1
    depth.set(from, d)
    for (const peer of event.closer) {
      const id = peer.id.toString()
      if (!depth.has(id)) depth.set(id, d + 1)
    }
    if (hops == null && event.record != null) hops = d
  }
  return hops
}

async function measureSize (size: number, progress: Progress): Promise<SizeFigures> {
  const random = seededRandom(SEED + size)
  const say: Progress = (message) => { progress(`${size} nodes: ${message}`) }
  const network = await startTestNetwork(size, { ...BENCH_NETWORK, memory: `parley-bench-dht${size}`, progress: say })
  try {
    const nodes = network.map((node) => node.parley)
    const routingTableSizes = await waitForRoutingTables(network, Math.min(size - 1, K), 60_000, say)

    const users: Array<{ username: string, userId: string }> = []
    const registerMs: number[] = []
    for (let i = 0; i < USERS; i++) {
      const username = `bench_${size}_user_${i}`
      const started = performance.now()
      const session = await pick(nodes, random).accounts.register(username, BENCH_PASSWORD)
      registerMs.push(round(performance.now() - started))
      users.push({ username, userId: session.userId })
      if ((i + 1) % 5 === 0) say(`registered ${i + 1}/${USERS} users`)
    }

    const figures: SizeFigures = { nodes: size, lookupMs: [], getMs: [], hops: [], routingTableSizes, registerMs, lookupsFromHolders: 0, failedLookups: 0 }
    for (let i = 0; i < LOOKUPS; i++) {
      const user = pick(users, random)
      const key = nameKey(user.username)
      const held = await Promise.all(nodes.map(async (node) => holdsRecord(node, key)))
      const strangers = nodes.filter((_, n) => !held[n])
      if (strangers.length === 0) figures.lookupsFromHolders++
      const node = pick(strangers.length > 0 ? strangers : nodes, random)

      let started = performance.now()
      const view = await node.lookupUser(user.username).catch(() => undefined)
      figures.lookupMs.push(round(performance.now() - started))
      if (view?.userId !== user.userId) figures.failedLookups++

      started = performance.now()
      const hops = await countHops(node, user.username)
      figures.getMs.push(round(performance.now() - started))
      if (hops != null) figures.hops.push(hops)
      if ((i + 1) % 50 === 0) say(`${i + 1}/${LOOKUPS} lookups, p50 so far ${percentile(figures.lookupMs, 50).toFixed(1)} ms`)
    }
    if (figures.lookupsFromHolders > 0) say(`${figures.lookupsFromHolders} lookups ran on record holders: every node holds every record`)
    return figures
  } finally {
    await removeNodes(network)
  }
}

function sizeRows (f: SizeFigures): SummaryRow[] {
  const n = `${f.nodes} nodes`
  const holders = f.lookupsFromHolders > 0 ? 'every node holds the records' : undefined
  return [
    {
      metric: `lookup p50, ${n}`,
      value: round(percentile(f.lookupMs, 50)),
      unit: 'ms',
      target: f.nodes === 50 ? { atMost: LOOKUP_P50_TARGET_MS } : undefined,
      note: holders
    },
    { metric: `lookup p99, ${n}`, value: round(percentile(f.lookupMs, 99)), unit: 'ms' },
    { metric: `full name query p50, ${n}`, value: round(percentile(f.getMs, 50)), unit: 'ms', note: 'kad-dht get walked to the end' },
    { metric: `hops mean, ${n}`, value: round(mean(f.hops)), unit: 'hops' },
    { metric: `hops max, ${n}`, value: Math.max(...f.hops), unit: 'hops' },
    { metric: `failed lookups, ${n}`, value: f.failedLookups, unit: `of ${f.lookupMs.length}` }
  ]
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const sizes: SizeFigures[] = []
  for (const size of SIZES) sizes.push(await measureSize(size, progress))

  progress('measuring one real node process')
  const proc = await measureNodeProcess({ progress })
  const unavailable = proc.available ? undefined : `unavailable: ${proc.reason}`
  const figures = proc.available ? proc.figures : undefined
  const processRows: SummaryRow[] = [
    { metric: 'node ready (spawn to "ready")', value: figures == null ? null : round(figures.readyMs, 0), unit: 'ms', target: { atMost: 1000 }, note: unavailable },
    { metric: 'node ready (self-reported)', value: figures?.selfReportedReadyMs ?? null, unit: 'ms', note: unavailable ?? (figures?.selfReportedReadyMs == null ? 'the node printed no start-up time' : 'the process\'s own figure') },
    { metric: 'idle node RSS (after 5 s)', value: figures == null ? null : round(figures.idleRssMiB, 1), unit: 'MiB', target: { atMost: 80 }, note: unavailable }
  ]

  const labels = sizes.map((s) => `${s.nodes} nodes`)
  return {
    summary: [...sizes.flatMap(sizeRows), ...processRows],
    series: { seed: SEED, users: USERS, lookups: LOOKUPS, sizes, nodeProcess: proc },
    plots: [
      {
        kind: 'bars',
        title: 'Username lookup latency (name claim + profile over the DHT)',
        y: { label: 'latency', unit: 'ms' },
        groups: labels,
        series: [
          { name: 'p50', values: sizes.map((s) => round(percentile(s.lookupMs, 50))) },
          { name: 'p99', values: sizes.map((s) => round(percentile(s.lookupMs, 99))) }
        ],
        reference: { value: LOOKUP_P50_TARGET_MS, label: `p50 target at 50 nodes: ${LOOKUP_P50_TARGET_MS} ms` }
      },
      {
        kind: 'lines',
        title: 'Lookup latency distribution (CDF)',
        // the 50-node tail spans orders of magnitude beyond the median
        x: { label: 'lookup latency', unit: 'ms', log: true },
        y: { label: 'lookups at or below', unit: '%' },
        series: sizes.map((s, i) => ({ name: labels[i], points: cdf(s.lookupMs).map(([x, y]) => [round(x), round(y)]) }))
      }
    ]
  }
}

export const scenario: Scenario = {
  name: 'dht',
  description: `username lookup over the DHT at ${SIZES.join(' and ')} in-process nodes; one real node's start-up and memory`,
  run
}
