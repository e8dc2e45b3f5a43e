import { rm } from 'node:fs/promises'
import { startApiServer } from '../../src/api/index.js'
import { Parley } from '../../src/app/index.js'
import { callHttp, tempDir, waitFor } from '../helpers/nodes.js'
import { freePort } from '../helpers/processes.js'
import type { ApiServer } from '../../src/api/index.js'

/** cheap keystores: these tests are about groups, not password hashing */
export const TEST_SCRYPT = { logN: 10, r: 8, p: 1 }

/** An in-process node on a fixed TCP port, so it can stop and come back at the same address. */
export interface GroupTestNode {
  parley: Parley
  api: ApiServer
  dataDir: string
  port: number
  token?: string
  /** peer ids this node refuses to talk to (a transport-level cut; see `cut`) */
  blocked: Set<string>
  call: (method: string, path: string, body?: unknown) => Promise<{ status: number, body: any }>
  /** stops the node, keeping its data folder */
  stop: () => Promise<void>
}

export async function startGroupNode (init: { dataDir?: string, port?: number, bootstrap?: string[] } = {}): Promise<GroupTestNode> {
  const dataDir = init.dataDir ?? await tempDir('parley-group-')
  const port = init.port ?? await freePort()
  const blocked = new Set<string>()
  const deny = (peerId: { toString: () => string }): boolean => blocked.has(peerId.toString())
  const connectionGater = { denyDialPeer: deny, denyInboundEncryptedConnection: deny, denyOutboundEncryptedConnection: deny }
  const parley = await Parley.create({ dataDir, listen: [`/ip4/127.0.0.1/tcp/${port}`], bootstrap: init.bootstrap, scrypt: TEST_SCRYPT, connectionGater })
  await parley.start()
  const api = await startApiServer(parley, { port: 0 })
  const node: GroupTestNode = {
    parley,
    api,
    dataDir,
    port,
    blocked,
    call: async (method, path, body) => callHttp(api.address, method, path, body, node.token),
    stop: async () => {
      await api.close()
      await parley.stop()
    }
  }
  return node
}

/** n nodes, the first the bootstrap peer of the others, each with a registered user. */
export async function startGroupNetwork (usernames: string[]): Promise<GroupTestNode[]> {
  const first = await startGroupNode()
  const bootstrap = [first.parley.libp2p.getMultiaddrs()[0].toString()]
  const rest = await Promise.all(usernames.slice(1).map(async () => startGroupNode({ bootstrap })))
  const nodes = [first, ...rest]
  await waitFor(() => nodes.every((n) => n.parley.network().dht.routingTableSize >= Math.min(nodes.length - 1, 2)), 20_000, 'routing tables')
  for (const [i, node] of nodes.entries()) {
    const answer = await node.call('POST', '/api/register', { username: usernames[i], password: `${usernames[i]}-password` })
    if (answer.status !== 201) throw new Error(`register ${usernames[i]}: ${JSON.stringify(answer.body)}`)
    node.token = answer.body.token
  }
  return nodes
}

export async function removeNodes (nodes: GroupTestNode[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => { await n.stop().catch(() => {}); await rm(n.dataDir, { recursive: true, force: true }) }))
}

/** Committed message texts, in order, as one member sees them. */
export async function committedTexts (node: GroupTestNode, groupId: string): Promise<string[]> {
  const answer = await node.call('GET', `/api/groups/${groupId}/messages`)
  return answer.body.messages.filter((m: any) => m.status === 'committed').map((m: any) => `${m.from}:${m.text}`)
}

/** Cuts every link between the two sides: no new connections, the open ones closed. */
export async function cut (sideA: GroupTestNode[], sideB: GroupTestNode[]): Promise<void> {
  for (const a of sideA) {
    for (const b of sideB) {
      a.blocked.add(b.parley.peerId)
      b.blocked.add(a.parley.peerId)
    }
  }
  await Promise.all(sideA.flatMap((a) => sideB.map(async (b) => a.parley.libp2p.hangUp(b.parley.libp2p.peerId).catch(() => {}))))
}

export function heal (nodes: GroupTestNode[]): void {
  for (const n of nodes) n.blocked.clear()
}
