import { DHT_QUERY_TIMEOUT_MS } from './constants.js'
import type { KadDHT } from '@libp2p/kad-dht'
import type { AbortOptions } from '@libp2p/interface'
import { timeoutSignal } from './signals.js'

/** The two DHT operations the identity layer needs, with timeouts and abort signals. */
export interface RecordStore {
  /** Stores a record locally and at the closest peers; resolves to how many peers took it. */
  put(key: Uint8Array, value: Uint8Array, options?: AbortOptions): Promise<number>
  /** The best valid record for a key, from the network and our own store, or undefined. */
  get(key: Uint8Array, options?: RecordGetOptions): Promise<Uint8Array | undefined>
}

export interface RecordGetOptions extends AbortOptions {
  /**
   * Called once with the first valid value to arrive, before the quorum is in, so a
   * caller can start dependent work early (the best value may still turn out different).
   */
  onFirstValid?: (value: Uint8Array) => void
}

/** Valid answers a DHT get waits for before it stops asking (the best of them wins). */
export const GET_QUORUM = 3

/** Index of the best valid value for a key, or -1 when none is valid. */
export type RecordSelector = (key: Uint8Array, values: Uint8Array[]) => number

export function dhtRecordStore (dht: KadDHT, select: RecordSelector): RecordStore {
  return {
    async put (key, value, options) {
      let accepted = 0
      for await (const event of dht.put(key, value, { signal: timeoutSignal(DHT_QUERY_TIMEOUT_MS, options) })) {
        if (event.name === 'PEER_RESPONSE') accepted++
      }
      return accepted
    },
    async get (key, options) {
      // kad-dht's get walks the whole query, then "corrects" peers holding older values and
      // throws if one refuses. Reading the values off the peers' responses instead lets a
      // lookup stop at a quorum of valid answers, and a single bad peer cannot hide the record.
      const seen: Uint8Array[] = []
      let valid = 0
      const enough = new AbortController()
      const signal = AbortSignal.any([timeoutSignal(DHT_QUERY_TIMEOUT_MS, options), enough.signal])
      try {
        for await (const event of dht.get(key, { signal })) {
          if (event.name === 'VALUE') seen.push(event.value)
          if (event.name !== 'PEER_RESPONSE' || event.record == null) continue
          seen.push(event.record.value)
          if (select(key, [event.record.value]) !== 0) continue
          if (valid++ === 0) options?.onFirstValid?.(event.record.value)
          if (valid >= GET_QUORUM) {
            enough.abort()
            break
          }
        }
      } catch (err: any) {
        if (err.name !== 'NotFoundError' && seen.length === 0 && !enough.signal.aborted) throw err
      }
      const best = select(key, seen)
      return best < 0 ? undefined : seen[best]
    }
  }
}
