import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { streamPair } from '@libp2p/utils'
import type { Connection, PeerId, Stream, StreamHandler } from '@libp2p/interface'

/**
 * Stubbed network components for testing one protocol class without a libp2p node (the
 * way js-libp2p tests its ping protocol): each stub peer has a registrar that keeps its
 * handlers, a dialer whose `dialProtocol` opens an in-memory stream pair to another stub
 * peer and hands the far end to that peer's handler, and a peer store that records merges.
 */
export interface StubPeer {
  peerId: PeerId
  registrar: {
    handle: (protocol: string, handler: StreamHandler, options?: unknown) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  dialer: {
    dialProtocol: (peer: PeerId | unknown, protocols: string | string[], options?: unknown) => Promise<Stream>
    getConnections: (peer?: PeerId) => Connection[]
  }
  peerStore: { merge: (peer: PeerId, data: unknown) => Promise<any> }
  /** the protocols with a handler now */
  readonly handlers: Map<string, StreamHandler>
  /** protocols dialled, in order (one entry per stream opened) */
  readonly dials: string[]
  /** peer-store merges, in order */
  readonly merges: Array<{ peer: string, data: unknown }>
  /** one promise per stream this peer's handlers were given, settled when the handler returned */
  readonly served: Array<Promise<void>>
}

export class StubNetwork {
  readonly #peers = new Map<string, StubPeer>()

  async peer (): Promise<StubPeer> {
    const peerId = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    const handlers = new Map<string, StreamHandler>()
    const dials: string[] = []
    const merges: Array<{ peer: string, data: unknown }> = []
    const served: Array<Promise<void>> = []
    const peer: StubPeer = {
      peerId,
      handlers,
      dials,
      merges,
      served,
      registrar: {
        handle: async (protocol, handler) => {
          if (handlers.has(protocol)) throw new Error(`a handler for ${protocol} is already registered`)
          handlers.set(protocol, handler)
        },
        unhandle: async (protocol) => { handlers.delete(protocol) }
      },
      dialer: {
        dialProtocol: async (to, protocols) => {
          const protocol = Array.isArray(protocols) ? protocols[0] : protocols
          const remote = this.#peers.get(String(to))
          const handler = remote?.handlers.get(protocol)
          if (remote == null || handler == null) throw new Error(`no handler for ${protocol} at ${String(to)}`)
          dials.push(protocol)
          const [outbound, inbound] = await streamPair({ protocol })
          remote.served.push(Promise.resolve(handler(inbound, { remotePeer: peerId } as unknown as Connection)).catch(() => {}))
          return outbound
        },
        getConnections: () => []
      },
      peerStore: { merge: async (id, data) => { merges.push({ peer: id.toString(), data }) } }
    }
    this.#peers.set(peerId.toString(), peer)
    return peer
  }
}
