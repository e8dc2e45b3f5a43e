import assert from 'node:assert/strict'
import { Socket } from 'node:net'
import { describe, it } from 'node:test'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { withCorkedWrites } from '../../src/net/delayed-transport.js'
import { waitFor } from '../support/nodes.js'
import type { Transport } from '@libp2p/interface'

const PROTOCOL = '/parley-test/sink/1.0.0'

/**
 * How many times the sending process's sockets hand data to the kernel (Node's `_write` and
 * `_writev`, one system call each) for one 100-byte stream message over TCP + Noise + Yamux.
 */
async function kernelWritesPerMessage (transport: () => (components: any) => Transport): Promise<number> {
  const nodes = await Promise.all([0, 1].map(async () => createLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [transport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()]
  })))
  const [a, b] = nodes
  const proto = Socket.prototype as any
  const write = proto._write
  const writev = proto._writev
  try {
    let received = 0
    await b.handle(PROTOCOL, async (stream) => { for await (const chunk of stream) received += chunk.byteLength })
    const stream = await a.dialProtocol(b.getMultiaddrs(), PROTOCOL)
    stream.send(new Uint8Array(100)) // opens the stream on the wire: not counted
    await waitFor(() => received === 100, 5_000, 'the first message')
    // only the dialler's socket (to b's port): b answers with a Yamux window update from the same process
    const port = Number(/\/tcp\/(\d+)/.exec(b.getMultiaddrs()[0].toString())?.[1])
    let calls = 0
    proto._write = function (this: Socket, ...args: unknown[]) { if (this.remotePort === port) calls++; return write.apply(this, args) }
    proto._writev = function (this: Socket, ...args: unknown[]) { if (this.remotePort === port) calls++; return writev.apply(this, args) }
    stream.send(new Uint8Array(100))
    await waitFor(() => received === 200, 5_000, 'the second message')
    proto._write = write
    proto._writev = writev
    return calls
  } finally {
    proto._write = write
    proto._writev = writev
    await Promise.all(nodes.map(async (n) => n.stop()))
  }
}

describe('corked TCP writes', () => {
  // when this fails, @libp2p/tcp writes a list in one call by itself and withCorkedWrites can go
  it('(@libp2p/tcp alone writes a frame in two system calls)', async () => {
    assert.equal(await kernelWritesPerMessage(() => tcp()), 2)
  })

  it('sends a Noise frame (its length and ciphertext) in one system call', async () => {
    assert.equal(await kernelWritesPerMessage(() => withCorkedWrites(tcp())), 1)
  })
})
