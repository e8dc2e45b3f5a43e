import { TypedEventEmitter } from '@libp2p/interface'
import { equals as equalBytes } from 'uint8arrays/equals'
import { MAX_ADDRS_PER_DEVICE, MAX_DEVICES, SCRYPT_DEFAULTS } from './constants.js'
import { checkCredentials, isPending, signClaim, unlock } from './credentials.js'
import { InvalidRecordError, NameTakenError, OtherUserSignedInError, StaleRecordError } from './errors.js'
import { checkKdfCost, KdfQueue } from './kdf.js'
import type { KdfQueueInit } from './kdf.js'
import { createUserKeys, sealKeystore } from './keystore.js'
import { LoginThrottle } from './login-throttle.js'
import type { LoginLimitsInit } from './login-throttle.js'
import { keystoreKey, nameKey, profileKey, signRecord, verifyRecord } from './records.js'
import { userIdFromKey } from './user-id.js'
import { AccountStore } from './account-store.js'
import type { StoredAccount } from './account-store.js'
import type { UserDirectory } from './directory.js'
import { SessionNotices } from './session-protocol.js'
import type { SessionNoticesComponents } from './session-protocol.js'
import type { ScryptParams, UserKeys } from './keystore.js'
import type { VerifiedRecord } from './records.js'
import type { Device, Profile } from './wire.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import { NotLoggedInError, OfflineError, UnknownUserError } from '../kernel/index.js'
import type { Clock } from '../kernel/index.js'
import type { AddressSource, Dialer, StreamLimitsInit } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'

/** The logged-in user of this node. */
export interface Session {
  username: string
  userId: string
  keys: UserKeys
  profile: Profile
}

export interface AccountEvents {
  /** someone logged in or out here, or the session moved to another device */
  session: CustomEvent<{ kind: 'login' | 'logout' | 'taken-over', username: string }>
  /** a login's password checked out; the profile is being published (services may start their own lookups) */
  unlocked: CustomEvent<{ username: string, userKey: Uint8Array }>
}

export interface AccountServiceInit {
  /** scrypt cost for new keystores (default N = 2^17, r = 8, p = 1; at most KDF_BOUND) */
  scrypt?: ScryptParams
  /** limits of inbound takeover-notice streams (default: SESSION_STREAM_LIMITS in session-protocol.ts) */
  streams?: StreamLimitsInit
  /** how many key derivations (scrypt of a password) run at once and wait (default 1 running, 8 waiting) */
  kdf?: KdfQueueInit
  /** login attempts per client and per username (defaults in LOGIN_LIMITS: 5 free, then 1 s doubling to 15 min) */
  loginLimits?: LoginLimitsInit
}

export interface LoginOptions extends AbortOptions {
  /** who is asking (the API's remote address), limited on its own besides the username (default: not limited by client) */
  client?: string
  /**
   * when another user is signed in here: 'replace' ends their session, 'refuse' throws
   * OtherUserSignedInError (checked after the password) (default 'replace'; the API asks
   * for 'refuse' unless its caller passes `replace`)
   */
  otherUser?: 'refuse' | 'replace'
}

/** What accounts take from the node: this device, its peers, the directory, storage and time. */
export interface AccountComponents extends SessionNoticesComponents {
  /** this device's peer id (the device key) */
  peerId: PeerId
  /** the addresses this device listens on, published in the profile */
  addresses: AddressSource
  /** the peers this node is connected to (registering needs at least one), and dials for takeover notices */
  dialer: Pick<Dialer, 'getPeers' | 'dialProtocol'>
  directory: UserDirectory
  database: ParleyDatabase
  clock: Clock
  /**
   * the time on the peers' clocks (default: `clock`): a profile's last-seen time is read on
   * theirs, and a node whose clock is behind would otherwise look offline to everyone
   */
  peerTime?: () => number
}

/** The account service in the js-libp2p service shape. */
export function accountService (init: AccountServiceInit = {}): (components: AccountComponents) => AccountService {
  return (components) => new AccountService(components, init)
}

/**
 * Register, login and logout: keys, keystore, name claim and profile; and the takeover
 * notice to the device a session moved from (session-protocol.ts).
 */
export class AccountService extends TypedEventEmitter<AccountEvents> {
  readonly #init: AccountServiceInit
  readonly #store: AccountStore
  readonly #components: AccountComponents
  readonly #now: () => number
  readonly #notices: SessionNotices
  readonly #kdf: KdfQueue
  readonly #throttle: LoginThrottle
  #session?: Session

  constructor (components: AccountComponents, init: AccountServiceInit = {}) {
    super()
    // a cost this node would refuse to open must not be sealed: the user could never log in
    if (init.scrypt != null) checkKdfCost(init.scrypt)
    this.#components = components
    this.#init = init
    this.#kdf = new KdfQueue(init.kdf)
    this.#throttle = new LoginThrottle(components.clock, init.loginLimits)
    this.#store = new AccountStore(components.database)
    this.#now = () => components.clock.now()
    this.#notices = new SessionNotices(components, this, init.streams)
  }

  async start (): Promise<void> {
    await this.#notices.start()
  }

  async stop (): Promise<void> {
    await this.#notices.stop()
  }

  get session (): Session | undefined {
    return this.#session
  }

  requireSession (): Session {
    if (this.#session == null) throw new NotLoggedInError('nobody is logged in on this node')
    return this.#session
  }

  /**
   * Creates the user: keys, the keystore sealed with the password and the name claim, all
   * saved here before anything goes out; then the claim, the keystore and the profile are
   * published. A crash at any point leaves an account that a register or login with the
   * same password completes (publishing the claim first lost the name for good: the
   * network held a claim whose keys died with the process).
   */
  /** Now, as the peers' clocks read it: what a profile's last-seen time says. */
  #lastSeenNow (): number {
    return this.#components.peerTime?.() ?? this.#now()
  }

  async register (username: string, password: string, options?: Omit<LoginOptions, 'client'>): Promise<Session> {
    checkCredentials(username, password)
    if (this.#components.dialer.getPeers().length === 0) throw new OfflineError('not connected to any peer: cannot check that the name is free')
    const stored = this.#store.get(username)
    if (stored != null) {
      if (!isPending(stored)) throw new NameTakenError(`username "${username}" is taken`)
      const keys = await unlock(stored, password, { kdf: this.#kdf })
      this.#checkOtherUser(username, options)
      return this.#completeRegistration(stored, keys, options)
    }
    const existing = await this.#components.directory.resolveName(username, options)
    if (existing != null) throw new NameTakenError(`username "${username}" is taken`)
    // a taken name says so first; another user signed in here is checked before any key is made
    this.#checkOtherUser(username, options)

    const keys = createUserKeys()
    // sealed before the claim goes out: a full KDF queue (kdf_busy) must not leave a
    // published name without a keystore
    const keystore = signRecord('keystore', await sealKeystore(keys, password, 1n, this.#init.scrypt ?? SCRYPT_DEFAULTS, { kdf: this.#kdf }), keys.signingSecret)
    const now = this.#now()
    const account: StoredAccount = { username, userKey: keys.userKey, keystore, claim: signClaim(username, keys, now), createdAt: now }
    // a register of the same name on this node that saved first keeps it
    if (!this.#store.create(account)) throw new NameTakenError(`username "${username}" is taken`)
    return this.#completeRegistration(account, keys, options)
  }

  /**
   * Unlocks the user's keystore (this node's copy, else the DHT's) and goes online. Limited
   * per username and per `options.client` (LoginRateLimitedError), one key derivation at a
   * time (KdfBusyError when the queue is full), keystores within KDF_BOUND only.
   */
  async login (username: string, password: string, options?: LoginOptions): Promise<Session> {
    checkCredentials(username, password)
    const { account, keys, stored } = await this.#throttle.limit({ username, client: options?.client }, async () => this.#unlock(username, password, options))
    const current = this.#session
    if (current?.username === username && !isPending(account)) {
      // one more session of the signed-in user (another tab, the CLI): the keys in memory serve it
      keys.signingSecret.fill(0)
      keys.encryptionSecret.fill(0)
      return current
    }
    this.#checkOtherUser(username, options)
    if (stored && isPending(account)) {
      if (this.#session != null) this.#endSession('logout')
      return this.#completeRegistration(account, keys, options)
    }
    this.safeDispatchEvent('unlocked', { detail: { username, userKey: account.userKey } })
    if (this.#session != null) this.#endSession('logout')
    let remote: VerifiedRecord<'profile'> | undefined
    try {
      remote = await this.#components.directory.resolveProfile(account.userKey, options)
    } catch (err) {
      if (!(err instanceof InvalidRecordError)) throw err
    }
    // keep the name claim and keystore alive in the DHT while the owner is active; a name
    // this node holds as claimed by another key (records.md: first come, first served)
    // does not stop the owner of this keystore from logging in
    await this.#republish(account, keys, options).catch((err: Error) => {
      if (!(err instanceof StaleRecordError)) throw err
    })
    return this.#goOnline(account, keys, remote?.record, options)
  }

  #checkOtherUser (username: string, options?: Pick<LoginOptions, 'otherUser'>): void {
    const current = this.#session
    if (current == null || current.username === username || options?.otherUser !== 'refuse') return
    throw new OtherUserSignedInError(`${current.username} is signed in on this node: they can end their sessions with "parley logout --everywhere", or log in with --replace to end them`)
  }

  /**
   * Signs a user back in with keys kept on this node ("stay signed in", kept-keys.ts), no
   * password: at start, before any login. The profile goes out when the network takes it;
   * a failed publication waits for the presence refresh.
   */
  async resume (username: string, keys: UserKeys, options?: AbortOptions): Promise<Session> {
    const account = this.#store.get(username)
    if (account == null || isPending(account) || !equalBytes(account.userKey, keys.userKey)) throw new UnknownUserError(`no account "${username}" with these keys on this node`)
    if (this.#session?.username === username) return this.#session
    if (this.#session != null) this.#endSession('logout')
    return this.#goOnline(account, keys, undefined, { ...options, publishLater: true })
  }

  /** The account (stored here, else found in the DHT) and its keys opened with the password. */
  async #unlock (username: string, password: string, options?: AbortOptions): Promise<{ account: StoredAccount, keys: UserKeys, stored: boolean }> {
    const stored = this.#store.get(username)
    const account = stored ?? await this.#fetchAccount(username, options)
    return { account, keys: await unlock(account, password, { kdf: this.#kdf }), stored: stored != null }
  }

  /** An account known only to the network: its claim and keystore from the DHT. */
  async #fetchAccount (username: string, options?: AbortOptions): Promise<StoredAccount> {
    const claim = await this.#components.directory.resolveName(username, options)
    if (claim == null) throw new UnknownUserError(`no user "${username}"`)
    const keystore = await this.#components.directory.resolveKeystore(claim.record.userKey, options)
    if (keystore == null) throw new UnknownUserError(`no keystore found for "${username}"`)
    return { username, userKey: claim.record.userKey, keystore: keystore.bytes, createdAt: Number(claim.record.createdAt) }
  }

  /**
   * Publishes a saved account's claim, checks that it won, publishes its keystore and goes
   * online (which saves the profile: the registration is complete). Every step can run
   * again after a crash: the claim and keystore are the saved bytes. A name that went to
   * another key is taken, and the registration here is forgotten.
   */
  async #completeRegistration (account: StoredAccount, keys: UserKeys, options?: AbortOptions): Promise<Session> {
    const taken = (): NameTakenError => {
      this.#store.removePending(account.username, account.userKey)
      return new NameTakenError(`username "${account.username}" is taken`)
    }
    const claim = account.claim ?? signClaim(account.username, keys, account.createdAt)
    await this.#components.directory.publish(nameKey(account.username), claim, options).catch((err: Error) => {
      throw err instanceof StaleRecordError ? taken() : err
    })
    // a concurrent claim may have won; the directory's selection is the judge
    const winner = await this.#components.directory.resolveName(account.username, options)
    if (winner != null && !equalBytes(winner.record.userKey, keys.userKey)) throw taken()
    await this.#components.directory.publish(keystoreKey(keys.userKey), account.keystore, options)
    return this.#goOnline(account, keys, undefined, options)
  }

  /**
   * Goes online with keys the user already holds, no password (a restore from a backup
   * whose recovery phrase opened them). The account must be stored here with these keys.
   */
  async loginWithKeys (username: string, keys: UserKeys, options?: AbortOptions): Promise<Session> {
    const account = this.#store.get(username)
    if (account == null || !equalBytes(account.userKey, keys.userKey)) throw new UnknownUserError(`no account "${username}" with these keys on this node`)
    if (this.#session != null) this.#endSession('logout')
    this.safeDispatchEvent('unlocked', { detail: { username, userKey: account.userKey } })
    const remote = await this.#components.directory.resolveProfile(account.userKey, options).catch(() => undefined)
    await this.#republish(account, keys, options).catch((err: Error) => {
      if (!(err instanceof StaleRecordError)) throw err
    })
    return this.#goOnline(account, keys, remote?.record, options)
  }

  async logout (options?: AbortOptions): Promise<void> {
    const session = this.requireSession()
    const profile: Profile = { ...session.profile, online: false, lastSeen: BigInt(this.#lastSeenNow()), seq: session.profile.seq + 1n }
    // sign before the session ends: ending it wipes the secret keys
    const signed = this.#signProfile(session.username, session.keys, profile)
    this.#endSession('logout')
    await this.#components.directory.publish(profileKey(profile.userKey), signed, options)
  }

  /**
   * Keeps the profile fresh in the DHT while the user is active (last seen, addresses).
   * A newer profile found there first means the session moved to another device.
   */
  async refreshPresence (options?: AbortOptions): Promise<void> {
    const session = this.#session
    if (session == null) return
    const seen = await this.#components.directory.resolveProfile(session.keys.userKey, options)
    if (seen != null && this.observeProfile(seen)) return
    if (this.#session !== session) return
    const me = this.#device()
    const devices = session.profile.devices.map((d) => d.peerId === me.peerId ? { ...d, addrs: me.addrs.slice(0, MAX_ADDRS_PER_DEVICE) } : d)
    const seq = (seen != null && seen.record.seq > session.profile.seq ? seen.record.seq : session.profile.seq) + 1n
    session.profile = { ...session.profile, devices, online: true, lastSeen: BigInt(this.#lastSeenNow()), seq }
    await this.#publishProfile(session.username, session.keys, session.profile, options)
  }

  /**
   * Keeps the records of every account this node holds alive in the DHT, logged in or
   * not: peers keep a record for 48 h and lose it on restart, and a user whose claim is
   * gone could have the name registered by someone else, and one whose profile is gone
   * (its encryption key) can no longer be sent messages. Republishes the stored signed
   * claim, keystore and, for users not logged in here, the last profile published here
   * (the logged-in user's profile is refreshed by `refreshPresence`). Resolves to how many
   * records at least one peer took; a failed publication waits for the next round.
   */
  async republishStored (options?: AbortOptions): Promise<number> {
    let published = 0
    for (const account of this.#store.all()) {
      // an unfinished registration's claim goes out only with its winner check, by the user's register or login
      if (isPending(account)) continue
      const records: Array<[Uint8Array, Uint8Array]> = [[keystoreKey(account.userKey), account.keystore]]
      if (account.claim != null) records.push([nameKey(account.username), account.claim])
      if (account.profile != null && this.#session?.username !== account.username) records.push([profileKey(account.userKey), account.profile])
      const results = await Promise.allSettled(records.map(async ([key, value]) => this.#components.directory.publish(key, value, options)))
      published += results.filter((r) => r.status === 'fulfilled' && r.value > 0).length
    }
    return published
  }

  /**
   * A newer profile of the logged-in user seen elsewhere (a takeover notice or a DHT
   * refresh): when it names another active device, this node's session ends.
   */
  observeProfile (seen: VerifiedRecord<'profile'>): boolean {
    const session = this.#session
    if (session == null || !equalBytes(seen.signer, session.keys.userKey)) return false
    if (seen.record.seq <= session.profile.seq) return false
    if (seen.record.activeDevice === this.#device().peerId) return false
    this.#endSession('taken-over')
    return true
  }

  /**
   * Publishes the name claim and keystore again at login. The claim
   * is signed again from the account (Ed25519 is deterministic: the same bytes as before),
   * never copied from the DHT, so a claim naming someone else is never spread by us.
   */
  async #republish (account: { username: string, userKey: Uint8Array, keystore: Uint8Array, createdAt: number }, keys: UserKeys, options?: AbortOptions): Promise<void> {
    await Promise.all([
      this.#components.directory.publish(nameKey(account.username), signClaim(account.username, keys, account.createdAt), options),
      this.#components.directory.publish(keystoreKey(account.userKey), account.keystore, options)
    ])
  }

  async #goOnline (account: StoredAccount, keys: UserKeys, remote: Profile | undefined, options?: AbortOptions & { publishLater?: boolean }): Promise<Session> {
    const local = account.profile == null ? undefined : verifyRecord('profile', profileKey(account.userKey), account.profile, Number.MAX_SAFE_INTEGER).record
    const previous = newest(local, remote)
    const me = this.#device()
    const now = this.#now()
    const devices: Device[] = (previous?.devices ?? []).filter((d) => d.peerId !== me.peerId)
    const addedAt = previous?.devices.find((d) => d.peerId === me.peerId)?.addedAt ?? BigInt(now)
    devices.unshift({ peerId: me.peerId, addrs: me.addrs.slice(0, MAX_ADDRS_PER_DEVICE), addedAt })
    const profile: Profile = {
      userKey: keys.userKey,
      username: account.username,
      encryptionKey: keys.encryptionKey,
      devices: devices.slice(0, MAX_DEVICES),
      activeDevice: me.peerId,
      online: true,
      lastSeen: BigInt(this.#lastSeenNow()),
      seq: (previous?.seq ?? 0n) + 1n
    }
    // saved before it is published, so a restart never reuses its sequence number
    const signed = signRecord('profile', profile, keys.signingSecret)
    this.#store.save({ ...account, profile: signed, claim: signClaim(account.username, keys, account.createdAt), lastLoginAt: now })
    const publication = this.#components.directory.publish(profileKey(keys.userKey), signed, options)
    if (options?.publishLater === true) publication.catch(() => {})
    else await publication
    const before = previous?.devices.find((d) => d.peerId === previous.activeDevice)
    if (previous?.online === true && before != null && before.peerId !== me.peerId) {
      await this.#notices.notify(before.peerId, before.addrs, signed).catch(() => {})
    }
    // another user's session (a registration with `replace`) ends properly: keys wiped, event sent
    if (this.#session != null && this.#session.username !== account.username) this.#endSession('logout')
    this.#session = { username: account.username, userId: userIdFromKey(keys.userKey), keys, profile }
    this.safeDispatchEvent('session', { detail: { kind: 'login', username: account.username } })
    return this.#session
  }

  async #publishProfile (username: string, keys: UserKeys, profile: Profile, options?: AbortOptions): Promise<Uint8Array> {
    const signed = this.#signProfile(username, keys, profile)
    await this.#components.directory.publish(profileKey(keys.userKey), signed, options)
    return signed
  }

  /** Signs a profile and keeps it as the account's newest, so a restart never reuses its sequence number. */
  #signProfile (username: string, keys: UserKeys, profile: Profile): Uint8Array {
    const signed = signRecord('profile', profile, keys.signingSecret)
    const stored = this.#store.get(username)
    if (stored != null) this.#store.save({ ...stored, profile: signed })
    return signed
  }

  /** this device: its peer id and the addresses it listens on now */
  #device (): { peerId: string, addrs: string[] } {
    return { peerId: this.#components.peerId.toString(), addrs: this.#components.addresses.getMultiaddrs().map((a) => a.toString()) }
  }

  #endSession (kind: 'logout' | 'taken-over'): void {
    const session = this.#session
    if (session == null) return
    this.#session = undefined
    session.keys.signingSecret.fill(0)
    session.keys.encryptionSecret.fill(0)
    this.safeDispatchEvent('session', { detail: { kind, username: session.username } })
  }
}

function newest (a: Profile | undefined, b: Profile | undefined): Profile | undefined {
  if (a == null) return b
  if (b == null) return a
  return b.seq > a.seq ? b : a
}
