import { sha256 } from '@noble/hashes/sha2.js'
import { fromString } from 'uint8arrays'
import { compare } from 'uint8arrays/compare'
import { xor } from 'uint8arrays/xor'
import * as raw from 'multiformats/codecs/raw'
import { cidOf } from './hash.js'
import type { AbortOptions, PeerId, PeerInfo } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import type { CID } from 'multiformats/cid'
import { timeoutSignal } from '../kernel/index.js'
import { DHT_QUERY_TIMEOUT_MS, closestKnownPeers } from '../net/index.js'
import { userIdFromKey } from '../identity/index.js'

/** The DHT key followers of `author` provide: CIDv1(raw, sha256("parley-feed-topic/v1/" + userId)). */
export function topicKey (author: Uint8Array): CID {
  return cidOf(fromString(`parley-feed-topic/v1/${userIdFromKey(author)}`), raw.code)
}

/**
 * The DHT key of the page slot of `author`'s log whose page starts at `firstSeq`:
 * sha256("parley-feed-page/v1/" + userId + "/" + firstSeq). Every version of that page
 * (the head page changes with each entry) goes with its entry blocks to the peers closest
 * to this key, so the versions meet the same peers, who already hold the older blocks.
 */
export function pageSlotKey (author: Uint8Array, firstSeq: bigint, device = ''): Uint8Array {
  // each device chain has its own slots; the account's first chain keeps the slots it had
  const chain = device === '' ? '' : `${device}/`
  return cidOf(fromString(`parley-feed-page/v1/${userIdFromKey(author)}/${chain}${firstSeq}`), raw.code).multihash.bytes
}

/** The gossipsub topic of an author's live posts (2.0.0: unsigned messages, see docs/protocols/feed.md). */
export function gossipTopic (author: Uint8Array): string {
  return `/parley/feed/2.0.0/${userIdFromKey(author)}`
}

/**
 * Up to `count` peers closest to `key` in the DHT (never ourselves). kad-dht's walk goes on
 * until the 20 closest peers it found have all answered; for the few holders of a block
 * it stops as soon as the `count` closest peers known (from the routing table and the
 * answers so far) have all answered, which in a routing table that knows the key's
 * neighbourhood is the first round.
 */
export async function closestPeers (dht: KadDHT, self: PeerId, key: Uint8Array, count: number, options?: AbortOptions): Promise<PeerId[]> {
  const target = sha256(key)
  const candidates = new Map<string, { peer: PeerId, distance: Uint8Array }>()
  const answered = new Set<string>()
  const consider = (peer: PeerId): void => {
    const id = peer.toString()
    if (!peer.equals(self) && !candidates.has(id)) candidates.set(id, { peer, distance: xor(sha256(peer.toMultihash().bytes), target) })
  }
  const closest = (only?: Set<string>): PeerId[] => [...candidates.entries()]
    .filter(([id]) => only == null || only.has(id))
    .sort(([, a], [, b]) => compare(a.distance, b.distance))
    .slice(0, count).map(([, c]) => c.peer)
  for (const peer of closestKnownPeers(dht, key, count)) consider(peer)
  const enough = new AbortController()
  try {
    for await (const event of dht.getClosestPeers(key, { signal: AbortSignal.any([timeoutSignal(DHT_QUERY_TIMEOUT_MS, options), enough.signal]) })) {
      if (event.name === 'PEER_RESPONSE') {
        consider(event.from)
        answered.add(event.from.toString())
        for (const peer of event.closer) consider(peer.id)
      } else if (event.name === 'QUERY_ERROR' && event.from != null) {
        candidates.delete(event.from.toString()) // unreachable: not a holder
      } else if (event.name === 'FINAL_PEER') {
        consider(event.peer.id)
        answered.add(event.peer.id.toString())
      } else continue
      const best = closest()
      if (best.length >= count && best.every((p) => answered.has(p.toString()))) {
        enough.abort()
        break
      }
    }
  } catch (err: any) {
    if (answered.size === 0 && !enough.signal.aborted && err.name !== 'NotFoundError') throw err
  }
  return closest(answered)
}

/** Peers that provide `key`, stopping at `max`; their addresses land in the peer store. */
export async function findProviders (dht: KadDHT, self: PeerId, key: CID, max: number, options?: AbortOptions): Promise<PeerInfo[]> {
  const found: PeerInfo[] = []
  const enough = new AbortController()
  try {
    for await (const event of dht.findProviders(key, { signal: AbortSignal.any([timeoutSignal(DHT_QUERY_TIMEOUT_MS, options), enough.signal]) })) {
      if (event.name !== 'PROVIDER') continue
      for (const provider of event.providers) {
        if (provider.id.equals(self) || found.some((p) => p.id.equals(provider.id))) continue
        found.push(provider)
      }
      if (found.length >= max) {
        enough.abort()
        break
      }
    }
  } catch (err: any) {
    if (found.length === 0 && !enough.signal.aborted && err.name !== 'NotFoundError' && err.name !== 'AbortError' && err.name !== 'TimeoutError') throw err
  }
  return found.slice(0, max)
}

/** Announces that this node provides `key` (a follower of that topic). */
export async function provide (dht: KadDHT, key: CID, options?: AbortOptions): Promise<void> {
  for await (const _ of dht.provide(key, { signal: timeoutSignal(DHT_QUERY_TIMEOUT_MS, options) })) {}
}
