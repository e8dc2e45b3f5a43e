/**
 * Runs the js-libp2p baselines of `npm run bench path` in processes of their own
 * (baseline-peer.ts): gossipsub, one publisher and one subscriber, unacknowledged; and a
 * stream ping-pong, the floor of any request over one libp2p connection; a bare fastify
 * POST, the floor of the HTTP API; and gossipsub on the client's path (HTTP in, a
 * WebSocket out), what the fastest peer costs through the path Parley's figures take.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ApiClient, EventWatcher } from './client.js'
import { BACK_TO_BACK, INTERVAL_MS, PACED, benchText, runPattern } from './pattern.js'
import type { ChildProcess } from 'node:child_process'
import type { PathFigures } from './pattern.js'

const PEER = fileURLToPath(new URL('./baseline-peer.js', import.meta.url))

interface Peer {
  child: ChildProcess
  ready: any
  next: () => Promise<any>
}

async function startPeer (role: string): Promise<Peer> {
  const child = fork(PEER, [role], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const queue: any[] = []
  let wake: (() => void) | undefined
  child.on('message', (message) => { queue.push(message); wake?.() })
  const next = async (): Promise<any> => {
    while (queue.length === 0) {
      const exited = new Promise<never>((_resolve, reject) => { child.once('exit', (code) => { reject(new Error(`baseline ${role} exited (${code})`)) }) })
      await Promise.race([new Promise<void>((resolve) => { wake = resolve }), exited])
    }
    const message = queue.shift()
    if (message.error != null) throw new Error(`baseline ${role}: ${message.error}`)
    return message
  }
  return { child, ready: await next(), next }
}

async function stopPeers (peers: Peer[]): Promise<void> {
  await Promise.all(peers.map(async (peer) => {
    if (peer.child.exitCode != null) return
    const exited = new Promise((resolve) => peer.child.once('exit', resolve))
    peer.child.send({ cmd: 'stop' })
    const timer = setTimeout(() => peer.child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }))
}

const RUN = { cmd: 'run', backToBack: BACK_TO_BACK, paced: PACED, intervalMs: INTERVAL_MS }

/** gossipsub: publish → the subscriber's message event, clocks compared across the two processes. */
export async function gossipsubBaseline (): Promise<PathFigures> {
  const subscriber = await startPeer('subscriber')
  const publisher = await startPeer('publisher')
  try {
    publisher.child.send({ ...RUN, addr: subscriber.ready.addr, peerId: subscriber.ready.peerId })
    const done = await publisher.next()
    // the last paced message has had time to arrive when the subscriber is asked
    await new Promise((resolve) => setTimeout(resolve, 500))
    subscriber.child.send({ cmd: 'report' })
    const { arrivals } = await subscriber.next() as { arrivals: Array<[number, number, number]> }
    if (arrivals.length < BACK_TO_BACK + PACED) throw new Error(`gossipsub baseline: ${arrivals.length} of ${BACK_TO_BACK + PACED} messages arrived`)
    const backToBack = arrivals.filter(([seq]) => seq < BACK_TO_BACK)
    return {
      pacedMs: arrivals.filter(([seq]) => seq >= BACK_TO_BACK).map(([, sent, at]) => at - sent),
      backToBackMs: Math.max(...backToBack.map(([, , at]) => at)) - done.backToBackStart,
      answeredMs: done.backToBackEnd - done.backToBackStart
    }
  } finally {
    await stopPeers([publisher, subscriber])
  }
}

/** One stream, 100 bytes out and back, timed at the pinger: round trips, not one way. */
export async function pingPongFloor (): Promise<PathFigures> {
  const echo = await startPeer('echo')
  const pinger = await startPeer('pinger')
  try {
    pinger.child.send({ ...RUN, addr: echo.ready.addr, peerId: echo.ready.peerId })
    const done = await pinger.next()
    return { pacedMs: done.roundTrips.slice(BACK_TO_BACK), backToBackMs: done.backToBackEnd - done.backToBackStart }
  } finally {
    await stopPeers([pinger, echo])
  }
}

/**
 * The HTTP floor: the bench's client (one keep-alive connection, as for Parley) posting the
 * same 100-byte JSON bodies to a bare fastify server in its own process, round trips timed
 * at the client; what any message through the node's API costs before Parley does anything.
 */
export async function httpFloor (): Promise<PathFigures> {
  const server = await startPeer('http')
  const client = new ApiClient(server.ready.addr)
  try {
    const one = async (seq: number): Promise<number> => {
      const started = performance.now()
      await client.expect('POST', '/api/messages', { to: ['bob'], text: benchText('http', seq) })
      return performance.now() - started
    }
    for (let i = 0; i < 20; i++) await one(i)
    const started = performance.now()
    for (let i = 0; i < BACK_TO_BACK; i++) await one(i)
    const backToBackMs = performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, 500))
    const pacedMs: number[] = []
    const t0 = performance.now()
    for (let i = 0; i < PACED; i++) {
      const wait = t0 + i * INTERVAL_MS - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      pacedMs.push(await one(BACK_TO_BACK + i))
    }
    return { pacedMs, backToBackMs }
  } finally {
    client.close()
    await stopPeers([server])
  }
}

/**
 * Gossipsub on the client's path, timed like Parley's: the bench's client posts each text to
 * a fastify server in the publisher's process, which publishes it (answering once publish
 * resolved, unacknowledged, as a post answers), and the subscriber's process sends it on to
 * the client over a WebSocket. No signing beyond gossipsub's, no storage, no validation.
 */
export async function gossipsubClientPath (): Promise<PathFigures> {
  const subscriber = await startPeer('ws-subscriber')
  const publisher = await startPeer('api-publisher')
  const client = new ApiClient(publisher.ready.addr)
  const watcher = await EventWatcher.open(subscriber.ready.api, '')
  try {
    publisher.child.send({ ...RUN, addr: subscriber.ready.addr, peerId: subscriber.ready.peerId })
    await publisher.next()
    const send = async (text: string): Promise<void> => { await client.expect('POST', '/api/posts', { text }) }
    for (let i = 0; i < 20; i++) { await send(benchText('warm', i)); await watcher.arrival(benchText('warm', i)) }
    return await runPattern('gossip-path', send, async (text) => watcher.arrival(text))
  } finally {
    watcher.close()
    client.close()
    await stopPeers([publisher, subscriber])
  }
}
