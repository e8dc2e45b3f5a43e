/** The libp2p node: TCP + WebSockets (memory for simulations), Noise, Yamux, identify, ping and Parley's kad-dht. */
export * from './constants.js'
export { createParleyLibp2p } from './node.js'
export type { ParleyLibp2p, ParleyServices, ParleyNetworkInit } from './node.js'
export { dialBootstrap } from './bootstrap.js'
export type { BootstrapResult } from './bootstrap.js'
export { dhtRecordStore } from './dht-records.js'
export type { RecordStore } from './dht-records.js'
export { GuardedDatastore } from './record-datastore.js'
