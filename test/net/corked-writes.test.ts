import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tcp } from '@libp2p/tcp'
import { withCorkedWrites } from '../../src/net/transport-wrappers.js'
import { waitFor } from '../support/nodes.js'
import { countKernelWrites, sinkPair } from '../support/socket-writes.js'
import type { Transport } from '@libp2p/interface'

/**
 * How many times the sending process's sockets hand data to the kernel (one system call
 * each) for one 100-byte stream message over TCP + Noise + Yamux.
 */
async function kernelWritesPerMessage (transport: () => (components: any) => Transport): Promise<number> {
  const pair = await sinkPair({ transport })
  // only the dialler's socket (to b's port): b answers with a Yamux window update from the same process
  const writes = countKernelWrites((socket) => socket.remotePort === pair.port)
  try {
    pair.stream.send(new Uint8Array(100))
    await waitFor(() => pair.received() === 200, 5_000, 'the second message')
    return writes.count()
  } finally {
    writes.restore()
    await pair.stop()
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
