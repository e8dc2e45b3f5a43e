/**
 * The libp2p node: TCP + WebSockets (memory for simulations), Noise, Yamux, identify, ping
 * and Parley's kad-dht; its datastore (peer store, DHT records) in the node's SQLite database.
 */
export * from './constants.js'
export { createParleyLibp2p } from './node.js'
export type { ParleyLibp2p, ParleyServices, ParleyNetworkInit, RelayServiceLimits, TransportFactory } from './node.js'
export { LAST_CONNECTED_KEY, LISTEN_ADDRS_KEY, dialBootstrap, dialKnownPeers, rememberConnections } from './bootstrap.js'
export type { BootstrapResult, KnownPeersResult } from './bootstrap.js'
export { GET_QUORUM, PLACEMENT_TTL_MS, askForRecord, closestKnownPeers, dhtRecordStore, putRecordTo } from './dht-records.js'
export type { RecordStore } from './dht-records.js'
export { DEFAULT_DHT_STORE_LIMITS, GuardedDatastore } from './record-datastore.js'
export type { DhtStoreLimits, GuardedDatastoreInit, HeldPutOptions } from './record-datastore.js'
export { SqliteDatastore } from './sqlite-datastore.js'
export type { HeldKind } from './sqlite-datastore.js'
export { DhtStoreFullError } from './errors.js'
export { NET_MIGRATIONS } from './migration.js'
export { networkComponents } from './components.js'
export { isRelayedConnection, perAddressGater, reachabilityOf, shareableAddresses } from './internet.js'
export type { NetworkScope } from './internet.js'
export type { NetworkComponents, ProtocolRegistrar, Dialer, AddressSource, PeerStore, NetworkEvents } from './components.js'
export { StreamLimitError, handleFramed, streamLimits } from './inbound-streams.js'
export type { FramedHandler, FramedStream, InboundStreamComponents, StreamLimits, StreamLimitsInit } from './inbound-streams.js'
