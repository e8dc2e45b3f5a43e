import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LengthPrefixedDecoder, Queue } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'

// patches/@libp2p+utils+*.patch, applied by `npm install` (postinstall: patch-package)
describe('patched @libp2p/utils', () => {
  it('LengthPrefixedDecoder does not ask the length decoder about an empty buffer', () => {
    let calls = 0
    const decoder = new LengthPrefixedDecoder({
      lengthDecoder: (data: Uint8ArrayList | Uint8Array) => {
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
