import { fromString } from 'uint8arrays'
import * as raw from 'multiformats/codecs/raw'
import { DHT_QUERY_TIMEOUT_MS } from '../net/constants.js'
import { timeoutSignal } from '../net/signals.js'
import { userIdFromKey } from '../identity/user-id.js'
import { cidOf } from './hash.js'
import type { AbortOptions, PeerId, PeerInfo } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import type { CID } from 'multiformats/cid'

/** The DHT key followers of `author` provide: CIDv1(raw, sha256("parley-feed-topic/v1/" + userId)). */
export function topicKey (author: Uint8Array): CID {
  return cidOf(fromString(`parley-feed-topic/v1/${userIdFromKey(author)}`), raw.code)
}

/** The gossipsub topic of an author's live posts (2.0.0: unsigned messages, see docs/protocols/feed.md). */
export function gossipTopic (author: Uint8Array): string {
  return `/parley/feed/2.0.0/${userIdFromKey(author)}`
}


/** Up to `count` peers closest to `key` in the DHT (never ourselves). */
export async function closestPeers (dht: KadDHT, self: PeerId, key: Uint8Array, count: number, options?: AbortOptions): Promise<PeerId[]> {
  const found: PeerId[] = []
  try {
    for await (const event of dht.getClosestPeers(key, { signal: timeoutSignal(DHT_QUERY_TIMEOUT_MS, options) })) {
      if (event.name === 'FINAL_PEER' && !event.peer.id.equals(self) && !found.some((p) => p.equals(event.peer.id))) found.push(event.peer.id)
    }
  } catch (err: any) {
    if (found.length === 0 && err.name !== 'NotFoundError') throw err
  }
  return found.slice(0, count)
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
