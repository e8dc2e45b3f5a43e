/**
 * In-process Parley nodes for tests and benchmarks: one factory (`startTestNode`), one
 * network starter (`startTestNetwork`), and the small things every such test needs
 * (temp folders, polling, HTTP calls on a node's API, registered users, cut links).
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Parley } from '../../src/app/index.js'
import { requestApi } from '../../src/cli/http.js'
import type { ApiServer } from '../../src/api/index.js'
import type { ParleyInit } from '../../src/app/index.js'
import type { AddressInfo } from 'node:net'
import { TEST_STAMP_BITS } from './crates.js'

/** Cheap keystores for tests that are not about password hashing. */
export const TEST_SCRYPT = { logN: 10, r: 8, p: 1 }
/** A bench registers throwaway users; the default scrypt cost would dominate its run time. */
export const BENCH_SCRYPT = { logN: 12, r: 8, p: 1 }

export interface TestNodeInit extends Partial<ParleyInit> {
  /**
   * TCP port on 127.0.0.1, or 'free' for one picked now: the node keeps it, so a node
   * started again on the same data folder comes back at the same address (default: the
   * OS picks one at listen time; `listen` overrides this)
   */
  port?: number | 'free'
  /** listen on the libp2p memory transport at /memory/<name> instead of TCP (default: TCP) */
  memory?: string
  /** install a connection gater, so `cut` can sever this node's links (default false) */
  cuttable?: boolean
  /** keep the data folder when the node stops, to start it again (default false: removed) */
  keepData?: boolean
  /** prefix of the temp data folder made when `dataDir` is not given (default 'parley-test-') */
  prefix?: string
  /** serve the HTTP API on a free port of 127.0.0.1 (default true) */
  api?: boolean
}

/**
 * Nodes that stop and come back at the same address on the same data folder, whose links
 * can be cut, with cheap keystores: what the group chat tests need.
 */
export const RESTARTABLE: TestNodeInit = { port: 'free', keepData: true, cuttable: true, scrypt: TEST_SCRYPT, prefix: 'parley-group-' }

/** A node without an API server (`api: false`). */
export interface BareTestNode {
  parley: Parley
  dataDir: string
  /** the first address it listens on, with its peer id: what others bootstrap from */
  addr: string
  /** its fixed TCP port, when `port` was given */
  port?: number
  /** peer ids this node refuses to talk to, when `cuttable` (see `cut`) */
  blocked: Set<string>
  /** stops the node; removes its data folder unless `keepData` */
  stop: () => Promise<void>
  /** stops the node (errors ignored) and removes its data folder in any case */
  remove: () => Promise<void>
}

export interface TestNode extends BareTestNode {
  api: ApiServer
  /** the token `call` sends when it is given none (default: none) */
  token?: string
  /** a request on this node's API; resolves to the status and the parsed JSON body */
  call: (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number, body: any }>
}

export async function tempDir (prefix = 'parley-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** A free TCP port on 127.0.0.1, found by letting the OS pick one. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const port = (server.address() as AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls `condition` every `pollMs` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

export async function callHttp (address: string, method: string, path: string, body?: unknown, token?: string, rawBody?: string, contentType = 'application/json'): Promise<{ status: number, body: any }> {
  const headers: Record<string, string> = {}
  if (body !== undefined || rawBody !== undefined) headers['content-type'] = contentType
  if (token != null) headers.authorization = `Bearer ${token}`
  const { status, text } = await requestApi(address, method, path, { headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) })
  return { status, body: text === '' ? undefined : JSON.parse(text) }
}

function listenAddresses (port: number | undefined, memory: string | undefined): Partial<ParleyInit> {
  if (memory != null) return { transport: 'memory', listen: [`/memory/${memory}`] }
  return { listen: [`/ip4/127.0.0.1/tcp/${port ?? 0}`] }
}

/** One in-process node (TCP on 127.0.0.1 unless told otherwise), started, with its API server. */
export async function startTestNode (init: TestNodeInit & { api: false }): Promise<BareTestNode>
export async function startTestNode (init?: TestNodeInit): Promise<TestNode>
export async function startTestNode (init: TestNodeInit = {}): Promise<BareTestNode | TestNode> {
  const { port: portInit, memory, cuttable = false, keepData = false, prefix, api: serveApi = true, ...parleyInit } = init
  const dataDir = parleyInit.dataDir ?? await tempDir(prefix)
  const port = portInit === 'free' ? await freePort() : portInit
  const blocked = new Set<string>()
  const deny = (peerId: { toString: () => string }): boolean => blocked.has(peerId.toString())
  const connectionGater = cuttable ? { denyDialPeer: deny, denyInboundEncryptedConnection: deny, denyOutboundEncryptedConnection: deny } : undefined
  // test nodes ask for cheap crate stamps (TEST_STAMP_BITS) unless a test sets its own difficulty
  const mailbox = { stampBits: TEST_STAMP_BITS, ...parleyInit.mailbox }
  const parley = await Parley.create({ network: 'local', ...listenAddresses(port, memory), ...(connectionGater != null ? { connectionGater } : {}), ...parleyInit, mailbox, dataDir })
  await parley.start()
  // imported here so that bench worker threads, which serve no API, do not load it
  const api = serveApi ? await (await import('../../src/api/index.js')).startApiServer(parley, { port: 0, dataDir }) : undefined
  const stopNode = async (): Promise<void> => {
    await api?.close()
    await parley.stop()
  }
  const node: BareTestNode = {
    parley,
    dataDir,
    addr: parley.libp2p.getMultiaddrs()[0].toString(),
    port,
    blocked,
    stop: async () => {
      await stopNode()
      if (!keepData) await rm(dataDir, { recursive: true, force: true })
    },
    remove: async () => {
      await stopNode().catch(() => {})
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  if (api == null) return node
  const withApi: TestNode = {
    ...node,
    api,
    call: async (method, path, body, token = withApi.token) => callHttp(api.address, method, path, body, token)
  }
  return withApi
}

export interface TestNetworkInit extends TestNodeInit {
  /** with `memory`: node i listens at /memory/<memory>-<i> */
  memory?: string
  /** nodes started at once after the bootstrap node (default: all of them) */
  batch?: number
  /** told how many nodes run after each batch (default: nothing is told) */
  progress?: (message: string) => void
  /** wait until every routing table holds min(n - 1, 2) peers, failing after 20 s (default true) */
  waitForTables?: boolean
  /** registers users[i] on node i and keeps its token as the node's `token` (default: none) */
  users?: string[]
}

/** The password of every user a benchmark registers. */
export const BENCH_PASSWORD = 'bench-password'

/**
 * Benchmark networks: no API servers, started 10 at a time (more mostly queue on the CPU),
 * routing tables left to `waitForRoutingTables`, keystores of moderate cost, and presence
 * refreshed hourly. Every node of such a network shares one thread, and their presence
 * timers all start together: each round is a burst of ~20 profile gets and puts that
 * stalls lookups for seconds (at 50 nodes, p99 3-12 s with it, 1.1 s without). Real nodes
 * refresh on their own machines, so benchmarks leave presence refresh out.
 */
export const BENCH_NETWORK = { api: false as const, batch: 10, waitForTables: false, scrypt: BENCH_SCRYPT, presenceIntervalMs: 3_600_000, prefix: 'parley-bench-' } satisfies TestNetworkInit

/**
 * n nodes: the first is the bootstrap peer of all others. Waits until every routing table
 * is filled. If a node fails to start, those already running are removed.
 */
export async function startTestNetwork (n: number, init: TestNetworkInit & { api: false }): Promise<BareTestNode[]>
export async function startTestNetwork (n: number, init?: TestNetworkInit): Promise<TestNode[]>
export async function startTestNetwork (n: number, init: TestNetworkInit = {}): Promise<Array<BareTestNode | TestNode>> {
  const { batch = n, progress, waitForTables = true, users = [], memory, ...nodeInit } = init
  const nodes: Array<BareTestNode | TestNode> = []
  const start = async (index: number, bootstrap?: string[]): Promise<void> => {
    nodes[index] = await startTestNode({ ...nodeInit, ...(memory != null ? { memory: `${memory}-${index}` } : {}), ...(bootstrap != null ? { bootstrap } : {}) })
  }
  try {
    await start(0)
    const bootstrap = [nodes[0].addr]
    for (let first = 1; first < n; first += batch) {
      const last = Math.min(n, first + batch)
      await Promise.all(Array.from({ length: last - first }, async (_, i) => start(first + i, bootstrap)))
      progress?.(`started ${last}/${n} nodes`)
    }
  } catch (err) {
    await removeNodes(nodes.filter((node) => node != null))
    throw err
  }
  if (waitForTables) await waitFor(() => nodes.every((node) => node.parley.network().dht.routingTableSize >= Math.min(n - 1, 2)), 20_000, 'routing tables to fill')
  for (const [i, username] of users.entries()) {
    const node = nodes[i] as TestNode
    node.token = await registerUser(node, username)
  }
  return nodes
}

/** Stops the nodes and removes their data folders, whatever `keepData` said. */
export async function removeNodes (nodes: BareTestNode[]): Promise<void> {
  await Promise.all(nodes.map(async (node) => node.remove()))
}

/**
 * Polls the routing tables (`sizes` reads them) until each holds at least `want` peers or
 * the time is up, reporting as it goes, and resolves to the final sizes. A table that stays
 * short is reported, not fatal: benchmarks measure what they got.
 */
export async function waitForRoutingTables (sizes: BareTestNode[] | (() => Promise<number[]>), want: number, timeoutMs: number, progress: (message: string) => void): Promise<number[]> {
  const read = Array.isArray(sizes) ? async () => sizes.map((node) => node.parley.network().dht.routingTableSize) : sizes
  const deadline = Date.now() + timeoutMs
  let lastReport = 0
  for (;;) {
    const current = await read()
    const sorted = [...current].sort((a, b) => a - b)
    const report = `routing tables: smallest ${sorted[0]}, median ${sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)]}, want ≥ ${want}`
    if (sorted[0] >= want) {
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

/** Registers `username` (password `<username>-password`) through the API; returns its token. */
export async function registerUser (node: TestNode, username: string): Promise<string> {
  // replace: a test node may hold several users in turn (without it, a second one is refused with 409)
  const answer = await node.call('POST', '/api/register', { username, password: `${username}-password`, replace: true })
  assert.equal(answer.status, 201, `register ${username}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.token
}

/** GET on the API that must answer 200; returns the body. */
export async function get (node: TestNode, path: string, token: string): Promise<any> {
  const answer = await node.call('GET', path, undefined, token)
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** POST on the API that must succeed (2xx); returns the body. */
export async function post (node: TestNode, path: string, body: unknown, token: string): Promise<any> {
  const answer = await node.call('POST', path, body, token)
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Cuts every link between the two sides (nodes started `cuttable`): no new connections, the open ones closed. */
export async function cut (sideA: BareTestNode[], sideB: BareTestNode[]): Promise<void> {
  for (const a of sideA) {
    for (const b of sideB) {
      a.blocked.add(b.parley.peerId)
      b.blocked.add(a.parley.peerId)
    }
  }
  await Promise.all(sideA.flatMap((a) => sideB.map(async (b) => a.parley.libp2p.hangUp(b.parley.libp2p.peerId).catch(() => {}))))
}

/** Lets the nodes talk to everyone again. */
export function heal (nodes: BareTestNode[]): void {
  for (const node of nodes) node.blocked.clear()
}
