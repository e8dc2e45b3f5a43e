import { TypedEventEmitter } from '@libp2p/interface'
import { equals as equalBytes } from 'uint8arrays/equals'
import { AccountDevices } from './account-devices.js'
import { AccountRecords } from './account-records.js'
import { AccountStore } from './account-store.js'
import type { StoredAccount } from './account-store.js'
import type { AccountComponents, AccountEvents, AccountServiceInit, LoginOptions, Session } from './account-types.js'
import { checkCredentials, isPending } from './credentials.js'
import { deviceViews, isRemoved, mergeProfiles } from './devices.js'
import type { DeviceView } from './devices.js'
import { DeviceRemovedError, InvalidRecordError, NameTakenError, OtherUserSignedInError, StaleRecordError, UnknownDeviceError } from './errors.js'
import type { UserKeys } from './keystore.js'
import { LoginThrottle } from './login-throttle.js'
import { profileKey, verifyRecord } from './records.js'
import type { VerifiedRecord } from './records.js'
import { SessionNotices } from './session-protocol.js'
import { userIdFromKey } from './user-id.js'
import type { Profile } from './wire.js'
import type { AbortOptions } from '@libp2p/interface'
import { InvalidInputError, NotLoggedInError, OfflineError, UnknownUserError } from '../kernel/index.js'

/** The account service in the js-libp2p service shape. */
export function accountService (init: AccountServiceInit = {}): (components: AccountComponents) => AccountService {
  return (components) => new AccountService(components, init)
}

/**
 * Register, login and logout: the session of this node's user. The keys, keystore and name
 * claim are account-records.ts's; the profile, this device's entry in it, is
 * account-devices.ts's. An account has any number of devices online at once: a login on a
 * new node adds it to the profile's device list (devices.ts merges what the devices
 * publish), and a device removed from another one hears it (session-protocol.ts, or its
 * next presence refresh) and ends its session.
 */
export class AccountService extends TypedEventEmitter<AccountEvents> {
  readonly #store: AccountStore
  readonly #components: AccountComponents
  readonly #now: () => number
  readonly #notices: SessionNotices
  readonly #throttle: LoginThrottle
  /** the keys, keystores and name claims */
  readonly #records: AccountRecords
  /** this device in the account's device list, and the profiles it signs */
  readonly #devices: AccountDevices
  #session?: Session
  /** why the last session here ended, when another device removed this one */
  #removed?: string

  constructor (components: AccountComponents, init: AccountServiceInit = {}) {
    super()
    this.#components = components
    this.#throttle = new LoginThrottle(components.clock, init.loginLimits)
    this.#store = new AccountStore(components.database)
    this.#records = new AccountRecords(components.directory, this.#store, init)
    this.#now = () => components.clock.now()
    this.#notices = new SessionNotices(components, this, init.streams)
    this.#devices = new AccountDevices(components, this.#store, this.#notices, init.deviceName)
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
    return this.#devices.name
  }

  /** Names this device (kept in the node's settings; --device-name still wins). */
  nameDevice (name: string): void {
    this.#devices.rename(name)
  }

  /**
   * The devices of the logged-in user's account: what this device knows, merged with the
   * newest profile the network holds (kept as is when the network does not answer).
   */
  async devices (options?: AbortOptions): Promise<DeviceView[]> {
    await this.#observeNetwork(this.requireSession(), options)
    return deviceViews(this.requireSession().profile, this.#devices.me.peerId)
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
    if (deviceId === this.#devices.me.peerId) throw new InvalidInputError('this is the device you use: log out instead')
    const seen = await this.#observeNetwork(session, options)
    const target = session.profile.devices.find((d) => d.peerId === deviceId)
    if (target == null) throw new UnknownDeviceError(`no device ${deviceId} in the account`)
    await this.#devices.remove(session, target, seen, () => this.#session === session, options)
  }

  /**
   * Creates the user: keys, the keystore sealed with the password and the name claim, all
   * saved here before anything goes out; then the claim, the keystore and the profile are
   * published. A crash at any point leaves an account that a register or login with the
   * same password completes (publishing the claim first lost the name for good: the
   * network held a claim whose keys died with the process).
   */
  async register (username: string, password: string, options?: Omit<LoginOptions, 'client'>): Promise<Session> {
    checkCredentials(username, password)
    if (this.#components.dialer.getPeers().length === 0) throw new OfflineError('not connected to any peer: cannot check that the name is free')
    const stored = this.#store.get(username)
    if (stored != null) {
      if (!isPending(stored)) throw new NameTakenError(`username "${username}" is taken`)
      const keys = await this.#records.open(stored, password)
      this.#checkOtherUser(username, options)
      return this.#completeRegistration(stored, keys, options)
    }
    const existing = await this.#components.directory.resolveName(username, options)
    if (existing != null) throw new NameTakenError(`username "${username}" is taken`)
    // a taken name says so first; another user signed in here is checked before any key is made
    this.#checkOtherUser(username, options)
    const { account, keys } = await this.#records.create(username, password, this.#now())
    return this.#completeRegistration(account, keys, options)
  }

  /**
   * Unlocks the user's keystore (this node's copy, else the DHT's) and goes online. Limited
   * per username and per `options.client` (LoginRateLimitedError), one key derivation at a
   * time (KdfBusyError when the queue is full), keystores within KDF_BOUND only.
   */
  async login (username: string, password: string, options?: LoginOptions): Promise<Session> {
    checkCredentials(username, password)
    const { account, keys, stored } = await this.#throttle.limit({ username, client: options?.client }, async () => this.#records.unlock(username, password, options))
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

  /**
   * Publishes a saved account's claim and keystore (NameTakenError when the name went to
   * another key) and goes online, which saves the profile: the registration is complete.
   */
  async #completeRegistration (account: StoredAccount, keys: UserKeys, options?: AbortOptions): Promise<Session> {
    await this.#records.claim(account, keys, options)
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
    await this.#records.republish(account, keys, options).catch((err: Error) => {
      if (!(err instanceof StaleRecordError)) throw err
    })
    return this.#goOnline(account, keys, remote?.record, options)
  }

  async logout (options?: AbortOptions): Promise<void> {
    const session = this.requireSession()
    // signed before the session ends: ending it wipes the secret keys
    const signed = this.#devices.offline(session)
    this.#endSession('logout')
    await this.#components.directory.publish(profileKey(session.keys.userKey), signed, options)
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
    await this.#devices.refresh(session, seen?.record, options)
  }

  /** Keeps the records of every account this node holds alive in the DHT (AccountRecords.republishStored). */
  async republishStored (options?: AbortOptions): Promise<number> {
    return this.#records.republishStored(() => this.#session?.username, options)
  }

  /**
   * A profile of the logged-in user seen elsewhere (a removal notice or a DHT refresh):
   * when it lists this device as removed, this node's session ends (true); any other one
   * only teaches the session the other devices' changes.
   */
  observeProfile (seen: VerifiedRecord<'profile'>): boolean {
    const session = this.#session
    if (session == null || !equalBytes(seen.signer, session.keys.userKey)) return false
    if (isRemoved(seen.record, this.#devices.me.peerId)) {
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
   * Goes online as this device of the account (account-devices.ts publishes the profile
   * that lists it) and starts the session. A device the account removed may not come back
   * (DeviceRemovedError).
   */
  async #goOnline (account: StoredAccount, keys: UserKeys, remote: Profile | undefined, options?: AbortOptions & { publishLater?: boolean }): Promise<Session> {
    const local = account.profile == null ? undefined : verifyRecord('profile', profileKey(account.userKey), account.profile, Number.MAX_SAFE_INTEGER).record
    const me = this.#devices.me.peerId
    if (isRemoved(local, me) || isRemoved(remote, me)) {
      this.#removed = removedMessage(account.username)
      throw new DeviceRemovedError(this.#removed)
    }
    this.#removed = undefined
    const profile = await this.#devices.online(account, keys, local, remote, options)
    // another user's session (a registration with `replace`) ends properly: keys wiped, event sent
    if (this.#session != null && this.#session.username !== account.username) this.#endSession('logout')
    this.#session = { username: account.username, userId: userIdFromKey(keys.userKey), keys, profile }
    this.safeDispatchEvent('session', { detail: { kind: 'login', username: account.username } })
    return this.#session
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

function removedMessage (username: string): string {
  return `this device was removed from ${username}'s account on another device: it can no longer post or log in here (to use this machine again, start a node with a new data folder and log in)`
}
