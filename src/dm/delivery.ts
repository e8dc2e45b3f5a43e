import type { AbortOptions } from '@libp2p/interface'
import type { Admissions } from './admissions.js'
import type { Contact, ContactDevice, Contacts } from './contacts.js'
import type { DirectChannel } from './direct.js'
import { MailboxUnreachableError } from './errors.js'
import type { Delivery } from './outbox.js'
import { DmAck } from './wire.js'
import { admitCrate, deviceMailboxKeyOf, mailboxKeyOf, sealCrate } from '../crate/index.js'
import type { CrateSender } from '../crate/index.js'
import type { Session } from '../identity/index.js'
import type { MailboxService } from '../mailbox/index.js'

export interface DeviceDeliveryInit {
  direct: DirectChannel
  contacts: Contacts
  admissions: Admissions
  mailbox: MailboxService
  now: () => number
  session: () => Session
}

/**
 * One payload to every device of a user (docs/protocols/dm.md, "Devices"). Each device
 * seen lately is tried over the direct path at once, in parallel; a device that does not
 * acknowledge (or was not seen lately) gets the crate in its own device mailbox, which only it fetches and
 * acknowledges. A profile that lists no device gets the crate in the account mailbox, as
 * before devices.
 */
export class DeviceDelivery {
  readonly #init: DeviceDeliveryInit

  constructor (init: DeviceDeliveryInit) {
    this.#init = init
  }

  /**
   * Delivers `payload` to every device of `contact` but `skip` (this device, when writing
   * to its own account): `delivered` when any device acknowledged it, else `stored` when
   * any device mailbox took it (on as few holders as the worst of them), else `failed`.
   */
  async deliver (contact: Contact, payload: Uint8Array, sender: CrateSender, options?: AbortOptions, skip?: string): Promise<Delivery> {
    const devices = contact.devices.filter((d) => d.peerId !== skip)
    if (devices.length === 0) {
      if (contact.devices.length > 0) return { status: 'failed', error: new MailboxUnreachableError('no other device to deliver to') }
      return this.#deposit(contact, await sealCrate(payload, contact, sender, { now: this.#init.now() }), mailboxKeyOf(contact.userKey), options)
    }
    const outcomes = await Promise.all(devices.map(async (device) => this.#toDevice(contact, device, payload, sender, options)))
    const delivered = outcomes.find((d) => d.status === 'delivered')
    if (delivered != null) return delivered
    const stored = outcomes.filter((d) => d.status === 'stored')
    if (stored.length > 0) return { status: 'stored', storedOn: Math.min(...stored.map((d) => d.storedOn)), path: 'mailbox' }
    return outcomes[0]
  }

  async #toDevice (contact: Contact, device: ContactDevice, payload: Uint8Array, sender: CrateSender, options?: AbortOptions): Promise<Delivery> {
    try {
      if (device.online) {
        // addressed to the account mailbox: devices of before per-device mailboxes open it too
        const crate = await sealCrate(payload, contact, sender, { now: this.#init.now() })
        try {
          const { ack, path } = await this.#init.direct.send(device, crate, options)
          if (ack.status === DmAck.Status.OK) return { status: 'delivered', path }
          // nobody logged in there: a device just removed from the account says so; it gets nothing more
          if (ack.status === DmAck.Status.NOT_HERE && await this.#removed(contact, device.peerId, options)) {
            return { status: 'failed', error: new MailboxUnreachableError(`device ${device.peerId} is no longer ${contact.username}'s`) }
          }
        } catch {}
        this.#init.contacts.forget(contact.username) // look the profile up again next time
      }
      const crate = await sealCrate(payload, contact, sender, { now: this.#init.now(), device: device.peerId })
      return await this.#deposit(contact, crate, deviceMailboxKeyOf(contact.userKey, device.peerId), options, device.peerId)
    } catch (err: any) {
      return { status: 'failed', error: err }
    }
  }

  /** Whether the user's profile, looked up again, no longer lists `peerId` (a lookup that fails says no). */
  async #removed (contact: Contact, peerId: string, options?: AbortOptions): Promise<boolean> {
    this.#init.contacts.forget(contact.username)
    const fresh = await this.#init.contacts.byKey(contact.username, contact.userKey, options).catch(() => undefined)
    return fresh != null && !fresh.devices.some((d) => d.peerId === peerId)
  }

  /** Deposits a sealed crate at `mailbox`'s holders (a device's when `device`), under the owner's grant or a stamp. */
  async #deposit (contact: Contact, crate: Uint8Array, mailbox: Uint8Array, options?: AbortOptions, device?: string): Promise<Delivery> {
    try {
      const account = device == null ? undefined : { account: mailboxKeyOf(contact.userKey), peerId: device }
      const ticket = await this.#init.admissions.ticket(this.#init.session(), mailbox, this.#init.mailbox.stampBits, options, account)
      const [report] = await this.#init.mailbox.deposit(mailbox, [admitCrate(crate, ticket)], options)
      if (report.stored > 0) return { status: 'stored', storedOn: report.stored, path: 'mailbox' }
      // which holders refused and why, so a full or flooded mailbox shows as such
      const reasons = Object.entries(report.errors).map(([peer, e]) => `${peer}: ${(e as { status?: string }).status ?? e.name} (${e.message})`)
      return { status: 'failed', error: new MailboxUnreachableError(`no mailbox holder took the crate (${report.of} asked)${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`) }
    } catch (err: any) {
      return { status: 'failed', error: err }
    }
  }
}
