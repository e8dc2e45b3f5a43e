import { Socket } from 'node:net'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { waitFor } from './nodes.js'
import type { Libp2p, Stream, Transport } from '@libp2p/interface'

const SINK_PROTOCOL = '/parley-test/sink/1.0.0'

export interface SinkPair {
  /** the dialler, whose stream writes to b */
  a: Libp2p
  /** the reader, counting what arrives */
  b: Libp2p
  stream: Stream
  /** bytes b read so far */
  received: () => number
  /** b's listening TCP port: a's socket to b has it as remotePort, b's socket to a as localPort */
  port: number
  stop: () => Promise<void>
}

/**
 * Two libp2p nodes on 127.0.0.1 over TCP + Noise + Yamux (or the given transport and Yamux
 * options), b reading a sink protocol and a's stream to it open, its first 100 bytes
 * through (opening a stream writes on both sides: nothing after this counts it).
 */
export async function sinkPair (init: { transport?: () => (components: any) => Transport, yamux?: Parameters<typeof yamux>[0] } = {}): Promise<SinkPair> {
  const nodes = await Promise.all([0, 1].map(async () => createLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [(init.transport ?? tcp)()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux(init.yamux)]
  })))
  const [a, b] = nodes
  const stop = async (): Promise<void> => { await Promise.all(nodes.map(async (n) => n.stop())) }
  try {
    let received = 0
    await b.handle(SINK_PROTOCOL, async (stream) => { for await (const chunk of stream) received += chunk.byteLength })
    const stream = await a.dialProtocol(b.getMultiaddrs(), SINK_PROTOCOL)
    stream.send(new Uint8Array(100))
    await waitFor(() => received === 100, 5_000, 'the first message')
    const port = Number(/\/tcp\/(\d+)/.exec(b.getMultiaddrs()[0].toString())?.[1])
    return { a, b, stream, received: () => received, port, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/**
 * Counts how many times the sockets `which` selects hand data to the kernel (Node's
 * `_write` and `_writev`, one system call each) until `restore` is called.
 */
export function countKernelWrites (which: (socket: Socket) => boolean): { count: () => number, restore: () => void } {
  const proto = Socket.prototype as any
  const write = proto._write
  const writev = proto._writev
  let calls = 0
  proto._write = function (this: Socket, ...args: unknown[]) { if (which(this)) calls++; return write.apply(this, args) }
  proto._writev = function (this: Socket, ...args: unknown[]) { if (which(this)) calls++; return writev.apply(this, args) }
  return {
    count: () => calls,
    restore: () => { proto._write = write; proto._writev = writev }
  }
}
