import { keystoreKey, nameKey, profileKey, verifyRecord } from './records.js'
import type { RecordType, VerifiedRecord } from './records.js'
import type { RecordStore } from '../net/dht-records.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Finds and publishes users' signed records in the DHT: name claims, profiles and
 * keystores. Everything it returns has been verified.
 */
export class UserDirectory {
  readonly #records: RecordStore

  constructor (records: RecordStore) {
    this.#records = records
  }

  async resolveName (username: string, options?: AbortOptions): Promise<VerifiedRecord<'name-claim'> | undefined> {
    return this.#fetch('name-claim', nameKey(username), options)
  }

  async resolveProfile (userKey: Uint8Array, options?: AbortOptions): Promise<VerifiedRecord<'profile'> | undefined> {
    return this.#fetch('profile', profileKey(userKey), options)
  }

  async resolveKeystore (userKey: Uint8Array, options?: AbortOptions): Promise<VerifiedRecord<'keystore'> | undefined> {
    return this.#fetch('keystore', keystoreKey(userKey), options)
  }

  /** Publishes a signed record under its key; resolves to the number of peers that stored it. */
  async publish (key: Uint8Array, signed: Uint8Array, options?: AbortOptions): Promise<number> {
    return this.#records.put(key, signed, options)
  }

  async #fetch<T extends RecordType> (type: T, key: Uint8Array, options?: AbortOptions): Promise<VerifiedRecord<T> | undefined> {
    const bytes = await this.#records.get(key, options)
    return bytes == null ? undefined : verifyRecord(type, key, bytes)
  }
}
