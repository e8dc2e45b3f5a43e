import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { ping } from '@libp2p/ping'
import { LengthPrefixedDecoder, Queue } from '@libp2p/utils'
import { createLibp2p } from 'libp2p'

// patches/*.patch, applied by `npm install` (postinstall: patch-package)
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
