import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { multiaddr } from '@multiformats/multiaddr'
import { startThreadNetwork } from '../../bench/threads/network.js'
import { linkThreads, portAddress, portTransport } from '../../bench/threads/port-transport.js'
import { BENCH_SCRYPT, removeNodes, startTestNode, waitFor } from '../support/nodes.js'
import type { Arrival } from '../../bench/feed-ops.js'
import type { ThreadNetwork } from '../../bench/threads/network.js'
import type { BareTestNode } from '../support/nodes.js'
import type { Parley } from '../../src/app/index.js'

describe('port transport (one thread)', () => {
  const started: BareTestNode[] = []
  const nodes: Parley[] = []

  before(async () => {
    linkThreads(0, new Map())
    for (const name of ['port-a', 'port-b']) {
      const node = await startTestNode({ api: false, transport: portTransport(), listen: [portAddress(name)], scrypt: BENCH_SCRYPT })
      started.push(node)
      nodes.push(node.parley)
    }
  })

  after(async () => {
    await removeNodes(started)
  })

  it('connects two nodes, carries streams both ways and closes the far end when a node stops', async () => {
    const [a, b] = nodes
    assert.deepEqual(a.libp2p.getMultiaddrs().map((m) => m.toString()), [`/memory/t0-port-a/p2p/${a.libp2p.peerId.toString()}`])
    const rtt = await a.libp2p.services.ping.ping(b.libp2p.getMultiaddrs()[0])
    assert.ok(rtt >= 0)
    assert.equal(b.libp2p.getConnections(a.libp2p.peerId).length, 1, 'the listener holds the inbound connection')
    assert.equal(b.libp2p.getConnections(a.libp2p.peerId)[0].direction, 'inbound')
    // the other way round, over the same connection
    await b.libp2p.services.ping.ping(a.libp2p.peerId)
    await b.stop()
    await waitFor(() => a.libp2p.getConnections(b.libp2p.peerId).length === 0, 10_000, 'the connection to the stopped node closes')
  })

  it('fails a dial to an address nobody listens on, with the address in the error', async () => {
    await assert.rejects(nodes[0].libp2p.dial(multiaddr('/memory/t0-nobody-here'), { signal: AbortSignal.timeout(10_000) }), /no listener at \/memory\/t0-nobody-here/)
  })
})

describe('thread network: feed posts across worker threads', () => {
  let network: ThreadNetwork
  const author = 1
  const followers = [2, 3, 4, 5, 6]

  before(async () => {
    network = await startThreadNetwork({
      size: 7,
      threads: 3,
      label: 'test',
      progress: () => {},
      ops: new URL('../../bench/feed-ops.js', import.meta.url)
    })
  })

  after(async () => {
    await network?.stop()
  })

  it('spreads the nodes over the threads and each thread knows its routing table', async () => {
    assert.deepEqual(Array.from({ length: 7 }, (_, i) => network.threadOf(i)), [0, 1, 2, 0, 1, 2, 0])
    await waitFor(async () => (await network.routingTableSizes()).every((size) => size > 0), 30_000, 'every node has a peer in its routing table')
    assert.equal((await network.routingTableSizes()).length, 7)
  })

  it('delivers a post to followers on every thread, over gossipsub and over the naive fan-out', async () => {
    const account = await network.call<{ username: string, userKey: Uint8Array }>(author, 'register', { username: 'thread_author', password: 'thread-password' })
    const gossip: Arrival[] = []
    const naive: Arrival[] = []
    network.onEvent((event, detail: Arrival) => {
      if (event === 'arrival') gossip.push(detail)
      if (event === 'naive-arrival') naive.push(detail)
    })
    for (const index of followers) {
      await network.call(index, 'watch', { author: account.userKey })
      await network.call(index, 'watchArrivals', { author: account.userKey, index })
    }
    const before = await network.call<{ copies: number }>(author, 'gossipStats')
    // the mesh forms within a few heartbeats; posts until one reaches every follower
    await waitFor(async () => {
      const text = `across threads ${gossip.length}-${Date.now()}`
      await network.call(author, 'publish', { text, budgetMs: 2_000 }).catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return new Set(gossip.filter((a) => a.text === text).map((a) => a.node)).size === followers.length
    }, 60_000, 'a post reaches every follower')
    assert.ok((await network.call<{ copies: number }>(author, 'gossipStats')).copies > before.copies)
    assert.deepEqual(new Set(gossip.map((a) => network.threadOf(a.node))), new Set([0, 1, 2]))

    const peers = await Promise.all(followers.map(async (index) => network.call<string>(index, 'peerId')))
    for (const index of followers) await network.call(index, 'naiveHandle', { index })
    assert.equal(await network.call(author, 'naiveConnect', { peers }), followers.length)
    const sent = await network.call<{ started: number, copies: number }>(author, 'naivePost', { text: 'naive across threads', peers, timeoutMs: 10_000 })
    assert.equal(sent.copies, followers.length)
    await waitFor(() => naive.filter((a) => a.text === 'naive across threads').length === followers.length, 10_000, 'the naive copies arrive')
    for (const arrival of naive) assert.ok(arrival.at >= sent.started, 'arrival times are comparable between threads')
  })

  it('reports an operation that fails in a worker as a rejection', async () => {
    await assert.rejects(network.call(author, 'noSuchOperation'), /no operation noSuchOperation/)
  })
})
