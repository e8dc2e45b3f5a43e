import { hostname } from 'node:os'
import { MAX_ADDRS_PER_DEVICE } from './constants.js'
import { signClaim } from './credentials.js'
import { deviceName, isRemoved, mergeDevices, mergeProfiles, mergeRemoved } from './devices.js'
import { StaleRecordError } from './errors.js'
import { profileKey, signRecord } from './records.js'
import type { AccountStore, StoredAccount } from './account-store.js'
import type { Session } from './account-types.js'
import type { UserDirectory } from './directory.js'
import type { UserKeys } from './keystore.js'
import type { VerifiedRecord } from './records.js'
import type { SessionNotices } from './session-protocol.js'
import type { Device, Profile } from './wire.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { Clock } from '../kernel/index.js'
import type { AddressSource } from '../net/index.js'

/** The `settings` key of the name given to this device when it was linked. */
const DEVICE_NAME_SETTING = 'device-name'
/** Tries of a device removal to see the network's newest profile name it. */
const REMOVE_ATTEMPTS = 3

/** What this device's side of the device list takes from the node. */
export interface AccountDevicesComponents {
  /** this device's peer id (the device key) */
  peerId: PeerId
  /** the addresses this device listens on, published in the profile */
  addresses: AddressSource
  directory: UserDirectory
  clock: Clock
  /** the time on the peers' clocks (default: `clock`) */
  peerTime?: () => number
}

/** A signed-in account as the device list sees it (`profile` is replaced as it changes). */
type SignedInAccount = Pick<Session, 'username' | 'keys' | 'profile'>

/**
 * This device's side of an account's device list (devices.ts merges the lists): its name
 * and entry, and every profile it signs, at login, on a presence refresh, at logout and
 * when it removes another device. Each is merged with what the network holds, saved
 * before it is published (a restart never reuses its sequence number) and published.
 */
export class AccountDevices {
  readonly #components: AccountDevicesComponents
  readonly #store: AccountStore
  readonly #notices: SessionNotices
  readonly #name?: string

  /** `name`: --device-name, which wins over the name given at a link (default: none) */
  constructor (components: AccountDevicesComponents, store: AccountStore, notices: SessionNotices, name?: string) {
    this.#components = components
    this.#store = store
    this.#notices = notices
    this.#name = name
  }

  /** This device's name in the account's device list: --device-name, else the name given at a link, else the host name. */
  get name (): string {
    return deviceName(this.#name ?? this.#store.setting(DEVICE_NAME_SETTING) ?? hostname())
  }

  /** Names this device (kept in the node's settings; --device-name still wins). */
  rename (name: string): void {
    const named = deviceName(name)
    if (named !== '') this.#store.saveSetting(DEVICE_NAME_SETTING, named)
  }

  /** this device: its peer id and the addresses it listens on now */
  get me (): { peerId: string, addrs: string[] } {
    return { peerId: this.#components.peerId.toString(), addrs: this.#components.addresses.getMultiaddrs().map((a) => a.toString()) }
  }

  /** Now, as the peers' clocks read it: what a profile's last-seen time says. */
  lastSeenNow (): number {
    return this.#components.peerTime?.() ?? this.#components.clock.now()
  }

  /**
   * Publishes the profile with this device added to (or refreshed in) the account's device
   * list, merged from this node's last profile (`local`) and the network's (`remote`): the
   * other devices stay online and learn of this one now rather than at their next refresh.
   * The caller has checked that neither lists this device as removed.
   */
  async online (account: StoredAccount, keys: UserKeys, local: Profile | undefined, remote: Profile | undefined, options?: AbortOptions & { publishLater?: boolean }): Promise<Profile> {
    const now = this.#components.clock.now()
    const me = this.me
    const removed = mergeRemoved(local?.removed ?? [], remote?.removed ?? [])
    const lastSeen = BigInt(this.lastSeenNow())
    const previous = newest(local, remote)
    const profile: Profile = {
      userKey: keys.userKey,
      username: account.username,
      encryptionKey: keys.encryptionKey,
      devices: mergeDevices([local?.devices ?? [], remote?.devices ?? [], [{ ...this.entry(previous, lastSeen), addedAt: previous?.devices.find((d) => d.peerId === me.peerId)?.addedAt ?? BigInt(now) }]], removed),
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
    for (const device of profile.devices) {
      if (device.peerId !== me.peerId) void this.#notices.notify(device.peerId, device.addrs, signed).catch(() => {})
    }
    return profile
  }

  /**
   * A presence refresh: this device's last seen and addresses in the session's profile,
   * merged with the network's newest (`seen`, undefined when none was found) and published.
   */
  async refresh (session: SignedInAccount, seen: Profile | undefined, options?: AbortOptions): Promise<void> {
    const now = BigInt(this.lastSeenNow())
    const me = this.me.peerId
    const mine: Profile = { ...session.profile, devices: [...session.profile.devices.filter((d) => d.peerId !== me), this.entry(session.profile, now)], online: true, lastSeen: now, activeDevice: me }
    session.profile = mergeProfiles(mine, seen)
    if (seen == null) session.profile = { ...session.profile, seq: session.profile.seq + 1n }
    const signed = this.sign(session.username, session.keys, session.profile)
    await this.#components.directory.publish(profileKey(session.keys.userKey), signed, options)
  }

  /** The signed profile a logout publishes: this device last seen now, the account offline. */
  offline (session: SignedInAccount): Uint8Array {
    const now = BigInt(this.lastSeenNow())
    const me = this.me.peerId
    const devices = session.profile.devices.map((d) => d.peerId === me ? { ...d, lastSeen: now } : d)
    // `online` is the last publisher's word: another device still logged in sets it again at its next refresh
    return this.sign(session.username, session.keys, { ...session.profile, devices, online: false, lastSeen: now, seq: session.profile.seq + 1n })
  }

  /**
   * Lists `target` as removed in the session's profile and publishes it, merged with the
   * network's newest (`seen` for the first try), until the network's copy names the
   * removal; the device is told directly after the first try. Stops when the session
   * ends (`signedIn` false).
   */
  async remove (session: SignedInAccount, target: Device, seen: VerifiedRecord<'profile'> | undefined, signedIn: () => boolean, options?: AbortOptions): Promise<void> {
    const removal = { peerId: target.peerId, removedAt: BigInt(this.#components.clock.now()) }
    // two devices may publish at once; each try merges what the network holds, and the
    // removal is there when the network's newest profile says so
    for (let attempt = 1; attempt <= REMOVE_ATTEMPTS; attempt++) {
      if (attempt > 1) seen = await this.#components.directory.resolveProfile(session.keys.userKey, options).catch(() => undefined)
      if (!signedIn()) return
      if (attempt > 1 && isRemoved(seen?.record, target.peerId)) break
      const removed = mergeRemoved(session.profile.removed, [removal])
      const mine: Profile = { ...session.profile, removed, devices: mergeDevices([session.profile.devices], removed) }
      session.profile = mergeProfiles(mine, seen?.record)
      const signed = this.sign(session.username, session.keys, session.profile)
      await this.#components.directory.publish(profileKey(session.keys.userKey), signed, options).catch((err: Error) => {
        if (!(err instanceof StaleRecordError)) throw err
      })
      if (attempt === 1) await this.#notices.notify(target.peerId, target.addrs, signed).catch(() => {})
    }
  }

  /** Signs a profile and keeps it as the account's newest, so a restart never reuses its sequence number. */
  sign (username: string, keys: UserKeys, profile: Profile): Uint8Array {
    const signed = signRecord('profile', profile, keys.signingSecret)
    const stored = this.#store.get(username)
    if (stored != null) this.#store.save({ ...stored, profile: signed })
    return signed
  }

  /** This device's entry in the device list, seen at `lastSeen`. */
  entry (profile: Profile | undefined, lastSeen: bigint): Device {
    const me = this.me
    const held = profile?.devices.find((d) => d.peerId === me.peerId)
    return { peerId: me.peerId, addrs: me.addrs.slice(0, MAX_ADDRS_PER_DEVICE), addedAt: held?.addedAt ?? lastSeen, name: this.name, lastSeen }
  }
}

function newest (a: Profile | undefined, b: Profile | undefined): Profile | undefined {
  if (a == null) return b
  if (b == null) return a
  return b.seq > a.seq ? b : a
}
