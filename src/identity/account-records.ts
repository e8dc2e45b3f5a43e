import { equals as equalBytes } from 'uint8arrays/equals'
import { SCRYPT_DEFAULTS } from './constants.js'
import { isPending, signClaim, unlock } from './credentials.js'
import { NameTakenError, StaleRecordError } from './errors.js'
import { checkKdfCost, KdfQueue } from './kdf.js'
import type { KdfQueueInit } from './kdf.js'
import { createUserKeys, sealKeystore } from './keystore.js'
import type { ScryptParams, UserKeys } from './keystore.js'
import { keystoreKey, nameKey, profileKey, signRecord } from './records.js'
import type { AccountStore, StoredAccount } from './account-store.js'
import type { UserDirectory } from './directory.js'
import type { AbortOptions } from '@libp2p/interface'
import { UnknownUserError } from '../kernel/index.js'

export interface AccountRecordsInit {
  /** scrypt cost for new keystores (default N = 2^17, r = 8, p = 1; at most KDF_BOUND) */
  scrypt?: ScryptParams
  /** how many key derivations (scrypt of a password) run at once and wait (default 1 running, 8 waiting) */
  kdf?: KdfQueueInit
}

/**
 * An account's keys and its records in the DHT: a new account's keys and password-sealed
 * keystore, opening a keystore (this node's copy, else the network's), the name claim
 * and whether it won, and keeping the claim and keystore of every account held here
 * alive. The profile is the devices' business (account-devices.ts).
 */
export class AccountRecords {
  readonly #directory: UserDirectory
  readonly #store: AccountStore
  readonly #kdf: KdfQueue
  readonly #scrypt: ScryptParams

  constructor (directory: UserDirectory, store: AccountStore, init: AccountRecordsInit = {}) {
    // a cost this node would refuse to open must not be sealed: the user could never log in
    if (init.scrypt != null) checkKdfCost(init.scrypt)
    this.#directory = directory
    this.#store = store
    this.#kdf = new KdfQueue(init.kdf)
    this.#scrypt = init.scrypt ?? SCRYPT_DEFAULTS
  }

  /**
   * New keys, their keystore sealed with the password and the name claim, saved here
   * before anything goes out (NameTakenError when a register of the same name on this
   * node saved first).
   */
  async create (username: string, password: string, now: number): Promise<{ account: StoredAccount, keys: UserKeys }> {
    const keys = createUserKeys()
    // sealed before the claim goes out: a full KDF queue (kdf_busy) must not leave a
    // published name without a keystore
    const keystore = signRecord('keystore', await sealKeystore(keys, password, 1n, this.#scrypt, { kdf: this.#kdf }), keys.signingSecret)
    const account: StoredAccount = { username, userKey: keys.userKey, keystore, claim: signClaim(username, keys, now), createdAt: now }
    if (!this.#store.create(account)) throw new NameTakenError(`username "${username}" is taken`)
    return { account, keys }
  }

  /** Opens a stored account's keystore with the password, one key derivation at a time. */
  async open (account: StoredAccount, password: string): Promise<UserKeys> {
    return unlock(account, password, { kdf: this.#kdf })
  }

  /** The account (stored here, else found in the DHT) and its keys opened with the password. */
  async unlock (username: string, password: string, options?: AbortOptions): Promise<{ account: StoredAccount, keys: UserKeys, stored: boolean }> {
    const stored = this.#store.get(username)
    const account = stored ?? await this.#fetch(username, options)
    return { account, keys: await this.open(account, password), stored: stored != null }
  }

  /** An account known only to the network: its claim and keystore from the DHT. */
  async #fetch (username: string, options?: AbortOptions): Promise<StoredAccount> {
    const claim = await this.#directory.resolveName(username, options)
    if (claim == null) throw new UnknownUserError(`no user "${username}"`)
    const keystore = await this.#directory.resolveKeystore(claim.record.userKey, options)
    if (keystore == null) throw new UnknownUserError(`no keystore found for "${username}"`)
    return { username, userKey: claim.record.userKey, keystore: keystore.bytes, createdAt: Number(claim.record.createdAt) }
  }

  /**
   * Publishes a saved account's claim, checks that it won, and publishes its keystore.
   * Every step can run again after a crash: the claim and keystore are the saved bytes. A
   * name that went to another key is taken (NameTakenError), and the registration here is
   * forgotten.
   */
  async claim (account: StoredAccount, keys: UserKeys, options?: AbortOptions): Promise<void> {
    const taken = (): NameTakenError => {
      this.#store.removePending(account.username, account.userKey)
      return new NameTakenError(`username "${account.username}" is taken`)
    }
    const claim = account.claim ?? signClaim(account.username, keys, account.createdAt)
    await this.#directory.publish(nameKey(account.username), claim, options).catch((err: Error) => {
      throw err instanceof StaleRecordError ? taken() : err
    })
    // a concurrent claim may have won; the directory's selection is the judge
    const winner = await this.#directory.resolveName(account.username, options)
    if (winner != null && !equalBytes(winner.record.userKey, keys.userKey)) throw taken()
    await this.#directory.publish(keystoreKey(keys.userKey), account.keystore, options)
  }

  /**
   * Publishes the name claim and keystore again at login. The claim
   * is signed again from the account (Ed25519 is deterministic: the same bytes as before),
   * never copied from the DHT, so a claim naming someone else is never spread by us.
   */
  async republish (account: { username: string, userKey: Uint8Array, keystore: Uint8Array, createdAt: number }, keys: UserKeys, options?: AbortOptions): Promise<void> {
    await Promise.all([
      this.#directory.publish(nameKey(account.username), signClaim(account.username, keys, account.createdAt), options),
      this.#directory.publish(keystoreKey(account.userKey), account.keystore, options)
    ])
  }

  /**
   * Keeps the records of every account this node holds alive in the DHT, logged in or
   * not: peers keep a record for 48 h and lose it on restart, and a user whose claim is
   * gone could have the name registered by someone else, and one whose profile is gone
   * (its encryption key) can no longer be sent messages. Republishes the stored signed
   * claim, keystore and, for users other than the one `signedIn` names, the last profile published here
   * (the logged-in user's profile is refreshed by the presence refresh). Resolves to how
   * many records at least one peer took; a failed publication waits for the next round.
   */
  async republishStored (signedIn: () => string | undefined, options?: AbortOptions): Promise<number> {
    let published = 0
    for (const account of this.#store.all()) {
      // an unfinished registration's claim goes out only with its winner check, by the user's register or login
      if (isPending(account)) continue
      const records: Array<[Uint8Array, Uint8Array]> = [[keystoreKey(account.userKey), account.keystore]]
      if (account.claim != null) records.push([nameKey(account.username), account.claim])
      if (account.profile != null && signedIn() !== account.username) records.push([profileKey(account.userKey), account.profile])
      const results = await Promise.allSettled(records.map(async ([key, value]) => this.#directory.publish(key, value, options)))
      published += results.filter((r) => r.status === 'fulfilled' && r.value > 0).length
    }
    return published
  }
}
