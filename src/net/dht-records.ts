import { DHT_QUERY_TIMEOUT_MS } from './constants.js'
import type { KadDHT } from '@libp2p/kad-dht'
import type { AbortOptions } from '@libp2p/interface'

/** The two DHT operations the identity layer needs, with timeouts and abort signals. */
export interface RecordStore {
  /** Stores a record locally and at the closest peers; resolves to how many peers took it. */
  put(key: Uint8Array, value: Uint8Array, options?: AbortOptions): Promise<number>
  /** The best valid record for a key, from the network and our own store, or undefined. */
  get(key: Uint8Array, options?: AbortOptions): Promise<Uint8Array | undefined>
}

function withTimeout (options?: AbortOptions): AbortSignal {
  const timeout = AbortSignal.timeout(DHT_QUERY_TIMEOUT_MS)
  return options?.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
}

/** Index of the best valid value for a key, or -1 when none is valid. */
export type RecordSelector = (key: Uint8Array, values: Uint8Array[]) => number

export function dhtRecordStore (dht: KadDHT, select: RecordSelector): RecordStore {
  return {
    async put (key, value, options) {
      let accepted = 0
      for await (const event of dht.put(key, value, { signal: withTimeout(options) })) {
        if (event.name === 'PEER_RESPONSE') accepted++
      }
      return accepted
    },
    async get (key, options) {
      // kad-dht yields the best value only after "correcting" peers that hold older
      // ones, and throws if one of them refuses; the values seen on the way are kept so a
      // single bad peer cannot hide the record.
      const seen: Uint8Array[] = []
      try {
        for await (const event of dht.get(key, { signal: withTimeout(options) })) {
          if (event.name === 'VALUE') return event.value
          if (event.name === 'PEER_RESPONSE' && event.record != null) seen.push(event.record.value)
        }
      } catch (err: any) {
        if (err.name !== 'NotFoundError' && seen.length === 0) throw err
      }
      const best = select(key, seen)
      return best < 0 ? undefined : seen[best]
    }
  }
}
