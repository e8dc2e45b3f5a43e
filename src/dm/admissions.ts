import { concat } from 'uint8arrays/concat'
import { fromString } from 'uint8arrays/from-string'
import { GRANT_CACHE_SIZE, GRANT_MIN_REMAINING_MS, GRANT_TTL_MS } from './constants.js'
import type { DepositGrant } from './wire.js'
import { MailboxGrant, depositorKey, deriveDepositorKey, grantRefusal, mailboxKeyOf, mintStamp, signGrant, stampBits } from '../crate/index.js'
import type { AdmissionTicket } from '../crate/index.js'
import { ed25519Signer } from '../identity/index.js'
import type { Session, UserKeys } from '../identity/index.js'
import type { ParleyDatabase } from '../store/index.js'

const STAMP_CONTEXT = fromString('stamp\0')
const GRANT_CONTEXT = fromString('grant\0')

interface AdmissionRow {
  stamp: Uint8Array | null
  stamp_bits: number
  grant_secret: Uint8Array | null
  grant: Uint8Array | null
  grant_expires_at: number
}

/**
 * What this node's users need to be admitted at other users' mailboxes (docs/protocols/
 * mailbox.md, "Admission"), and the grants they give. A sender deposits with the grant
 * its recipient sent, when it has one; otherwise with a depositor key derived for that
 * mailbox and a stamp minted once and kept (the cost a contact pays once). Grants go out
 * with every message a user writes: the people a user writes to are its contacts.
 */
export class Admissions {
  readonly #db: ParleyDatabase
  readonly #now: () => number
  /** mints in progress, by owner and mailbox: a burst of messages to a new contact mints once */
  readonly #minting = new Map<string, Promise<Uint8Array>>()
  /**
   * The grants given, per session's keys (gone with the session) and grantee, for the
   * current day: a day's grant to one contact is the same bytes (whole-day expiry,
   * deterministic Ed25519), and deriving and signing it again cost about 0.4 ms of every
   * message sent (bench path-profile). At most GRANT_CACHE_SIZE grantees per session.
   */
  readonly #given = new WeakMap<UserKeys, Map<string, DepositGrant & { expiresAt: number }>>()

  constructor (db: ParleyDatabase, now: () => number) {
    this.#db = db
    this.#now = now
  }

  #row (owner: string, mailbox: Uint8Array): AdmissionRow | undefined {
    return this.#db.statement('SELECT stamp, stamp_bits, grant_secret, grant, grant_expires_at FROM dm_admissions WHERE owner = ? AND mailbox = ?').get(owner, mailbox) as AdmissionRow | undefined
  }

  /**
   * The admission for `session`'s user depositing into `mailbox`: its grant there, or a
   * stamp of `bits`. For a device mailbox (`device`: the owner's account mailbox and the
   * device's peer id) the grant for the account mailbox serves, naming the device.
   */
  async ticket (session: Session, mailbox: Uint8Array, bits: number, options: { signal?: AbortSignal } = {}, device?: { account: Uint8Array, peerId: string }): Promise<AdmissionTicket> {
    const owner = session.username
    const row = this.#row(owner, mailbox)
    const granted = device == null ? row : this.#row(owner, device.account)
    if (granted?.grant != null && granted.grant_secret != null && granted.grant_expires_at > this.#now() + GRANT_MIN_REMAINING_MS) {
      return { depositor: depositorKey(granted.grant_secret), grant: MailboxGrant.decode(granted.grant), ...(device != null ? { device: device.peerId } : {}) }
    }
    const depositor = deriveDepositorKey(session.keys.signingSecret, concat([STAMP_CONTEXT, mailbox]))
    if (row?.stamp != null && stampBits(mailbox, depositor.publicKey, row.stamp) >= bits) return { depositor, stamp: row.stamp }
    const key = `${owner}/${Buffer.from(mailbox).toString('hex')}/${bits}`
    let minting = this.#minting.get(key)
    if (minting == null) {
      minting = mintStamp(mailbox, depositor.publicKey, bits, options).then((stamp) => {
        this.#db.statement(`INSERT INTO dm_admissions (owner, mailbox, stamp, stamp_bits) VALUES (?, ?, ?, ?)
          ON CONFLICT (owner, mailbox) DO UPDATE SET stamp = excluded.stamp, stamp_bits = excluded.stamp_bits`).run(owner, mailbox, stamp, bits)
        return stamp
      }).finally(() => { this.#minting.delete(key) })
      this.#minting.set(key, minting)
    }
    return { depositor, stamp: await minting }
  }

  /** The grant `session`'s user gives `grantee` to deposit into its mailbox without a stamp. */
  grantFor (session: Session, grantee: Uint8Array): DepositGrant {
    // whole days: the same grant bytes for a day's messages
    const day = 24 * 3600_000
    const expiresAt = Math.floor((this.#now() + GRANT_TTL_MS) / day) * day
    let given = this.#given.get(session.keys)
    if (given == null) {
      given = new Map()
      this.#given.set(session.keys, given)
    }
    const id = Buffer.from(grantee).toString('hex')
    const cached = given.get(id)
    if (cached?.expiresAt === expiresAt) return { depositorSecret: cached.depositorSecret, grant: cached.grant }
    const depositor = deriveDepositorKey(session.keys.signingSecret, concat([GRANT_CONTEXT, grantee]))
    const owner = { userKey: session.keys.userKey, sign: ed25519Signer(session.keys.signingSecret, session.keys.userKey) }
    const grant = { depositorSecret: depositor.secret, grant: MailboxGrant.encode(signGrant(owner, depositor.publicKey, expiresAt)) }
    given.delete(id)
    if (given.size >= GRANT_CACHE_SIZE) given.delete(given.keys().next().value as string)
    given.set(id, { ...grant, expiresAt })
    return grant
  }

  /**
   * Keeps a grant that `grantor` (the verified sender of the crate it came in) gave
   * `owner`; a grant by anyone else, for another key, or expired is ignored. True when kept.
   */
  accept (owner: string, grantor: Uint8Array, received: DepositGrant): boolean {
    if (received.depositorSecret.byteLength !== 32) return false
    let grant: MailboxGrant
    try {
      grant = MailboxGrant.decode(received.grant)
    } catch {
      return false
    }
    const mailbox = mailboxKeyOf(grantor)
    const row = this.#row(owner, mailbox)
    // the grant kept already, byte for byte: it was checked when it was kept (every message
    // carries its sender's grant, and checking it again cost ~0.25 ms of each one received)
    if (row?.grant != null && row.grant_secret != null && row.grant_expires_at > this.#now() &&
      Buffer.from(row.grant).equals(Buffer.from(received.grant)) && Buffer.from(row.grant_secret).equals(Buffer.from(received.depositorSecret))) return true
    const depositor = depositorKey(received.depositorSecret)
    if (grantRefusal(grant, mailbox, depositor.publicKey, this.#now()) != null) return false
    if (!Buffer.from(grant.ownerKey).equals(Buffer.from(grantor))) return false
    if (row != null && row.grant_expires_at >= Number(grant.expiresAt) && row.grant_secret != null && Buffer.from(row.grant_secret).equals(Buffer.from(received.depositorSecret))) return true
    this.#db.statement(`INSERT INTO dm_admissions (owner, mailbox, grant_secret, grant, grant_expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (owner, mailbox) DO UPDATE SET grant_secret = excluded.grant_secret, grant = excluded.grant, grant_expires_at = excluded.grant_expires_at`)
      .run(owner, mailbox, received.depositorSecret, received.grant, Number(grant.expiresAt))
    return true
  }
}
