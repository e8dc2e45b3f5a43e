/** Protocol id of Parley's own Kademlia DHT, kept apart from the public IPFS DHT. */
export const DHT_PROTOCOL = '/parley/kad/1.0.0'

/** Default listen addresses: TCP and WebSockets on loopback, ports chosen by the OS. */
export const DEFAULT_LISTEN = ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws']

/** How long one dial to a bootstrap peer may take. */
export const BOOTSTRAP_DIAL_TIMEOUT_MS = 5_000
/** How often a node with no connected peer retries its bootstrap list. */
export const BOOTSTRAP_RETRY_INTERVAL_MS = 10_000

/** How long one DHT get or put may take before it gives up. */
export const DHT_QUERY_TIMEOUT_MS = 15_000

/** How often each open connection is pinged (connection-pinger.ts; libp2p's monitor: 10 s). */
export const CONNECTION_PING_INTERVAL_MS = 60_000
/** How long a ping may take before its connection is aborted, and how long ours are answered. */
export const CONNECTION_PING_TIMEOUT_MS = 30_000

/** How many of the peers it was connected to before a node dials when it starts. */
export const KNOWN_PEER_DIALS = 16
/**
 * How long the peer store keeps a peer it has not heard of since (libp2p's default: 6 h).
 * A node off overnight would otherwise find its peer store emptied on start and, with its
 * bootstrap peers down, could not reconnect.
 */
export const KNOWN_PEER_MAX_AGE_MS = 7 * 24 * 3_600_000
/** How often entries held for others past their validity are deleted from the datastore. */
export const DHT_STORE_SWEEP_INTERVAL_MS = 3_600_000
