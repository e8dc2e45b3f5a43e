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

export function dhtRecordStore (dht: KadDHT): RecordStore {
  return {
    async put (key, value, options) {
      let accepted = 0
      for await (const event of dht.put(key, value, { signal: withTimeout(options) })) {
        if (event.name === 'PEER_RESPONSE') accepted++
      }
      return accepted
    },
    async get (key, options) {
      try {
        for await (const event of dht.get(key, { signal: withTimeout(options) })) {
          if (event.name === 'VALUE') return event.value
        }
      } catch (err: any) {
        if (err.name !== 'NotFoundError') throw err
      }
      return undefined
    }
  }
}
