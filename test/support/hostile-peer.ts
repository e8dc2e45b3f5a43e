import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import * as varint from 'uint8-varint'
import type { Libp2p, PeerId, PrivateKey, Stream } from '@libp2p/interface'

/**
 * A bare libp2p node over TCP on 127.0.0.1 (Noise, Yamux, identify, ping) that speaks no
 * Parley protocol of its own: what scripted and hostile peers are built on.
 */
export async function startBarePeer (privateKey?: PrivateKey): Promise<Libp2p> {
  return createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() }
  })
}

/** Streams a hostile peer opened and left hanging. */
export interface HangingStreams {
  /** the streams the target let us open */
  opened: Stream[]
  /** opens the target refused outright */
  refused: number
  /** how many of `opened` the target has reset or closed its side of, so far */
  endedByTarget: () => number
}

/** The varint length prefix of a frame of `length` bytes (what lpStream writes first). */
export function lengthPrefix (length: number): Uint8Array {
  return varint.encode(length)
}

/**
 * A peer that opens streams of Parley's protocols and abuses them the way a slow-loris or
 * a memory attacker would: frames announced and never finished, lengths beyond any limit.
 * It never reads and never closes unless told to.
 */
export class HostilePeer {
  readonly node: Libp2p

  private constructor (node: Libp2p) {
    this.node = node
  }

  static async start (): Promise<HostilePeer> {
    return new HostilePeer(await startBarePeer())
  }

  get peerId (): PeerId {
    return this.node.peerId
  }

  /** Connects to the node at `addr` (a multiaddr with its /p2p/ id). */
  async connect (addr: string): Promise<void> {
    await this.node.dial(multiaddr(addr))
  }

  /**
   * Opens `count` streams of `protocol` to `target` and writes on each a length prefix
   * announcing `declared` bytes followed by `sent` of them (`sent` < `declared`): a frame
   * that never ends. Resolves once every write has left this node's buffers.
   */
  async truncatedFrames (target: PeerId, protocol: string, count: number, frame: { declared: number, sent: number }): Promise<HangingStreams> {
    const bytes = new Uint8Array(frame.sent).fill(0x2a)
    const opened: Stream[] = []
    // one after another: yamux ends a connection on which more than 10 streams wait for
    // their first answer (maxEarlyStreams), which would end the test instead of the streams
    for (let i = 0; i < count; i++) {
      const stream = await this.node.dialProtocol(target, protocol, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined)
      if (stream == null) continue
      opened.push(stream)
      void this.#write(stream, [lengthPrefix(frame.declared), bytes]).catch(() => {})
    }
    await Promise.allSettled(opened.map(async (stream) => stream.onDrain({ signal: AbortSignal.timeout(10_000) })))
    return { opened, refused: count - opened.length, endedByTarget: () => opened.filter(endedByRemote).length }
  }

  /**
   * Opens one stream of `protocol` to `target` and writes a length prefix of `declared`
   * bytes followed by `follow` bytes of filler (more than a well-behaved node would buffer).
   */
  async oversizedPrefix (target: PeerId, protocol: string, declared: number, follow = 0): Promise<Stream> {
    const stream = await this.node.dialProtocol(target, protocol, { signal: AbortSignal.timeout(10_000) })
    await this.#write(stream, [lengthPrefix(declared), new Uint8Array(follow).fill(0x2a)]).catch(() => {})
    return stream
  }

  /** Writes the chunks, waiting for the stream to drain; a reset by the target ends it quietly. */
  async #write (stream: Stream, chunks: Uint8Array[]): Promise<void> {
    for (const chunk of chunks) {
      if (chunk.byteLength === 0) continue
      if (!stream.send(chunk)) await stream.onDrain({ signal: AbortSignal.timeout(10_000) })
    }
  }

  async stop (): Promise<void> {
    await this.node.stop()
  }
}

/** True once the remote side reset the stream or closed its writing end. */
export function endedByRemote (stream: Stream): boolean {
  return stream.status !== 'open' || stream.remoteWriteStatus !== 'writable'
}
