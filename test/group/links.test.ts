import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { memory } from '@libp2p/memory'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { createLibp2p } from 'libp2p'
import { GroupLinks } from '../../src/group/links.js'
import { systemClock } from '../../src/kernel/index.js'
import { waitFor } from '../support/nodes.js'
import type { Libp2p } from '@libp2p/interface'

async function node (listen?: string): Promise<Libp2p> {
  return createLibp2p({ privateKey: await generateKeyPair('Ed25519'), addresses: { listen: listen == null ? [] : [listen] }, transports: [memory()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
}

describe('GroupLinks', () => {
  it('the frames one turn queues for a peer are written together once the turn is done', async () => {
    const a = await node()
    const b = await node('/memory/group-links-b')
    // A's outbound streams, with their writes counted
    let writes = 0
    const dialer = {
      getConnections: a.getConnections.bind(a),
      dialProtocol: async (...args: Parameters<Libp2p['dialProtocol']>) => {
        const stream = await a.dialProtocol(...args)
        const send = stream.send.bind(stream)
        stream.send = (data) => { writes++; return send(data) }
        return stream
      }
    }
    const received: number[] = []
    const linksA = new GroupLinks({ registrar: a, dialer, peerStore: a.peerStore, clock: systemClock }, () => {})
    const linksB = new GroupLinks({ registrar: b, dialer: b, peerStore: b.peerStore, clock: systemClock }, (_peer, bytes) => { received.push(bytes[0]) })
    await linksA.start()
    await linksB.start()
    try {
      const to = b.peerId.toString()
      const addrs = b.getMultiaddrs().map((m) => m.toString())
      linksA.send(to, addrs, Uint8Array.of(0))
      await waitFor(() => received.length === 1, 5_000, 'the first frame at B')
      writes = 0
      linksA.send(to, addrs, Uint8Array.of(1))
      linksA.send(to, addrs, Uint8Array.of(2))
      linksA.send(to, addrs, Uint8Array.of(3))
      // nothing is written during the turn that queued the frames (the answers of the turn go first)
      assert.equal(writes, 0)
      await waitFor(() => received.length === 4, 5_000, 'the three frames at B')
      assert.deepEqual(received, [0, 1, 2, 3])
      // written at once, the first frame went alone and the other two after it: 2
      assert.equal(writes, 1)
    } finally {
      await linksA.stop()
      await linksB.stop()
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
