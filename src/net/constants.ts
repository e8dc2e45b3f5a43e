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

/** Default listen address on the internet: TCP on every interface, a port chosen by the OS. */
export const INTERNET_LISTEN = ['/ip4/0.0.0.0/tcp/0']

/** Relays a node that is not public keeps a reservation on, so others can reach it through them. */
export const DEFAULT_RELAY_RESERVATIONS = 2

/**
 * Inbound connections one remote IP address may hold at once on the internet. A home
 * network (several devices behind one router) fits; one host opening 1,000 connections
 * does not push out the node's established peers.
 */
export const MAX_INBOUND_CONNECTIONS_PER_IP = 8

/**
 * Limits a public node's relay service puts on each relayed connection, large enough for
 * Parley's traffic between two NATed users (DMs, receipts, group frames, block fetches)
 * for half an hour; a connection past them is closed and the next dial relays again (or
 * hole punching has made it direct by then). libp2p's defaults (2 min, 128 KiB) cut a
 * group chat off mid-conversation.
 */
export const RELAY_DURATION_LIMIT_MS = 30 * 60_000
export const RELAY_DATA_LIMIT_BYTES = 64n * 1024n * 1024n
/** How many NATed peers one public node relays for at once. */
export const RELAY_MAX_RESERVATIONS = 256

/** Protocol id of the clock comparison (clock-probe.ts). */
export const TIME_PROTOCOL = '/parley/time/1.0.0'
/** How often a node compares its clock with its peers'. */
export const CLOCK_PROBE_INTERVAL_MS = 10 * 60_000
/** How many peers each comparison asks. */
export const CLOCK_PROBE_PEERS = 5
/** How long one peer may take to tell its time. */
export const CLOCK_PROBE_TIMEOUT_MS = 5_000
/**
 * A skew beyond this is reported (log, health, /api/network): records and entries are
 * accepted up to MAX_CLOCK_SKEW_MS (15 min) in the future, and a clock a minute off
 * already shows in presence and message times.
 */
export const CLOCK_SKEW_WARNING_MS = 60_000
