/**
 * An in-process network of Parley nodes on the libp2p memory transport, for scenarios
 * that need many nodes without many processes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Parley } from '../src/app/index.js'
import { percentile } from './stats.js'
import type { Progress } from './scenario.js'
import type { ParleyInit } from '../src/app/index.js'

export interface MemoryNetworkInit {
  /** how many nodes, bootstrap node included */
  size: number
  /** makes memory addresses unique when several networks share the process */
  label: string
  progress: Progress
  /** nodes started at once; more than this mostly queues on the CPU (default 10) */
  startBatch?: number
  /** passed to every node (default: Parley's own, 60 s) */
  presenceIntervalMs?: number
  /** any other node settings, passed to every node (default: none) */
  parley?: Partial<ParleyInit>
}

export interface MemoryNetwork {
  /** nodes[0] is the bootstrap node every other node dials */
  nodes: Parley[]
  stop: () => Promise<void>
}

// a bench registers throwaway users; the default scrypt cost would dominate its run time
export const BENCH_SCRYPT = { logN: 12, r: 8, p: 1 }

export async function startMemoryNetwork (init: MemoryNetworkInit): Promise<MemoryNetwork> {
  const root = await mkdtemp(join(tmpdir(), `parley-bench-${init.label}-`))
  const nodes: Parley[] = []
  const create = async (index: number, bootstrap: string[]): Promise<Parley> => {
    const dataDir = join(root, `node-${index}`)
    const node = await Parley.create({
      dataDir,
      transport: 'memory',
      listen: [`/memory/parley-bench-${process.pid}-${init.label}-${index}`],
      bootstrap,
      scrypt: BENCH_SCRYPT,
      presenceIntervalMs: init.presenceIntervalMs,
      ...init.parley
    })
    nodes[index] = node
    await node.start()
    return node
  }
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map(async (node) => node.stop()))
    await rm(root, { recursive: true, force: true })
  }
  try {
    const bootstrapNode = await create(0, [])
    const bootstrap = bootstrapNode.libp2p.getMultiaddrs().map((a) => a.toString())
    const batch = init.startBatch ?? 10
    for (let first = 1; first < init.size; first += batch) {
      const last = Math.min(init.size, first + batch)
      await Promise.all(Array.from({ length: last - first }, async (_, i) => create(first + i, bootstrap)))
      init.progress(`started ${last}/${init.size} nodes`)
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { nodes, stop }
}

/**
 * Polls the nodes' routing tables (`sizes` reads them) until each holds at least `want`
 * peers or the time is up, and resolves to the final sizes. A table that stays short is
 * reported, not fatal.
 */
export async function waitForRoutingTables (sizes: Parley[] | (() => Promise<number[]>), want: number, timeoutMs: number, progress: Progress): Promise<number[]> {
  const read = Array.isArray(sizes) ? async () => sizes.map((node) => node.network().dht.routingTableSize) : sizes
  const deadline = Date.now() + timeoutMs
  let lastReport = 0
  for (;;) {
    const current = await read()
    const smallest = Math.min(...current)
    const report = `routing tables: smallest ${smallest}, median ${percentile(current, 50)}, want ≥ ${want}`
    if (smallest >= want) {
      progress(report)
      return current
    }
    if (Date.now() > deadline) {
      progress(`${report}; gave up waiting after ${timeoutMs} ms`)
      return current
    }
    if (Date.now() - lastReport > 2_000) {
      progress(report)
      lastReport = Date.now()
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
