import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { streamPair } from '@libp2p/utils'
import { VirtualClock } from '../../src/kernel/index.js'
import { handleFramed } from '../../src/net/index.js'
import { lengthPrefix } from '../support/hostile-peer.js'
import { waitFor } from '../support/nodes.js'
import type { FramedStream, StreamLimits } from '../../src/net/index.js'
import type { Logger } from '../../src/kernel/index.js'
import type { Connection, PeerId, Stream, StreamHandler } from '@libp2p/interface'

const LIMITS: StreamLimits = { idleTimeoutMs: 1_000, deadlineMs: 0, maxFrameBytes: 100, maxBufferedBytes: 300, maxStreamsPerPeer: 2 }

/**
 * handleFramed on a stub registrar, in-memory stream pairs and virtual time: each limit
 * resets the stream it should and names the limit in a warning.
 */
async function setup (limits: Partial<StreamLimits> = {}): Promise<{
  open: (from: PeerId) => Promise<Stream>
  frames: Array<Uint8Array | undefined>
  served: FramedStream[]
  warnings: string[]
  clock: VirtualClock
}> {
  const clock = new VirtualClock(1_000)
  const warnings: string[] = []
  const logger: Logger = { debug: () => {}, info: () => {}, warn: (m) => { warnings.push(m) }, error: (m) => { warnings.push(m) } }
  let handler: StreamHandler | undefined
  const registrar = { handle: async (_: string, h: StreamHandler) => { handler = h }, unhandle: async () => {} }
  const frames: Array<Uint8Array | undefined> = []
  const served: FramedStream[] = []
  await handleFramed({ registrar: registrar as any, clock, logger }, '/test/1.0.0', { ...LIMITS, ...limits }, async (framed) => {
    served.push(framed)
    for (;;) {
      const frame = await framed.read()
      frames.push(frame)
      if (frame == null) return
      await framed.write(frame) // echo
    }
  })
  const open = async (from: PeerId): Promise<Stream> => {
    const [outbound, inbound] = await streamPair()
    void handler!(inbound, { remotePeer: from } as unknown as Connection)
    return outbound
  }
  return { open, frames, served, warnings, clock }
}

const peer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
const reset = (stream: Stream): boolean => stream.status === 'reset' || stream.status === 'aborted'

describe('inbound streams under their limits (net/inbound-streams.ts)', () => {
  it('resets a stream idle past the timeout and names the unfinished frame; activity keeps one open', async () => {
    const { open, warnings, clock } = await setup()
    const a = await peer()
    const hanging = await open(a)
    const busy = await open(a)
    hanging.send(new Uint8Array([...lengthPrefix(50), 1, 2, 3]))
    await new Promise((resolve) => setTimeout(resolve, 20))
    for (let t = 0; t < 4; t++) {
      busy.send(new Uint8Array([...lengthPrefix(1), t]))
      await new Promise((resolve) => setTimeout(resolve, 20))
      clock.advance(400)
    }
    await waitFor(() => reset(hanging), 2_000, 'the idle stream to be reset')
    assert.equal(busy.status, 'open', 'a stream with a frame every 400 ms stays')
    assert.match(warnings.join('\n'), /stream from .* reset: idle for 1[0-9]{3} ms \(limit 1000 ms\) \(4 bytes of an unfinished frame dropped\)/)
  })

  it('refuses a length prefix over the largest frame before the frame arrives', async () => {
    const { open, frames, warnings } = await setup()
    const stream = await open(await peer())
    stream.send(lengthPrefix(101))
    await waitFor(() => reset(stream), 2_000, 'the oversized prefix to reset the stream')
    assert.deepEqual(frames, [])
    assert.match(warnings.join('\n'), /refused a frame: .*101 > 100 \(limit 100 bytes\)/)
  })

  it('resets a stream that buffers more than its cap, even in frames under the limit', async () => {
    const { open, warnings } = await setup({ maxBufferedBytes: 150 })
    const stream = await open(await peer())
    // a frame of 100 announced, then 200 bytes: the frame and the start of more, sent at once
    stream.send(new Uint8Array([...lengthPrefix(100), ...new Uint8Array(200)]))
    await waitFor(() => reset(stream), 2_000, 'the buffer cap to reset the stream')
    assert.match(warnings.join('\n'), /buffered more than 150 bytes/)
  })

  it('caps open streams per peer, counts each peer apart, and frees a slot when a stream ends', async () => {
    const { open, warnings } = await setup()
    const [a, b] = [await peer(), await peer()]
    const first = await open(a)
    await open(a)
    const third = await open(a)
    await waitFor(() => reset(third), 2_000, 'the third stream of one peer to be reset')
    assert.match(warnings.join('\n'), /refused a stream from .*, which has 2 open \(limit 2\)/)
    const other = await open(b)
    first.abort(new Error('done'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const again = await open(a)
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.equal(other.status, 'open')
    assert.equal(again.status, 'open', 'the slot the first stream left is free again')
  })

  it('ends the read cleanly when the peer closes between frames, and resets at the deadline however busy', async () => {
    const { open, frames, served, clock } = await setup({ deadlineMs: 1_500 })
    const polite = await open(await peer())
    polite.send(new Uint8Array([...lengthPrefix(2), 7, 7]))
    await waitFor(() => frames.length === 1, 2_000, 'the frame')
    await polite.close()
    await waitFor(() => frames.length === 2, 2_000, 'the clean end')
    assert.deepEqual(frames.map((f) => f == null ? null : [...f]), [[7, 7], null])

    const chatty = await open(await peer())
    for (let t = 0; t < 4; t++) {
      chatty.send(new Uint8Array([...lengthPrefix(1), t]))
      await new Promise((resolve) => setTimeout(resolve, 20))
      clock.advance(400)
    }
    await waitFor(() => reset(chatty), 2_000, 'the deadline to reset the stream')
    assert.ok(served.at(-1)!.signal.aborted)
  })
})
