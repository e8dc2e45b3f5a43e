import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { ping } from '@libp2p/ping'
import { LengthPrefixedDecoder, Queue } from '@libp2p/utils'
import { TypedEventEmitter, peerDiscoverySymbol } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { MemoryDatastore } from 'datastore-core/memory'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { waitFor } from '../support/nodes.js'
import { countKernelWrites, sinkPair } from '../support/socket-writes.js'
import type { Key } from 'interface-datastore'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { PeerDiscoveryEvents } from '@libp2p/interface'

/** A peer discovery service whose `peer` events the test sends. */
class TestDiscovery extends TypedEventEmitter<PeerDiscoveryEvents> {
  readonly [peerDiscoverySymbol] = this
  readonly [Symbol.toStringTag] = 'test-discovery'
}

// patches/*.patch, applied by `npm install` (prepare: patch-package)
describe('patched libp2p', () => {
  it('merges a discovered peer into the peer store again only when its addresses changed', async () => {
    const discovery = new TestDiscovery()
    const node = await createLibp2p({ privateKey: await generateKeyPair('Ed25519'), services: { discovery: () => discovery } })
    try {
      const peer = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
      // count the merges libp2p asks of its peer store
      let merges = 0
      const merge = node.peerStore.merge.bind(node.peerStore)
      node.peerStore.merge = async (id, data, options) => {
        if (id.equals(peer)) merges++
        return merge(id, data, options)
      }
      const discover = async (addrs: string[]): Promise<void> => {
        discovery.safeDispatchEvent('peer', { detail: { id: peer, multiaddrs: addrs.map((a) => multiaddr(a)) } })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await discover(['/ip4/127.0.0.1/tcp/4001'])
      assert.equal(merges, 1)
      // unpatched, each of these decoded, merged and stored the record again
      for (let i = 0; i < 5; i++) await discover(['/ip4/127.0.0.1/tcp/4001'])
      assert.equal(merges, 1)
      await discover(['/ip4/127.0.0.1/tcp/4001', '/ip4/127.0.0.1/tcp/4002'])
      assert.equal(merges, 2)
      const known = (await node.peerStore.get(peer)).addresses.map((a) => a.multiaddr.toString()).sort()
      assert.deepEqual(known, ['/ip4/127.0.0.1/tcp/4001', '/ip4/127.0.0.1/tcp/4002'])
    } finally {
      await node.stop()
    }
  })
})

describe('patched @libp2p/kad-dht', () => {
  it('the routing table finds the bucket of an id by its bits', async () => {
    const node = await createLibp2p({ privateKey: await generateKeyPair('Ed25519'), transports: [memory()], services: { identify: identify(), ping: ping(), dht: kadDHT({ clientMode: false }) } })
    try {
      // the patched method on a trie of our own: split at 0 / 1, then the 0 side at 00 / 01
      const kb = (node.services.dht as any).routingTable.kb
      const leaf = (prefix: string): { prefix: string, depth: number, peers: [] } => ({ prefix, depth: prefix.length, peers: [] })
      const root = { prefix: '', depth: 0, left: { prefix: '0', depth: 1, left: leaf('00'), right: leaf('01') }, right: leaf('1') }
      const bits = (id: Uint8Array): string => [...id].map((b) => b.toString(2).padStart(8, '0')).join('')
      for (let i = 0; i < 64; i++) {
        const id = new Uint8Array(randomBytes(32))
        const bucket = kb._determineBucket.call({ root }, id)
        assert.ok(bits(id).startsWith(bucket.prefix), `id ${bits(id).slice(0, 4)}… went to bucket ${bucket.prefix}`)
      }
    } finally {
      await node.stop()
    }
  })
})

describe('patched @libp2p/kad-dht: the PUT_VALUE handler', () => {
  it('names the peer that sent a record to the datastore (put option `sender`)', async () => {
    /** a datastore that notes the options of every record put */
    class NotingDatastore extends MemoryDatastore {
      readonly senders: Array<string | undefined> = []
      override async put (key: Key, value: Uint8Array, options?: AbortOptions & { sender?: PeerId }): Promise<Key> {
        if (key.toString().startsWith('/dht/record/')) this.senders.push(options?.sender?.toString())
        return super.put(key, value, options)
      }
    }
    const datastore = new NotingDatastore()
    const dht = (): ReturnType<typeof kadDHT> => kadDHT({ clientMode: false, validators: { test: async () => {} }, selectors: { test: () => 0 } })
    const holder = await createLibp2p({ privateKey: await generateKeyPair('Ed25519'), datastore, addresses: { listen: ['/memory/patch-holder'] }, transports: [memory()], connectionEncrypters: [noise()], streamMuxers: [yamux()], services: { identify: identify(), ping: ping(), dht: dht() } })
    const sender = await createLibp2p({ privateKey: await generateKeyPair('Ed25519'), transports: [memory()], connectionEncrypters: [noise()], streamMuxers: [yamux()], services: { identify: identify(), ping: ping(), dht: dht() } })
    try {
      await sender.dial(holder.getMultiaddrs())
      await waitFor(() => (sender.services.dht as any).routingTable.size > 0, 10_000, 'the holder in the sender\'s routing table')
      for await (const event of sender.services.dht.put(new TextEncoder().encode('/test/key'), Uint8Array.of(1))) void event
      // unpatched, the handler put the record without options
      assert.deepEqual(datastore.senders, [sender.peerId.toString()])
    } finally {
      await Promise.all([sender.stop(), holder.stop()])
    }
  })
})

describe('patched @libp2p/utils', () => {
  it('LengthPrefixedDecoder does not ask the length decoder about an empty buffer', () => {
    let calls = 0
    const decoder = new LengthPrefixedDecoder({
      lengthDecoder: (data) => {
        calls++
        if (data.length < 2) throw new RangeError('Could not decode int16BE')
        return data instanceof Uint8Array ? (data[0] << 8) + data[1] : data.getUint16(0)
      },
      encodingLength: () => 2
    })
    const frames = [...decoder.decode(Uint8Array.of(0, 3, 7, 8, 9, 0, 1, 5))].map((f) => f.subarray())
    assert.deepEqual(frames, [Uint8Array.of(7, 8, 9), Uint8Array.of(5)])
    // once per frame; unpatched, a third call threw a RangeError on the empty rest
    assert.equal(calls, 2)
    // a split frame still waits for its rest (a 1-byte buffer asks and is told to wait)
    assert.deepEqual([...decoder.decode(Uint8Array.of(0))], [])
    assert.deepEqual([...decoder.decode(Uint8Array.of(2, 4))].map((f) => f.subarray()), [])
    assert.deepEqual([...decoder.decode(Uint8Array.of(6))].map((f) => f.subarray()), [Uint8Array.of(4, 6)])
  })

  it('a queued job whose caller gives up still rejects with an AbortError, and a finished one resolves', async () => {
    const queue = new Queue({ concurrency: 1 })
    let release!: () => void
    const first = queue.add(async () => new Promise<string>((resolve) => { release = () => { resolve('first') } }))
    const controller = new AbortController()
    const second = queue.add(async () => 'second', { signal: controller.signal })
    controller.abort()
    await assert.rejects(second, { name: 'AbortError' })
    release()
    assert.equal(await first, 'first')
    assert.equal(await queue.add(async () => 'third'), 'third')
  })
})

describe('patched @chainsafe/libp2p-yamux', () => {
  it('a stream\'s reader sends no window update per data frame, only once half its window is used', async () => {
    // a fixed window: yamux doubles it (an update each time) while frames come within 4 round trips of the last update
    const pair = await sinkPair({ yamux: { streamOptions: { initialStreamWindowSize: 256 * 1024, maxStreamWindowSize: 256 * 1024 } } })
    // b's writes on its connection to a: the socket it accepted on its listening port
    const readerWrites = countKernelWrites((socket) => socket.localPort === pair.port)
    try {
      for (let i = 0; i < 10; i++) pair.stream.send(new Uint8Array(100))
      // a window update goes out as the frame is handled, before the handler reads the data
      await waitFor(() => pair.received() === 1_100, 5_000, 'ten more messages')
      assert.equal(readerWrites.count(), 0, 'the reader wrote nothing back for 1 KB of its 256 KB window')
    } finally {
      readerWrites.restore()
      await pair.stop()
    }
  })
})
