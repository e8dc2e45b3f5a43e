import type { AccountService, UserDirectory } from '../identity/index.js'
import type { Clock, Logger, Metrics } from '../kernel/index.js'
import type { Dialer, PeerStore, ProtocolRegistrar, RecordStore } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { PeerId } from '@libp2p/interface'

/** The parts of the node that feeds use on the network. */
export interface FeedNetwork {
  peerId: PeerId
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dial' | 'dialProtocol' | 'getPeers'>
  peerStore: Pick<PeerStore, 'merge'>
  dht: SingleKadDHT
  pubsub: GossipSub
}

/** What the feed service takes from the node. */
export interface FeedComponents extends FeedNetwork {
  /** the node's DHT record store: the remote log's head pointer and the follower summary are put there */
  records: Pick<RecordStore, 'put' | 'get'>
  database: ParleyDatabase
  accounts: AccountService
  directory: UserDirectory
  clock: Clock
  logger: Logger
  /** where gossip and syncs are counted (default: noopMetrics) */
  metrics?: Metrics
}
