import { Libp2pRecord } from '@libp2p/record'
import { MemoryDatastore } from 'datastore-core/memory'
import { Key } from 'interface-datastore'
import { toString } from 'uint8arrays/to-string'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Decides whether an incoming DHT record may replace the one held under the same key;
 * throws to refuse it. Receives the record values (not the kad-dht envelopes).
 */
export type RecordReplacementGuard = (key: Uint8Array, incoming: Uint8Array, held: Uint8Array) => void

const DHT_RECORD_PREFIX = '/dht/record/'

/** Where kad-dht keeps the record of a DHT key in the datastore. */
function recordKey (key: Uint8Array): Key {
  return new Key(`${DHT_RECORD_PREFIX}${toString(key, 'base32')}`, false)
}

/**
 * The node's datastore. kad-dht only validates records on PUT and then overwrites what it
 * holds; this datastore adds selection at store time, so a replayed or older record can
 * never replace a newer one, whoever sends it.
 */
export class GuardedDatastore extends MemoryDatastore {
  readonly #guard: RecordReplacementGuard

  constructor (guard: RecordReplacementGuard) {
    super()
    this.#guard = guard
  }

  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    if (key.toString().startsWith(DHT_RECORD_PREFIX) && await this.has(key)) {
      const incoming = Libp2pRecord.deserialize(value)
      const held = Libp2pRecord.deserialize(await this.get(key))
      this.#guard(incoming.key, incoming.value, held.value)
    }
    return super.put(key, value, options)
  }

  /** The value of the DHT record this node holds under `key` (kad-dht's layout), if any. */
  async recordValue (key: Uint8Array, options?: AbortOptions): Promise<Uint8Array | undefined> {
    const dsKey = recordKey(key)
    if (!await this.has(dsKey, options)) return undefined
    return Libp2pRecord.deserialize(await this.get(dsKey, options)).value
  }

  /** Holds `value` as the DHT record under `key`, as kad-dht's put does; the guard applies. */
  async putRecord (key: Uint8Array, value: Uint8Array, options?: AbortOptions): Promise<void> {
    await this.put(recordKey(key), new Libp2pRecord(key, value, new Date()).serialize(), options)
  }
}
