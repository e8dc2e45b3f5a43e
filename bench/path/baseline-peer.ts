/**
 * One process of the js-libp2p baselines that `npm run bench path` sets Parley against
 * (issue 21): TCP on 127.0.0.1 + Noise + Yamux, nothing else. Forked by the bench with an
 * IPC channel; argv[2] is the role:
 *   subscriber  gossipsub, subscribed to the topic; stamps each message's arrival
 *   publisher   gossipsub, dials the subscriber and publishes the pattern, unacknowledged
 *   echo        answers every 100-byte frame on one stream with the same bytes
 *   pinger      dials the echo peer and times round trips on one stream over the pattern
 *   http        a fastify server on 127.0.0.1 (Parley's API server) whose POST answers 201 with a
 *               small JSON body: the floor of a request through the node's HTTP API
 *   api-publisher  gossipsub behind that fastify server: POST /api/posts publishes the text and
 *               answers 201 once publish resolved (unacknowledged), as a post answers
 *   ws-subscriber  gossipsub, subscribed, with a WebSocket server that sends each message's text to
 *               its clients as a JSON event: gossipsub on the client's path, nothing else
 * Send and arrival times are wall-clock milliseconds (performance.timeOrigin + now), so a
 * publisher's stamp and a subscriber's arrival compare across processes on one machine.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { byteStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { MESSAGE_BYTES } from './pattern.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p } from '@libp2p/interface'

export const BASELINE_TOPIC = 'bench-path'
const ECHO_PROTOCOL = '/bench/echo/1.0.0'

/** What the bench asks of a baseline peer (over IPC). */
export type BaselineCommand =
  | { cmd: 'run', addr: string, peerId: string, backToBack: number, paced: number, intervalMs: number }
  | { cmd: 'report' }
  | { cmd: 'stop' }

export function wallMs (): number {
  return performance.timeOrigin + performance.now()
}

/** seq (uint32) and the send time (float64) up front, the rest filler: MESSAGE_BYTES in all. */
export function stamp (seq: number): Uint8Array {
  const bytes = new Uint8Array(MESSAGE_BYTES).fill(0x61)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, seq)
  view.setFloat64(4, wallMs())
  return bytes
}

function send (message: unknown): void {
  process.send!(message)
}

async function start (withGossip: boolean): Promise<Libp2p<{ pubsub?: GossipSub }>> {
  return await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ...(withGossip ? { pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: false }) } : {})
    } as any
  }) as unknown as Libp2p<{ pubsub?: GossipSub }>
}

async function sleepUntil (at: number): Promise<void> {
  const wait = at - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

/** The pattern every system in the bench runs: `backToBack` each awaited, a pause, then `paced` at `intervalMs`. */
async function pattern (command: Extract<BaselineCommand, { cmd: 'run' }>, one: (seq: number) => Promise<void>): Promise<{ backToBackStart: number, backToBackEnd: number }> {
  const backToBackStart = wallMs()
  for (let seq = 0; seq < command.backToBack; seq++) await one(seq)
  const backToBackEnd = wallMs()
  await new Promise((resolve) => setTimeout(resolve, 500))
  const t0 = performance.now()
  for (let i = 0; i < command.paced; i++) {
    await sleepUntil(t0 + i * command.intervalMs)
    await one(command.backToBack + i)
  }
  return { backToBackStart, backToBackEnd }
}

async function subscriber (): Promise<void> {
  const node = await start(true)
  const arrivals: Array<[number, number, number]> = []
  node.services.pubsub!.subscribe(BASELINE_TOPIC)
  node.services.pubsub!.addEventListener('message', (event) => {
    const data = event.detail.data
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    arrivals.push([view.getUint32(0), view.getFloat64(4), wallMs()])
  })
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'report') send({ arrivals })
    if (command.cmd === 'stop') void Promise.resolve(node.stop()).then(() => process.exit(0))
  })
  send({ ready: true, addr: node.getMultiaddrs()[0].toString(), peerId: node.peerId.toString() })
}

/** Dials the subscriber and waits until gossip reaches it through the mesh: the steady state a feed runs in. */
async function joinMesh (node: Libp2p<{ pubsub?: GossipSub }>, to: { addr: string, peerId: string }): Promise<void> {
  const pubsub = node.services.pubsub!
  await node.dial(multiaddr(to.addr))
  // the subscriber's subscription seen; publish reaches it through the mesh or, before the first heartbeat, fanout
  while (!pubsub.getSubscribers(BASELINE_TOPIC).some((peer) => peer.toString() === to.peerId)) await new Promise((resolve) => setTimeout(resolve, 50))
  // and a heartbeat or two for the mesh to form
  await new Promise((resolve) => setTimeout(resolve, 1_500))
}

async function publisher (): Promise<void> {
  const node = await start(true)
  const pubsub = node.services.pubsub!
  pubsub.subscribe(BASELINE_TOPIC)
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void Promise.resolve(node.stop()).then(() => process.exit(0))
    if (command.cmd !== 'run') return
    void (async () => {
      await joinMesh(node, command)
      const times = await pattern(command, async (seq) => { await pubsub.publish(BASELINE_TOPIC, stamp(seq)) })
      send({ done: true, ...times })
    })().catch((err) => { send({ error: String(err?.stack ?? err) }) })
  })
  send({ ready: true })
}

async function echo (): Promise<void> {
  const node = await start(false)
  await node.handle(ECHO_PROTOCOL, async (stream) => {
    const bytes = byteStream(stream)
    try {
      for (;;) await bytes.write(await bytes.read({ bytes: MESSAGE_BYTES }))
    } catch {
      // the pinger closed the stream
    }
  })
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void Promise.resolve(node.stop()).then(() => process.exit(0))
  })
  send({ ready: true, addr: node.getMultiaddrs()[0].toString(), peerId: node.peerId.toString() })
}

async function pinger (): Promise<void> {
  const node = await start(false)
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void Promise.resolve(node.stop()).then(() => process.exit(0))
    if (command.cmd !== 'run') return
    void (async () => {
      const stream = await node.dialProtocol(multiaddr(command.addr), ECHO_PROTOCOL)
      const bytes = byteStream(stream)
      const roundTrips: number[] = []
      const times = await pattern(command, async (seq) => {
        const started = performance.now()
        await bytes.write(stamp(seq))
        await bytes.read({ bytes: MESSAGE_BYTES })
        roundTrips.push(performance.now() - started)
      })
      send({ done: true, ...times, roundTrips })
    })().catch((err) => { send({ error: String(err?.stack ?? err) }) })
  })
  send({ ready: true })
}

async function http (): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  app.post('/api/messages', async (request, reply) => reply.code(201).send({ id: 'x'.repeat(32), status: 'sending', text: (request.body as { text?: string }).text }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void app.close().then(() => process.exit(0))
  })
  send({ ready: true, addr: apiAddress(app) })
}

/** The address a fastify app listens on, host:port. */
function apiAddress (app: { server: { address: () => unknown } }): string {
  const address = app.server.address() as { port?: number } | null
  return address?.port == null ? '' : `127.0.0.1:${address.port}`
}

async function apiPublisher (): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const node = await start(true)
  const pubsub = node.services.pubsub!
  pubsub.subscribe(BASELINE_TOPIC)
  const encoder = new TextEncoder()
  const app = Fastify()
  app.post('/api/posts', async (request, reply) => {
    const text = (request.body as { text?: string }).text ?? ''
    await pubsub.publish(BASELINE_TOPIC, encoder.encode(text))
    return await reply.code(201).send({ id: 'x'.repeat(32), text })
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void Promise.all([app.close(), node.stop()]).then(() => process.exit(0))
    if (command.cmd === 'run') void joinMesh(node, command).then(() => { send({ joined: true }) }, (err) => { send({ error: String(err?.stack ?? err) }) })
  })
  send({ ready: true, addr: apiAddress(app) })
}

async function wsSubscriber (): Promise<void> {
  const { WebSocketServer } = await import('ws')
  const node = await start(true)
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/events' })
  await new Promise((resolve) => server.once('listening', resolve))
  const decoder = new TextDecoder()
  node.services.pubsub!.subscribe(BASELINE_TOPIC)
  node.services.pubsub!.addEventListener('message', (event) => {
    const json = JSON.stringify({ type: 'post', data: { text: decoder.decode(event.detail.data) } })
    for (const client of server.clients) client.send(json)
  })
  process.on('message', (command: BaselineCommand) => {
    if (command.cmd === 'stop') void Promise.resolve(node.stop()).then(() => { server.close(); process.exit(0) })
  })
  const port = (server.address() as { port: number }).port
  send({ ready: true, addr: node.getMultiaddrs()[0].toString(), peerId: node.peerId.toString(), api: `127.0.0.1:${port}` })
}

const roles: Record<string, () => Promise<void>> = { subscriber, publisher, echo, pinger, http, 'api-publisher': apiPublisher, 'ws-subscriber': wsSubscriber }
const role = process.argv[2]
if (process.send != null && role != null) {
  if (roles[role] == null) throw new TypeError(`unknown baseline role ${role}`)
  await roles[role]()
}
