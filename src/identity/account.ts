import { hostname } from 'node:os'
import { TypedEventEmitter } from '@libp2p/interface'
import { equals as equalBytes } from 'uint8arrays/equals'
import { MAX_ADDRS_PER_DEVICE, SCRYPT_DEFAULTS } from './constants.js'
import { checkCredentials, isPending, signClaim, unlock } from './credentials.js'
import { deviceName, deviceViews, isRemoved, mergeDevices, mergeProfiles, mergeRemoved } from './devices.js'
import type { DeviceView } from './devices.js'
import { DeviceRemovedError, InvalidRecordError, NameTakenError, OtherUserSignedInError, StaleRecordError, UnknownDeviceError } from './errors.js'
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
import { InvalidInputError, NotLoggedInError, OfflineError, UnknownUserError } from '../kernel/index.js'
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
  /** someone logged in or out here, or another device of the account removed this one */
  session: CustomEvent<{ kind: 'login' | 'logout' | 'removed', username: string }>
  /** a login's password checked out; the profile is being published (services may start their own lookups) */
  unlocked: CustomEvent<{ username: string, userKey: Uint8Array }>
}

/** The `settings` key of the name given to this device when it was linked. */
const DEVICE_NAME_SETTING = 'device-name'

export interface AccountServiceInit {
  /** scrypt cost for new keystores (default N = 2^17, r = 8, p = 1; at most KDF_BOUND) */
  scrypt?: ScryptParams
  /** limits of inbound removal-notice streams (default: SESSION_STREAM_LIMITS in session-protocol.ts) */
  streams?: StreamLimitsInit
  /** how many key derivations (scrypt of a password) run at once and wait (default 1 running, 8 waiting) */
  kdf?: KdfQueueInit
  /** login attempts per client and per username (defaults in LOGIN_LIMITS: 5 free, then 1 s doubling to 15 min) */
  loginLimits?: LoginLimitsInit
  /** this device's name in the account's device list (default: the host name) */
  deviceName?: string
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
  /** the peers this node is connected to (registering needs at least one), and dials for removal notices */
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
 * Register, login and logout: keys, keystore, name claim and profile. An account has any
 * number of devices online at once: a login on a new node adds it to the profile's device
 * list (devices.ts merges what the devices publish), and a device removed from another
 * one hears it (session-protocol.ts, or its next presence refresh) and ends its session.
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
  /** why the last session here ended, when another device removed this one */
  #removed?: string

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

  /** Why this device may not be used any more, when another device removed it from the account. */
  get removal (): string | undefined {
    return this.#removed
  }

  requireSession (): Session {
    if (this.#session == null) {
      if (this.#removed != null) throw new DeviceRemovedError(this.#removed)
      throw new NotLoggedInError('nobody is logged in on this node')
    }
    return this.#session
  }

  /** This device's name in the account's device list: --device-name, else the name given at a link, else the host name. */
  get deviceName (): string {
    return deviceName(this.#init.deviceName ?? this.#store.setting(DEVICE_NAME_SETTING) ?? hostname())
  }

  /** Names this device (kept in the node's settings; --device-name still wins). */
  nameDevice (name: string): void {
    const named = deviceName(name)
    if (named !== '') this.#store.saveSetting(DEVICE_NAME_SETTING, named)
  }

  /**
   * The devices of the logged-in user's account: what this device knows, merged with the
   * newest profile the network holds (kept as is when the network does not answer).
   */
  async devices (options?: AbortOptions): Promise<DeviceView[]> {
    await this.#observeNetwork(this.requireSession(), options)
    return deviceViews(this.requireSession().profile, this.#device().peerId)
  }

  /** The network's newest profile of the session's account (undefined when it does not answer), observed. */
  async #observeNetwork (session: Session, options?: AbortOptions): Promise<VerifiedRecord<'profile'> | undefined> {
    const seen = await this.#components.directory.resolveProfile(session.keys.userKey, options).catch(() => undefined)
    if (seen != null) this.observeProfile(seen)
    return seen
  }

  /**
   * Takes a device off the account: the profile lists it as removed from now on (merged with
   * the newest profile found, and published again until the network's copy says so), and
   * the device is told directly when it can be reached; otherwise it learns on its next
   * presence refresh or login. This device cannot remove itself (log out instead).
   */
  async removeDevice (deviceId: string, options?: AbortOptions): Promise<void> {
    const session = this.requireSession()
    if (deviceId === this.#device().peerId) throw new InvalidInputError('this is the device you use: log out instead')
    let seen = await this.#observeNetwork(session, options)
    const target = session.profile.devices.find((d) => d.peerId === deviceId)
    if (target == null) throw new UnknownDeviceError(`no device ${deviceId} in the account`)
    const removal = { peerId: deviceId, removedAt: BigInt(this.#now()) }
    // two devices may publish at once; each try merges what the network holds (the first
    // try the profile read above), and the removal is there when the network's newest profile says so
    for (let attempt = 1; attempt <= REMOVE_ATTEMPTS; attempt++) {
      if (attempt > 1) seen = await this.#components.directory.resolveProfile(session.keys.userKey, options).catch(() => undefined)
      if (this.#session !== session) return
      if (attempt > 1 && isRemoved(seen?.record, deviceId)) break
      const removed = mergeRemoved(session.profile.removed, [removal])
      const mine: Profile = { ...session.profile, removed, devices: mergeDevices([session.profile.devices], removed) }
      session.profile = mergeProfiles(mine, seen?.record)
      const signed = this.#signProfile(session.username, session.keys, session.profile)
      await this.#components.directory.publish(profileKey(session.keys.userKey), signed, options).catch((err: Error) => {
        if (!(err instanceof StaleRecordError)) throw err
      })
      if (attempt === 1) await this.#notices.notify(deviceId, target.addrs, signed).catch(() => {})
    }
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
      this.#removed = undefined
      return this.#completeRegistration(account, keys, options)
    }
    return this.#signIn(account, keys, 'required', options)
  }

  /**
   * Refuses (409 other_user_signed_in) when someone other than `username` is signed in here,
   * unless `otherUser` is 'replace': what a restore or a link checks before writing anything.
   */
  checkOtherUser (username: string, otherUser: 'refuse' | 'replace' = 'refuse'): void {
    this.#checkOtherUser(username, { otherUser })
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
    return this.#signIn(account, keys, 'best-effort', options)
  }

  /**
   * What a login does once it holds the account's keys (a password's or a restore's): the
   * services hear of it, the session here ends, the network's profile is read, the claim
   * and keystore go out again and this device goes online. `lookup` 'required': a profile
   * lookup that fails fails the login (only an invalid record is passed over);
   * 'best-effort': any failure leaves the merge to this node's copy.
   */
  async #signIn (account: StoredAccount, keys: UserKeys, lookup: 'required' | 'best-effort', options?: AbortOptions): Promise<Session> {
    this.safeDispatchEvent('unlocked', { detail: { username: account.username, userKey: account.userKey } })
    if (this.#session != null) this.#endSession('logout')
    let remote: VerifiedRecord<'profile'> | undefined
    try {
      remote = await this.#components.directory.resolveProfile(account.userKey, options)
    } catch (err) {
      if (lookup === 'required' && !(err instanceof InvalidRecordError)) throw err
    }
    // keep the name claim and keystore alive in the DHT while the owner is active; a name
    // this node holds as claimed by another key (records.md: first come, first served)
    // does not stop the owner of these keys from logging in
    await this.#republish(account, keys, options).catch((err: Error) => {
      if (!(err instanceof StaleRecordError)) throw err
    })
    return this.#goOnline(account, keys, remote?.record, options)
  }

  async logout (options?: AbortOptions): Promise<void> {
    const session = this.requireSession()
    const now = BigInt(this.#lastSeenNow())
    const devices = session.profile.devices.map((d) => d.peerId === this.#device().peerId ? { ...d, lastSeen: now } : d)
    // `online` is the last publisher's word: another device still logged in sets it again at its next refresh
    const profile: Profile = { ...session.profile, devices, online: false, lastSeen: now, seq: session.profile.seq + 1n }
    // sign before the session ends: ending it wipes the secret keys
    const signed = this.#signProfile(session.username, session.keys, profile)
    this.#endSession('logout')
    await this.#components.directory.publish(profileKey(profile.userKey), signed, options)
  }

  /**
   * Keeps the profile fresh in the DHT while the user is active (this device's last seen
   * and addresses), merged with the newest profile found there: the other devices' changes
   * stay. A profile there that lists this device as removed ends the session.
   */
  async refreshPresence (options?: AbortOptions): Promise<void> {
    const session = this.#session
    if (session == null) return
    const seen = await this.#components.directory.resolveProfile(session.keys.userKey, options)
    if (seen != null && this.observeProfile(seen)) return
    if (this.#session !== session) return
    const now = BigInt(this.#lastSeenNow())
    const mine: Profile = { ...session.profile, devices: [...session.profile.devices.filter((d) => d.peerId !== this.#device().peerId), this.#deviceEntry(session.profile, now)], online: true, lastSeen: now, activeDevice: this.#device().peerId }
    session.profile = mergeProfiles(mine, seen?.record)
    if (seen == null) session.profile = { ...session.profile, seq: session.profile.seq + 1n }
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
   * A profile of the logged-in user seen elsewhere (a removal notice or a DHT refresh):
   * when it lists this device as removed, this node's session ends (true); any other one
   * only teaches the session the other devices' changes.
   */
  observeProfile (seen: VerifiedRecord<'profile'>): boolean {
    const session = this.#session
    if (session == null || !equalBytes(seen.signer, session.keys.userKey)) return false
    if (isRemoved(seen.record, this.#device().peerId)) {
      this.#removed = removedMessage(session.username)
      this.#endSession('removed')
      return true
    }
    // the other devices' changes, whatever the sequence numbers (two devices may publish the same one)
    // (the newer sequence number, not one above it: nothing is published here)
    const seq = seen.record.seq > session.profile.seq ? seen.record.seq : session.profile.seq
    session.profile = { ...mergeProfiles(session.profile, seen.record), seq }
    return false
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

  /**
   * Publishes the profile with this device added to (or refreshed in) the account's device
   * list, merged from this node's last profile and the network's: the other devices stay
   * online. A device the account removed may not come back (DeviceRemovedError).
   */
  async #goOnline (account: StoredAccount, keys: UserKeys, remote: Profile | undefined, options?: AbortOptions & { publishLater?: boolean }): Promise<Session> {
    const local = account.profile == null ? undefined : verifyRecord('profile', profileKey(account.userKey), account.profile, Number.MAX_SAFE_INTEGER).record
    const me = this.#device()
    if (isRemoved(local, me.peerId) || isRemoved(remote, me.peerId)) {
      this.#removed = removedMessage(account.username)
      throw new DeviceRemovedError(this.#removed)
    }
    this.#removed = undefined
    const now = this.#now()
    const removed = mergeRemoved(local?.removed ?? [], remote?.removed ?? [])
    const lastSeen = BigInt(this.#lastSeenNow())
    const previous = newest(local, remote)
    const profile: Profile = {
      userKey: keys.userKey,
      username: account.username,
      encryptionKey: keys.encryptionKey,
      devices: mergeDevices([local?.devices ?? [], remote?.devices ?? [], [{ ...this.#deviceEntry(previous, lastSeen), addedAt: previous?.devices.find((d) => d.peerId === me.peerId)?.addedAt ?? BigInt(now) }]], removed),
      activeDevice: me.peerId,
      online: true,
      lastSeen,
      seq: ((local?.seq ?? 0n) > (remote?.seq ?? 0n) ? local?.seq ?? 0n : remote?.seq ?? 0n) + 1n,
      removed
    }
    // saved before it is published, so a restart never reuses its sequence number
    const signed = signRecord('profile', profile, keys.signingSecret)
    this.#store.save({ ...account, profile: signed, claim: signClaim(account.username, keys, account.createdAt), lastLoginAt: now })
    const publication = this.#components.directory.publish(profileKey(keys.userKey), signed, options)
    if (options?.publishLater === true) publication.catch(() => {})
    else await publication
    // the account's other devices learn of this one now rather than at their next refresh
    for (const device of profile.devices) {
      if (device.peerId !== me.peerId) void this.#notices.notify(device.peerId, device.addrs, signed).catch(() => {})
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

  /** This device's entry in the device list, seen at `lastSeen`. */
  #deviceEntry (profile: Profile | undefined, lastSeen: bigint): Device {
    const me = this.#device()
    const held = profile?.devices.find((d) => d.peerId === me.peerId)
    return { peerId: me.peerId, addrs: me.addrs.slice(0, MAX_ADDRS_PER_DEVICE), addedAt: held?.addedAt ?? lastSeen, name: this.deviceName, lastSeen }
  }

  /** this device: its peer id and the addresses it listens on now */
  #device (): { peerId: string, addrs: string[] } {
    return { peerId: this.#components.peerId.toString(), addrs: this.#components.addresses.getMultiaddrs().map((a) => a.toString()) }
  }

  #endSession (kind: 'logout' | 'removed'): void {
    const session = this.#session
    if (session == null) return
    this.#session = undefined
    session.keys.signingSecret.fill(0)
    session.keys.encryptionSecret.fill(0)
    this.safeDispatchEvent('session', { detail: { kind, username: session.username } })
  }
}

/** Tries of a device removal to see the network's newest profile name it. */
const REMOVE_ATTEMPTS = 3

function removedMessage (username: string): string {
  return `this device was removed from ${username}'s account on another device: it can no longer post or log in here (to use this machine again, start a node with a new data folder and log in)`
}

function newest (a: Profile | undefined, b: Profile | undefined): Profile | undefined {
  if (a == null) return b
  if (b == null) return a
  return b.seq > a.seq ? b : a
}
