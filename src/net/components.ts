import { CLOCK_SKEW_WARNING_MS } from './constants.js'
import type { ParleyLibp2p } from './node.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { Libp2p, Libp2pEvents, PeerId, TypedEventTarget } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'

/**
 * The parts of the libp2p node that Parley's services use, each as narrow as a service
 * needs it (the js-libp2p components idea): a service declares the ones it takes in its
 * `XComponents`, and a test can hand it stubs (two methods and an in-memory stream pair)
 * instead of a whole node.
 */

/** Registers and removes protocol handlers. */
export type ProtocolRegistrar = Pick<Libp2p, 'handle' | 'unhandle'>

/** Opens connections and streams to peers, and lists the open ones. */
export type Dialer = Pick<Libp2p, 'dial' | 'dialProtocol' | 'getConnections' | 'getPeers'>

/** The addresses this node listens on (as others should dial it). */
export type AddressSource = Pick<Libp2p, 'getMultiaddrs'>

/** What the node knows of other peers: their addresses and protocols. */
export type PeerStore = Libp2p['peerStore']

/** Connection and peer events of the node (`peer:connect`, `peer:disconnect`, ...). */
export type NetworkEvents = TypedEventTarget<Libp2pEvents>

export interface NetworkComponents {
  peerId: PeerId
  addresses: AddressSource
  registrar: ProtocolRegistrar
  dialer: Dialer
  peerStore: PeerStore
  events: NetworkEvents
  dht: SingleKadDHT
  pubsub: GossipSub
  ping: Ping
  /**
   * The time on the peers' clocks: this node's clock corrected by the skew its clock probe
   * measured, when that is beyond CLOCK_SKEW_WARNING_MS. For reading others' timestamps
   * (is a user online?) and for the last-seen time others read, never for what a signature
 * vouches for (claims, entries, messages): peers could lie about their time.
   */
  peerTime: () => number
}

/** The components of a Parley libp2p node (the node itself serves as each narrow part). */
export function networkComponents (libp2p: ParleyLibp2p): NetworkComponents {
  return {
    peerId: libp2p.peerId,
    addresses: libp2p,
    registrar: libp2p,
    dialer: libp2p,
    peerStore: libp2p.peerStore,
    events: libp2p,
    dht: libp2p.services.dht,
    pubsub: libp2p.services.pubsub,
    ping: libp2p.services.ping,
    peerTime: () => {
      const probe = libp2p.services.clock
      const skew = probe.skewMs()
      // one or two peers could be wrong, or lie: only a median of three or more corrects
      return Date.now() + (skew != null && probe.samples() >= 3 && Math.abs(skew) > CLOCK_SKEW_WARNING_MS ? skew : 0)
    }
  }
}
