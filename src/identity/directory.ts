import { equals as equalBytes } from 'uint8arrays/equals'
import { keystoreKey, nameKey, profileKey, verifyRecord } from './records.js'
import type { RecordType, VerifiedRecord } from './records.js'
import type { AbortOptions } from '@libp2p/interface'
import type { RecordStore } from '../net/index.js'

export interface ResolvedUser {
  claim: VerifiedRecord<'name-claim'>
  /** undefined when the user has a claim but no profile could be found */
  profile: VerifiedRecord<'profile'> | undefined
}

/**
 * Finds and publishes users' signed records in the DHT: name claims, profiles and
 * keystores. Everything it returns has been verified.
 */
export class UserDirectory {
  readonly #records: RecordStore

  constructor (components: { records: RecordStore }) {
    this.#records = components.records
  }

  async resolveName (username: string, options?: AbortOptions): Promise<VerifiedRecord<'name-claim'> | undefined> {
    return this.#fetch('name-claim', nameKey(username), options)
  }

  /**
   * A user's name claim and profile. The profile query starts as soon as the first valid
   * claim arrives instead of after the claim's quorum, which takes a lookup from two DHT
   * round trips in a row to about one and a half; should the quorum pick a different
   * claim (a contested name), the profile of the winner is fetched after all.
   */
  async resolveUser (username: string, options?: AbortOptions): Promise<ResolvedUser | undefined> {
    const key = nameKey(username)
    let early: { userKey: Uint8Array, profile: Promise<VerifiedRecord<'profile'> | undefined> } | undefined
    const bytes = await this.#records.get(key, {
      ...options,
      onFirstValid: (value) => {
        const userKey = verifyRecord('name-claim', key, value).record.userKey
        const profile = this.resolveProfile(userKey, options)
        profile.catch(() => {}) // awaited below when this claim wins; dropped otherwise
        early = { userKey, profile }
      }
    })
    if (bytes == null) return undefined
    const claim = verifyRecord('name-claim', key, bytes)
    const profile = early != null && equalBytes(early.userKey, claim.record.userKey)
      ? await early.profile
      : await this.resolveProfile(claim.record.userKey, options)
    return { claim, profile }
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
