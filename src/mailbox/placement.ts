import { sha256 } from '@noble/hashes/sha2.js'
import { CLOSEST_LOOKUP_TIMEOUT_MS } from './constants.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import { timeoutSignal } from '../kernel/index.js'

/** Where a mailbox's crates go: the K peers closest to its key, or everyone we know when the DHT fails. */
export interface Placement {
  peers: PeerId[]
  /** true when the DHT lookup failed and these are simply every connected peer */
  flooded: boolean
}

/** The kad-dht keyspace position of a key (kad-dht hashes keys with SHA-256). */
export function kadPosition (key: Uint8Array): Uint8Array {
  return sha256(key)
}

/** Compares the XOR distances of a and b to target: negative when a is closer. */
export function compareDistance (target: Uint8Array, a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < target.byteLength; i++) {
    const da = (a[i] ?? 0) ^ target[i]
    const db = (b[i] ?? 0) ^ target[i]
    if (da !== db) return da - db
  }
  return 0
}

/** Sorts peer ids by closeness to `key`, closest first. */
export function sortByDistance<T extends { toMultihash: () => { bytes: Uint8Array } }> (key: Uint8Array, peers: T[]): T[] {
  const target = kadPosition(key)
  const positions = new Map(peers.map((p) => [p, kadPosition(p.toMultihash().bytes)]))
  return [...peers].sort((a, b) => compareDistance(target, positions.get(a)!, positions.get(b)!))
}

export interface PlacementDeps {
  dht: KadDHT
  connectedPeers: () => PeerId[]
  /** peers in the DHT routing table; with none, a walk can only time out */
  routingTableSize: () => number
  self: PeerId
}

/**
 * The K closest peers to `key` by a DHT walk (self included when it is among them).
 * When the walk fails or finds nobody, every connected peer instead (flood).
 */
export async function placeMailbox (deps: PlacementDeps, key: Uint8Array, k: number, options?: AbortOptions): Promise<Placement> {
  const signal = timeoutSignal(CLOSEST_LOOKUP_TIMEOUT_MS, options)
  const found = new Map<string, PeerId>()
  if (deps.routingTableSize() === 0) return { peers: deps.connectedPeers(), flooded: true }
  try {
    for await (const event of deps.dht.getClosestPeers(key, { signal })) {
      if (event.name === 'FINAL_PEER') found.set(event.peer.id.toString(), event.peer.id)
    }
  } catch (err) {
    if (options?.signal?.aborted === true) throw err
    // fall through: flood when nothing was found
  }
  if (found.size === 0) return { peers: deps.connectedPeers(), flooded: true }
  found.set(deps.self.toString(), deps.self)
  return { peers: sortByDistance(key, [...found.values()]).slice(0, k), flooded: false }
}
