import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../../src/api/index.js'
import { Parley } from '../../src/app/index.js'
import type { ApiServer } from '../../src/api/index.js'
import type { ParleyInit } from '../../src/app/index.js'

export interface TestNode {
  parley: Parley
  api: ApiServer
  dataDir: string
  /** POST/GET on this node's API; resolves to status and parsed JSON body */
  call: (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number, body: any }>
  stop: () => Promise<void>
}

export async function tempDir (prefix = 'parley-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function callHttp (address: string, method: string, path: string, body?: unknown, token?: string, rawBody?: string, contentType = 'application/json'): Promise<{ status: number, body: any }> {
  const headers: Record<string, string> = {}
  if (body !== undefined || rawBody !== undefined) headers['content-type'] = contentType
  if (token != null) headers.authorization = `Bearer ${token}`
  const response = await fetch(`http://${address}${path}`, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/** One in-process node over TCP on 127.0.0.1 with its own API server on a free port. */
export async function startTestNode (init: Partial<ParleyInit> = {}): Promise<TestNode> {
  const dataDir = init.dataDir ?? await tempDir()
  const parley = await Parley.create({ listen: ['/ip4/127.0.0.1/tcp/0'], ...init, dataDir })
  await parley.start()
  const api = await startApiServer(parley, { port: 0 })
  return {
    parley,
    api,
    dataDir,
    call: async (method, path, body, token) => callHttp(api.address, method, path, body, token),
    stop: async () => {
      await api.close()
      await parley.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** n nodes: the first is the bootstrap peer of all others. Waits until every routing table is filled. */
export async function startTestNetwork (n: number, init: Partial<ParleyInit> = {}): Promise<TestNode[]> {
  const first = await startTestNode(init)
  const bootstrap = [first.parley.libp2p.getMultiaddrs()[0].toString()]
  const rest = await Promise.all(Array.from({ length: n - 1 }, async () => startTestNode({ ...init, bootstrap })))
  const nodes = [first, ...rest]
  await waitFor(() => nodes.every((node) => node.parley.network().dht.routingTableSize >= Math.min(n - 1, 2)), 20_000, 'routing tables to fill')
  return nodes
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
