/**
 * Parley across a small internet in network namespaces (issue 17): two public nodes
 * (bootstrap and relay), four users each behind a home router doing a different kind of
 * NAT, and one user on a public address, every node a real `parley node` process started
 * as a user on such a network would start it. Used by test/net/nat.test.ts and by
 * `npm run bench nat`.
 */
import { rm } from 'node:fs/promises'
import { NatLab } from './nat-lab.js'
import { callHttp, tempDir, waitFor } from './nodes.js'
import { startNodeProcess, stopNodeProcess } from './processes.js'
import type { LabHost, NatKind } from './nat-lab.js'
import type { NodeProcess } from './processes.js'

/** The port every node listens on inside its namespace (and a full-cone router forwards). */
export const LAB_P2P_PORT = 4001

export interface LabMember {
  name: string
  /** 'public' for the bootstrap/relay nodes and the user on a public address */
  nat: NatKind | 'public'
  host: LabHost
  data: string
  /** its API, on a Unix socket in its data folder (the namespaces are not reachable from the test) */
  api: string
  /** extra `parley node` arguments */
  args: string[]
  node: NodeProcess | null
  /** the user's session token (users only) */
  token: string
}

export interface NatNetwork {
  lab: NatLab
  /** the two public nodes */
  infrastructure: LabMember[]
  users: LabMember[]
  /** every member by name */
  byName: Map<string, LabMember>
  /** (re)starts a member's process on its data folder */
  launch: (member: LabMember) => Promise<void>
  /** stops every process, deletes the namespaces and the data folders */
  remove: () => Promise<void>
}

/** The users and the NAT in front of each: one of every kind, and one without. */
export const LAB_USERS: ReadonlyArray<{ name: string, nat: NatKind | 'public' }> = [
  { name: 'alice', nat: 'port-preserving' },
  { name: 'bob', nat: 'random' },
  { name: 'carol', nat: 'full-cone' },
  { name: 'dave', nat: 'port-preserving' },
  { name: 'erin', nat: 'public' }
]

/** A public node's operator announces its address; AutoNAT would confirm it too, a little later. */
export const publicNodeArgs = (host: LabHost): string[] => ['--public', '--announce', `/ip4/${host.ip}/tcp/${LAB_P2P_PORT}`]

export const labPassword = (user: string): string => `${user}-password-1`

/** Builds the lab, starts the public nodes, then the users' nodes, and registers the users. */
export async function startNatNetwork (progress: (line: string) => void = () => {}): Promise<NatNetwork> {
  const lab = new NatLab()
  const byName = new Map<string, LabMember>()
  const add = async (name: string, nat: NatKind | 'public', args: (host: LabHost) => string[]): Promise<LabMember> => {
    const host = nat === 'public' ? lab.addPublicHost(name) : lab.addHome(name, nat, LAB_P2P_PORT)
    const data = await tempDir('parley-nat-')
    const member = { name, nat, host, data, api: `unix:${data}/api.sock`, args: args(host), node: null, token: '' }
    byName.set(name, member)
    return member
  }
  let bootstrap: string[] = []
  const launch = async (m: LabMember): Promise<void> => {
    m.node = await startLabNode(lab, m, bootstrap)
  }
  const remove = async (): Promise<void> => {
    await Promise.all([...byName.values()].map(async (m) => { if (m.node != null) await stopNodeProcess(m.node) }))
    lab.destroy()
    await Promise.all([...byName.values()].map(async (m) => rm(m.data, { recursive: true, force: true })))
  }
  try {
    const publicArgs = publicNodeArgs
    const infrastructure = [await add('pub1', 'public', publicArgs), await add('pub2', 'public', publicArgs)]
    await launch(infrastructure[0])
    bootstrap = [bootstrapAddr(infrastructure[0])]
    await launch(infrastructure[1])
    bootstrap.push(bootstrapAddr(infrastructure[1]))
    progress(`public nodes up: ${bootstrap.join(', ')}`)
    // the full-cone user forwarded its port on the router and says so, as with `--announce`
    // after setting up a port forward (UPnP is off by default)
    const users = await Promise.all(LAB_USERS.map(async ({ name, nat }) => add(name, nat, (host) =>
      nat === 'full-cone' ? ['--announce', `/ip4/${host.publicIp}/tcp/${LAB_P2P_PORT}`] : [])))
    await Promise.all(users.map(launch))
    progress(`user nodes up: ${users.map((u) => `${u.name} (${u.nat}, ${u.host.ip} → ${u.host.publicIp})`).join(', ')}`)
    for (const user of users) {
      await waitFor(async () => {
        const answer = await callHttp(user.api, 'POST', '/api/register', { username: user.name, password: labPassword(user.name) })
        if (answer.status === 201) user.token = answer.body.token
        return answer.status === 201
      }, 60_000, `${user.name} to register`, 500)
    }
    progress('users registered')
    return { lab, infrastructure, users, byName, launch, remove }
  } catch (err) {
    await remove()
    throw err
  }
}

/** Starts a member's `parley node` inside its host's namespace, listening on LAB_P2P_PORT, its API on its Unix socket. */
export async function startLabNode (lab: NatLab, m: Pick<LabMember, 'name' | 'data' | 'api' | 'args'>, bootstrap: string[], env: Record<string, string> = {}): Promise<NodeProcess> {
  return startNodeProcess({
    env,
    data: m.data,
    api: m.api,
    network: 'internet',
    listen: `/ip4/0.0.0.0/tcp/${LAB_P2P_PORT}`,
    bootstrap,
    args: m.args,
    prefix: lab.wrap(m.name, [])
  })
}

/** What the other nodes bootstrap from: a public member's address in the lab. */
export function bootstrapAddr (m: Pick<LabMember, 'host' | 'node'>): string {
  return `/ip4/${m.host.ip}/tcp/${LAB_P2P_PORT}/p2p/${m.node!.peerId}`
}

export async function callMember (m: LabMember, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> {
  return callHttp(m.api, method, path, body, m.token === '' ? undefined : m.token)
}

export interface PairResult {
  from: string
  to: string
  /** the status the send answered with */
  status: string
  /** direct, relayed or mailbox */
  path: string
  /** from the send to `delivered` at the sender */
  deliveredMs: number
  /** after the exchange: whether the two nodes ended up on a direct connection */
  connection: 'direct' | 'relayed' | 'none'
}

/**
 * Sends one DM for every ordered pair of users, one after the other, and measures each
 * until the sender sees it delivered (at most `timeoutMs`, else `deliveredMs` is NaN).
 */
export async function measurePairs (users: LabMember[], timeoutMs: number): Promise<PairResult[]> {
  const results: PairResult[] = []
  for (const from of users) {
    for (const to of users) {
      if (from === to) continue
      const started = performance.now()
      const sent = await callMember(from, 'POST', '/api/messages', { to: [to.name], text: `hello ${to.name}, from ${from.name}` })
      if (sent.status !== 201) throw new Error(`send ${from.name} → ${to.name}: ${sent.status} ${JSON.stringify(sent.body)}`)
      let deliveredMs = Number.NaN
      await waitFor(async () => {
        const seen = await callMember(from, 'GET', `/api/messages?with=${to.name}`)
        const status = seen.body.messages.find((m: any) => m.id === sent.body.id)?.status
        if (status === 'delivered' || status === 'read') deliveredMs = performance.now() - started
        return !Number.isNaN(deliveredMs)
      }, timeoutMs, `${from.name} → ${to.name} delivered`, 25).catch(() => {})
      results.push({ from: from.name, to: to.name, status: sent.body.status, path: sent.body.recipients?.[to.name]?.path ?? '-', deliveredMs, connection: 'none' })
    }
  }
  return results
}

/** Fills in each pair's connection as the sender's node sees it now. */
export async function observeConnections (users: LabMember[], results: PairResult[]): Promise<void> {
  const peerIds = new Map(users.map((u) => [u.name, u.node!.peerId]))
  for (const from of users) {
    const network = (await callMember(from, 'GET', '/api/network')).body
    for (const result of results.filter((r) => r.from === from.name)) {
      const connections = network.peers.filter((p: any) => p.peerId === peerIds.get(result.to))
      result.connection = connections.some((c: any) => c.relayed === false) ? 'direct' : connections.length > 0 ? 'relayed' : 'none'
    }
  }
}

/** The pair table as the test and the bench print it. */
export function formatPairTable (results: PairResult[], natOf: (name: string) => string): string {
  const lines = [
    '| from | to | NAT pair | answer | path | delivered after | connection afterwards |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of results) {
    const ms = Number.isNaN(r.deliveredMs) ? 'not delivered' : `${r.deliveredMs.toFixed(0)} ms`
    lines.push(`| ${r.from} | ${r.to} | ${natOf(r.from)} → ${natOf(r.to)} | ${r.status} | ${r.path} | ${ms} | ${r.connection} |`)
  }
  return lines.join('\n')
}
