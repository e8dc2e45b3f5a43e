import { equals as equalBytes } from 'uint8arrays/equals'
import type { AbortOptions } from '@libp2p/interface'
import type { DeviceAddress } from './direct.js'
import { UnknownUserError } from '../kernel/index.js'
import type { UserDirectory, VerifiedRecord } from '../identity/index.js'
import { PRESENCE_STALE_MS, isOnline } from '../identity/index.js'

/** What sending to a user needs: keys from the signed profile, and its devices. */
export interface Contact {
  username: string
  userKey: Uint8Array
  encryptionKey: Uint8Array
  /** every device the signed profile lists (a removed device never is), in order of addition */
  devices: ContactDevice[]
  /** the profile says the user is online (its last publisher's word) */
  online: boolean
  resolvedAt: number
}

/** One device of a contact; `online` when it was seen within PRESENCE_STALE_MS, so it is tried over the direct path first. */
export interface ContactDevice extends DeviceAddress {
  online: boolean
}

/** How long a resolved profile is trusted before the DHT is asked again. */
export const CONTACT_TTL_MS = 30_000
/**
 * How long past CONTACT_TTL_MS an online contact is still used while its profile is looked
 * up again in the background, 2 min. A send used to wait for that lookup once every 30 s (a
 * DHT walk: milliseconds on a quiet network, seconds on a busy one); the profile it would
 * have found differs only if the user changed devices meanwhile, and a device that does not
 * answer makes the send fall back to its mailbox and forget the contact (delivery.ts). Past
 * this, or when the lookups keep failing, a send waits for the lookup as before.
 */
export const CONTACT_STALE_MS = 120_000
/** An offline user may come back any moment: their profile is looked up again much sooner. */
const OFFLINE_CONTACT_TTL_MS = 2_000
const MAX_CONTACTS = 4_096

/** Resolves users to contacts through the directory, with a short cache. */
export class Contacts {
  readonly #directory: UserDirectory
  readonly #now: () => number
  readonly #peerTime: () => number
  readonly #byName = new Map<string, Contact>()
  /** lookups in flight, so a burst of sends to one new user asks the DHT once */
  readonly #resolving = new Map<string, Promise<Contact>>()

  /** `peerTime` reads the recipient's last-seen time (default `now`): a node whose clock is off still sees who is online */
  constructor (directory: UserDirectory, now: () => number, peerTime: () => number = now) {
    this.#directory = directory
    this.#now = now
    this.#peerTime = peerTime
  }

  /**
   * The contact for `username`; throws UnknownUserError when there is no such user or
   * profile. An online contact past its TTL (and within CONTACT_STALE_MS of it) is answered
   * at once while its profile is looked up again in the background.
   */
  async byName (username: string, options?: AbortOptions): Promise<Contact> {
    const cached = this.#byName.get(username)
    if (cached != null && this.#fresh(cached)) return cached
    if (cached?.online === true && this.#now() - cached.resolvedAt < CONTACT_TTL_MS + CONTACT_STALE_MS) {
      // not the caller's signal: the lookup outlives the send that started it
      this.#lookup(username).catch(() => {}) // a failed one is tried again by the next send
      return cached
    }
    return this.#lookup(username, options)
  }

  /** One directory lookup per user at a time, its result remembered. */
  async #lookup (username: string, options?: AbortOptions): Promise<Contact> {
    const inFlight = this.#resolving.get(username)
    if (inFlight != null) return inFlight
    const lookup = (async () => {
      const resolved = await this.#directory.resolveUser(username, options)
      if (resolved == null) throw new UnknownUserError(`no user "${username}"`)
      return this.#remember(this.#contactOf(username, resolved.claim.record.userKey, resolved.profile))
    })()
    this.#resolving.set(username, lookup)
    const done = (): void => { if (this.#resolving.get(username) === lookup) this.#resolving.delete(username) }
    lookup.then(done, done)
    return lookup
  }

  /** The contact for a verified user key (a message's sender), whatever name it goes by. */
  async byKey (username: string, userKey: Uint8Array, options?: AbortOptions): Promise<Contact> {
    const cached = this.#byName.get(username)
    if (cached != null && equalBytes(cached.userKey, userKey) && this.#fresh(cached)) return cached
    const contact = await this.#profile(username, userKey, options)
    const named = this.#byName.get(username)
    if (named == null || equalBytes(named.userKey, userKey)) this.#remember(contact)
    return contact
  }

  /** Forgets a contact whose device did not answer, so the next send looks again. */
  forget (username: string): void {
    this.#byName.delete(username)
  }

  #fresh (contact: Contact): boolean {
    return this.#now() - contact.resolvedAt < (contact.online ? CONTACT_TTL_MS : OFFLINE_CONTACT_TTL_MS)
  }

  clear (): void {
    this.#byName.clear()
  }

  async #profile (username: string, userKey: Uint8Array, options?: AbortOptions): Promise<Contact> {
    return this.#contactOf(username, userKey, await this.#directory.resolveProfile(userKey, options))
  }

  #contactOf (username: string, userKey: Uint8Array, profile: VerifiedRecord<'profile'> | undefined): Contact {
    if (profile == null) throw new UnknownUserError(`no profile for "${username}"`)
    const record = profile.record
    const gone = new Set(record.removed.map((r) => r.peerId))
    const now = this.#peerTime()
    // `online` is the account's last publisher's word: one device logging out says offline
    // for all, so each device's own last-seen decides whether it is dialled
    const online = isOnline(record, now)
    return {
      username,
      userKey,
      encryptionKey: record.encryptionKey,
      devices: record.devices.filter((d) => !gone.has(d.peerId)).map((d) => ({ peerId: d.peerId, addrs: d.addrs, online: online || now - Number(d.lastSeen) <= PRESENCE_STALE_MS })),
      online: online || record.devices.some((d) => !gone.has(d.peerId) && now - Number(d.lastSeen) <= PRESENCE_STALE_MS),
      resolvedAt: this.#now()
    }
  }

  #remember (contact: Contact): Contact {
    if (this.#byName.size >= MAX_CONTACTS) this.#byName.delete(this.#byName.keys().next().value!)
    this.#byName.set(contact.username, contact)
    return contact
  }
}
