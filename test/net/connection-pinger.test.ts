import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { memory } from '@libp2p/memory'
import { PING_PROTOCOL, ping } from '@libp2p/ping'
import { createLibp2p } from 'libp2p'
import { connectionPinger } from '../../src/net/connection-pinger.js'
import { waitFor } from '../support/nodes.js'
import type { ConnectionPinger } from '../../src/net/connection-pinger.js'
import type { Libp2p } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'

type PingerNode = Libp2p<{ ping: Ping, pinger: ConnectionPinger }>

const INTERVAL_MS = 300
const TIMEOUT_MS = 500
let nextAddress = 0

async function pingerNode (withPing = true, random?: () => number): Promise<PingerNode> {
  return createLibp2p({
    addresses: { listen: [`/memory/pinger-test-${process.pid}-${nextAddress++}`] },
    transports: [memory()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: false },
    services: {
      ...(withPing ? { ping: ping() } : {}),
      pinger: connectionPinger({ intervalMs: INTERVAL_MS, timeoutMs: TIMEOUT_MS, random })
    }
  }) as Promise<PingerNode>
}

describe('connection pinger', () => {
  let a: PingerNode
  let b: PingerNode
  const pingsAtB: number[] = []

  before(async () => {
    a = await pingerNode()
    b = await pingerNode()
    // count the pings B answers, then answer them as libp2p's ping service does
    await b.unhandle(PING_PROTOCOL)
    await b.handle(PING_PROTOCOL, async (stream) => {
      pingsAtB.push(performance.now())
      for await (const chunk of stream) stream.send(chunk)
      await stream.close()
    }, { runOnLimitedConnection: true })
  })

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('pings a healthy connection every interval and keeps it open', async () => {
    const connection = await a.dial(b.getMultiaddrs()[0])
    assert.equal(a.services.pinger.watched, 1)
    // both ends ping the connection: B's handler counts A's pings
    await waitFor(() => pingsAtB.length >= 4, 10_000, 'A pinged the connection four times')
    const gaps = pingsAtB.slice(1).map((t, i) => t - pingsAtB[i])
    assert.ok(gaps.every((gap) => gap >= INTERVAL_MS * 0.8), `pings come an interval apart (gaps ${gaps.map(Math.round).join(', ')} ms)`)
    assert.equal(connection.status, 'open')
  })

  it('aborts a connection whose pings go unanswered, and stops watching it', async () => {
    await b.unhandle(PING_PROTOCOL)
    // a peer that takes the stream and never answers: hung, not gone
    await b.handle(PING_PROTOCOL, async () => {}, { runOnLimitedConnection: true })
    const connection = a.getConnections(b.peerId)[0]
    await waitFor(() => connection.status !== 'open', INTERVAL_MS + TIMEOUT_MS + 10_000, 'the unanswered connection is aborted')
    await waitFor(() => a.services.pinger.watched === 0, 5_000, 'the pinger forgets the closed connection')
  })

  it('gives each new connection its own random phase', async () => {
    // phases drawn from a fixed sequence spread over the interval: with Math.random, eight
    // phases all fall within a third of it about once in 400 runs, and the test failed so
    const phases = [0.05, 0.9, 0.3, 0.7, 0.15, 0.5, 0.85, 0.4]
    let drawn = 0
    const dialer = await pingerNode(true, () => phases[drawn++ % phases.length])
    const others = await Promise.all(Array.from({ length: 8 }, async () => pingerNode()))
    try {
      // each of eight peers notes when A's first ping arrives after A connected to it
      const firstPing = await Promise.all(others.map(async (node) => {
        let connectedAt = 0
        const pinged = new Promise<number>((resolve) => {
          void node.unhandle(PING_PROTOCOL).then(async () => node.handle(PING_PROTOCOL, async (stream) => {
            resolve(performance.now() - connectedAt)
            for await (const chunk of stream) stream.send(chunk)
            await stream.close()
          }, { runOnLimitedConnection: true }))
        })
        await new Promise((resolve) => setTimeout(resolve, 50)) // the handler is in place
        connectedAt = performance.now()
        await dialer.dial(node.getMultiaddrs()[0])
        return pinged
      }))
      assert.ok(firstPing.every((ms) => ms < INTERVAL_MS + 200), `every first ping within the interval: ${firstPing.map(Math.round).join(', ')} ms`)
      const spread = Math.max(...firstPing) - Math.min(...firstPing)
      assert.ok(spread > INTERVAL_MS / 3, `the first pings are spread over the interval, not sent together: ${firstPing.map(Math.round).join(', ')} ms`)
      assert.equal(drawn, 8, 'one phase per new connection')
    } finally {
      await Promise.all([dialer, ...others].map(async (node) => node.stop()))
    }
  })

  it('keeps a connection to a peer that does not speak ping: it answered, so it is alive', async () => {
    const mute = await pingerNode(false)
    try {
      const connection = await a.dial(mute.getMultiaddrs()[0])
      await a.services.pinger.ping(connection) // resolves: the protocol was refused, not unanswered
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 2 + TIMEOUT_MS))
      assert.equal(connection.status, 'open', 'two intervals of refused pings later')
    } finally {
      await mute.stop()
    }
  })
})
