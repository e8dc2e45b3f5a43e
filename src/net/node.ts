import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { StrictNoSign, gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { autoNATv2 } from '@libp2p/autonat-v2'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p } from 'libp2p'
import type { Libp2pOptions } from 'libp2p'
import { clockProbe } from './clock-probe.js'
import { connectionPinger } from './connection-pinger.js'
import {
  CONNECTION_PING_INTERVAL_MS, CONNECTION_PING_TIMEOUT_MS, DEFAULT_LISTEN, DEFAULT_RELAY_RESERVATIONS, DHT_PROTOCOL,
  INTERNET_LISTEN, MAX_INBOUND_CONNECTIONS_PER_IP, RELAY_DATA_LIMIT_BYTES, RELAY_DURATION_LIMIT_MS, RELAY_MAX_RESERVATIONS, KNOWN_PEER_MAX_AGE_MS
} from './constants.js'
import { withCorkedWrites, withWriteDelay } from './transport-wrappers.js'
import { perAddressGater, shareableAddresses } from './internet.js'
import type { NetworkScope } from './internet.js'
import type { ClockProbe, ClockProbeInit } from './clock-probe.js'
import type { ConnectionPinger } from './connection-pinger.js'
import type { GuardedDatastore } from './record-datastore.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { SingleKadDHT, Selectors, Validators } from '@libp2p/kad-dht'
import type { ConnectionGater, Libp2p, PrivateKey, Transport } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'

export type ParleyServices = {
  identify: Identify
  ping: Ping
  dht: SingleKadDHT
  pubsub: GossipSub
  pinger: ConnectionPinger
  clock: ClockProbe
}

export type ParleyLibp2p = Libp2p<ParleyServices>

/** A libp2p transport as `createLibp2p` takes it. */
export type TransportFactory = (components: any) => Transport

export interface ParleyNetworkInit {
  /** the device key; it is the node's peer id */
  privateKey: PrivateKey
  /** multiaddrs to listen on (default: TCP and WebSockets on 127.0.0.1, OS-chosen ports) */
  listen?: string[]
  /**
   * 'tcp' (TCP + WebSockets, default), 'memory' for in-process simulated networks, or a
   * transport of the caller's (the bench's worker-thread networks)
   */
  transport?: 'tcp' | 'memory' | TransportFactory
  /** extra latency per message on the memory transport, in ms (default 0) */
  memoryLatencyMs?: number
  /**
   * extra delay on every write of TCP connections, in ms, to simulate a slow link in tests
   * (default: the PARLEY_TRANSPORT_DELAY_MS environment variable, else 0)
   */
  transportDelayMs?: number
  /** decides which peers may connect (default: libp2p's, which allows all); tests cut links with it */
  connectionGater?: ConnectionGater
  /** DHT record validators, by key namespace */
  validators: Validators
  /** DHT record selectors, by key namespace */
  selectors: Selectors
  /**
   * the node's datastore (its SQLite database), where libp2p keeps the peer store and
   * kad-dht the records it holds, with store-time selection and quotas
   */
  datastore: GuardedDatastore
  /** where the node runs, see NetworkScope (default 'internet') */
  network?: NetworkScope
  /**
   * addresses others can dial this node at besides the ones it finds itself, e.g. a port
   * forwarded on the router or a public node's DNS name (default: none)
   */
  announce?: string[]
  /**
   * a public node: it relays for NATed nodes and always serves the DHT (default false;
   * `parley node --public`)
   */
  publicNode?: boolean
  /**
   * relays this node keeps a reservation on, to be reachable from behind a NAT (default:
   * 2 on the internet unless public, 0 on a local network)
   */
  relayReservations?: number
  /** inbound connections one remote IP may hold (default 8 on the internet, unlimited locally) */
  maxInboundPerIp?: number
  /** limits of the relay a public node runs (defaults: RELAY_MAX_RESERVATIONS, RELAY_DURATION_LIMIT_MS, RELAY_DATA_LIMIT_BYTES) */
  relayService?: RelayServiceLimits
  /** clock comparison with peers (defaults in ClockProbeInit) */
  clockProbe?: ClockProbeInit
  /**
   * libp2p's own metrics (connections, streams, bytes by protocol, dials, kad-dht and
   * gossipsub internals), e.g. `prometheusMetrics` (default: none, libp2p counts nothing)
   */
  metrics?: Libp2pOptions['metrics']
}

/** What the circuit relay of a public node allows (net/constants.ts has the defaults). */
export interface RelayServiceLimits {
  /** reservations held for NATed nodes at once */
  maxReservations?: number
  /** how long one relayed connection may last, in ms */
  durationLimitMs?: number
  /** bytes one relayed connection may carry, each way */
  dataLimitBytes?: number
}

/** Creates (without starting) the libp2p node that carries every Parley protocol. */
export async function createParleyLibp2p (init: ParleyNetworkInit): Promise<ParleyLibp2p> {
  const useMemory = init.transport === 'memory'
  const custom = typeof init.transport === 'function' ? init.transport : undefined
  const delayMs = init.transportDelayMs ?? Number(process.env.PARLEY_TRANSPORT_DELAY_MS ?? 0)
  const tcpTransport = delayMs > 0 ? withWriteDelay(withCorkedWrites(tcp()), delayMs) : withCorkedWrites(tcp())
  const scope = init.network ?? 'internet'
  const local = scope === 'local'
  const publicNode = init.publicNode === true
  const reservations = init.relayReservations ?? (local || publicNode ? 0 : DEFAULT_RELAY_RESERVATIONS)
  const listen = init.listen ?? (useMemory || custom != null ? [] : local ? DEFAULT_LISTEN : INTERNET_LISTEN)
  const maxPerIp = init.maxInboundPerIp ?? (local ? Infinity : MAX_INBOUND_CONNECTIONS_PER_IP)
  const baseTransports = custom != null ? [custom] : useMemory ? [memory({ latency: init.memoryLatencyMs ?? 0 })] : [tcpTransport, webSockets()]
  const gater = Number.isFinite(maxPerIp) ? perAddressGater(maxPerIp, init.connectionGater) : init.connectionGater
  const node = await createLibp2p({
    privateKey: init.privateKey,
    start: false,
    addresses: {
      // each '/p2p-circuit' entry is one relay reservation
      listen: [...listen, ...Array.from({ length: reservations }, () => '/p2p-circuit')],
      appendAnnounce: init.announce ?? [],
      // identify tells every peer these; loopback and private ones are no use to a stranger
      announceFilter: (addrs) => shareableAddresses(addrs, scope)
    },
    transports: [...baseTransports, ...(useMemory || local ? [] : [circuitRelayTransport({ reservationCompletionTimeout: 10_000 })])],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    datastore: init.datastore,
    ...(init.metrics != null ? { metrics: init.metrics } : {}),
    // the peer store is in the database; a node off for a night still knows whom to dial
    peerStore: { maxPeerAge: KNOWN_PEER_MAX_AGE_MS },
    ...(gater != null ? { connectionGater: gater } : {}),
    // Every open connection is pinged every 60 s and aborted if its ping fails, by Parley's
    // pinger (connection-pinger.ts) instead of libp2p's connection monitor: the monitor pings
    // all of a node's connections in one tick, which in the 102-node feed bench meant 4,000
    // pings within a few seconds every minute and posts that took 1-2 s to reach everyone.
    // The pinger gives each connection its own random phase. The monitor's default of every
    // 10 s took a quarter of a core at 50 idle nodes in one process and stalled lookups (CPU
    // per lookup 128 → 59 ms without it); yamux keeps NAT mappings alive every 30 s and a
    // crashed peer's connections close at once anyway. A ping may take 30 s: with the
    // monitor's adaptive timeout (from 5 s) a node stalled for a few seconds (a loaded
    // machine, a throttled laptop) dropped healthy connections and its peers then dropped
    // theirs: meshes fell apart and every redial cost a handshake. A dead connection is
    // still dropped within 90 s.
    connectionMonitor: { enabled: false },
    connectionManager: local
      ? {
          maxConnections: 500,
          // many peers on one host dial us at once; the defaults reset most of those dials
          inboundConnectionThreshold: 10_000,
          maxIncomingPendingConnections: 1_000,
          maxParallelDials: 100
        }
      : {
          // libp2p's defaults: 5 new inbound connections per second from one host, 10 pending
          maxConnections: 300
        },
    services: {
      identify: identify(),
      // the pinger and kad-dht's contact checks both ping over /ipfs/ping/1.0.0; with ping's
      // default limits (1 outbound, 2 inbound streams per connection) a check that overlaps
      // a slow ping failed as "too many streams"; the answering side gives a ping as long as
      // the pinger waits
      ping: ping({ maxOutboundStreams: 4, maxInboundStreams: 8, timeout: CONNECTION_PING_TIMEOUT_MS }),
      pinger: connectionPinger({ intervalMs: CONNECTION_PING_INTERVAL_MS, timeoutMs: CONNECTION_PING_TIMEOUT_MS }),
      // compares the node's clock with its peers' and reports a skew (it never adjusts it)
      clock: clockProbe(init.clockProbe),
      // On the internet: AutoNAT confirms which of the node's addresses others can dial (and
      // answers others' checks), DCUtR turns a relayed connection into a direct one where
      // both NATs allow. A local network has neither NATs nor relays.
      ...(local ? {} : { autoNAT: autoNATv2(), dcutr: dcutr() }),
      ...(publicNode
        ? {
            relay: circuitRelayServer({
              reservations: {
                maxReservations: init.relayService?.maxReservations ?? RELAY_MAX_RESERVATIONS,
                defaultDurationLimit: init.relayService?.durationLimitMs ?? RELAY_DURATION_LIMIT_MS,
                defaultDataLimit: init.relayService?.dataLimitBytes != null ? BigInt(init.relayService.dataLimitBytes) : RELAY_DATA_LIMIT_BYTES
              }
            })
          }
        : {}),
      dht: kadDHT({
        protocol: DHT_PROTOCOL,
        // on the internet, a node serves the DHT once others can dial it (kad-dht switches
        // by the node's confirmed public addresses); locally every node serves
        clientMode: local || publicNode ? false : undefined,
        // locally, private addresses are real addresses; on the internet they stay home
        peerInfoMapper: local ? passthroughMapper : removePrivateAddressesMapper,
        validators: init.validators,
        selectors: init.selectors,
        initialQuerySelfInterval: 200,
        // Records are self-certifying and a get stops at GET_QUORUM valid answers, so one
        // query path with 3 requests in flight suffices; kad-dht's default of several
        // disjoint paths nearly doubled lookup time at 50 nodes (53 → 29 ms p50 measured).
        disjointPaths: 1,
        alpha: 3
      }),
      // live feed posts, one topic per author (src/feed); a publisher sends to its mesh
      // (at most D peers), never to every subscriber it knows
      pubsub: gossipsub({
        // a feed message is a SignedEntry, checked against the topic author's key by the
        // topic validator: a second, per-peer gossipsub signature would only cost every
        // receiver another verification (docs/protocols/feed.md); ids are sha256(data)
        globalSignaturePolicy: StrictNoSign,
        allowPublishToZeroTopicPeers: true,
        floodPublish: false,
        emitSelf: false,
        ignoreDuplicatePublishError: true,
        // many peers behind one address (loopback, a LAN) are normal on a local network,
        // where the colocation penalty scores them all negative and the mesh never forms;
        // on the internet more than 10 peers from one IP are likely one party's Sybils
        ...(local ? { scoreParams: { IPColocationFactorWeight: 0 } } : {}),
        // posts also travel over relayed connections between NATed users
        runOnLimitedConnection: true,
        // A publisher sends one copy per mesh peer (at most Dhi copies of a post) and every
        // node forwards each first copy to its mesh peers but the sender, so a follower
        // receives about one copy per mesh peer, all but one of them duplicates it decrypts,
        // decodes and hashes. D = 4 instead of gossipsub's 6 (measured, feed bench, 100
        // followers): 410 copies of a post in all instead of 610, a third less traffic and
        // CPU at every follower, for half a hop more on average (mean depth 2.5 → 3.1, max
        // 4 → 5). Feed posts are small, signed and also held in the remote log, where a
        // follower that misses one finds it, so the extra redundancy of D = 6 buys little.
        // Dout (2) must stay below Dlo and at most D / 2.
        D: 4,
        Dlo: 3,
        Dhi: 6,
        // IHAVE gossip, the lazy repair of a message a node missed, goes to Dlazy (6) peers
        // outside the mesh each heartbeat. gossipsub's default gossipFactor also sends it to
        // a quarter of all other topic peers when that is more: 24 at each of the feed bench's
        // 100 followers, meshed with all the others, every second while posts are recent,
        // a tenth of the CPU of a run. A feed has a second repair path, the remote log.
        gossipFactor: 0
      })
    }
  }) as unknown as ParleyLibp2p
  return node
}
