import { sha256 } from '@noble/hashes/sha2.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { MAX_SENT_COPIES, applyOwnPayload } from './device-sync.js'
import { MAX_MESSAGES_PER_CRATE, MAX_RECEIPT_IDS, MAX_RECIPIENTS, MAX_TEXT_LENGTH } from './constants.js'
import { DmPayload, Receipt } from './wire.js'
import type { DepositGrant } from './wire.js'
import type { IncomingMessage, MessageStore, MessageView } from './message-store.js'
import { InvalidCrateError, NotForMeError, decodeCrate, openCrate } from '../crate/index.js'
import type { CrateKeys, OpenedCrate } from '../crate/index.js'
import type { Session } from '../identity/index.js'

export interface InboxInit {
  store: MessageStore
  now: () => number
  onMessage: (view: MessageView) => void
  onStatus: (owner: string, id: string) => void
  /** this device's peer id: crates to its device mailbox open here too */
  device: string
  /** a sender granted `owner` a depositor key for the sender's mailbox */
  onGrant?: (owner: string, grantor: Uint8Array, grant: DepositGrant) => void
}

/** Crate ids remembered across fetches, so copies from other holders are not opened again. */
const MAX_SEEN_CRATES = 50_000

/**
 * The receiving side: opens crates, stores their messages once (deduplicated by sender and
 * message id) and applies receipts. Copies of one crate from several holders are opened
 * once; a copy whose bytes differ from the one taken was altered by its holder and is
 * counted as rejected, and an altered copy seen first does not stop the genuine one.
 */
export class Inbox {
  readonly #init: InboxInit
  /** crate id (hex) → the SHA-256 of the valid copy taken, or undefined when none was valid */
  readonly #seen = new Map<string, Promise<string | undefined>>()
  readonly stats = { rejectedCrates: 0, duplicates: 0 }

  /** A holder listed an altered copy of a crate taken from another holder (see MailboxFetch). */
  alteredCopy (): void {
    this.stats.rejectedCrates++
  }

  constructor (init: InboxInit) {
    this.#init = init
  }

  /** One crate over the direct path; throws NotForMeError / InvalidCrateError for the ack. */
  async receive (session: Session, crate: Uint8Array): Promise<void> {
    let opened: OpenedCrate
    try {
      opened = await openCrate(crate, this.#keys(session), this.#init.now())
    } catch (err) {
      if (err instanceof InvalidCrateError) this.stats.rejectedCrates++
      throw err
    }
    this.#accept(session, [opened], true)
  }

  /**
   * A batch of crates fetched from a mailbox holder: opens what is new, stores its messages
   * in one transaction, and says per crate (that has an id) whether a valid copy is now
   * stored, or this copy was rejected and another holder's should be tried.
   */
  async take (session: Session, crates: Uint8Array[]): Promise<Array<{ id: Uint8Array, ok: boolean, digest?: string }>> {
    const ids: Array<{ id: Uint8Array, ok: boolean, digest?: string }> = []
    const fresh: Array<{ hex: string, bytes: Uint8Array, digest: string, index: number }> = []
    for (const bytes of crates) {
      let id: Uint8Array
      try {
        id = decodeCrate(bytes).id
      } catch {
        this.stats.rejectedCrates++
        continue
      }
      const hex = Buffer.from(id).toString('hex')
      const digest = Buffer.from(sha256(bytes)).toString('hex')
      const taken = await this.#seen.get(hex)
      if (taken != null) {
        // a copy of a crate already taken: the same bytes, or a holder altered this one
        if (taken !== digest) this.stats.rejectedCrates++
        ids.push({ id, ok: taken === digest, digest: taken })
        continue
      }
      fresh.push({ hex, bytes, digest, index: ids.length })
      ids.push({ id, ok: false })
    }
    let settle!: (valid: boolean[]) => void
    const outcome = new Promise<boolean[]>((resolve) => { settle = resolve })
    fresh.forEach((crate, i) => { this.#remember(crate.hex, outcome.then((valid) => valid[i] ? crate.digest : undefined)) })
    const opened: OpenedCrate[] = []
    const valid: boolean[] = []
    try {
      for (const crate of fresh) {
        try {
          opened.push(await openCrate(crate.bytes, this.#keys(session), this.#init.now()))
          valid.push(true)
        } catch (err) {
          if (!(err instanceof InvalidCrateError) && !(err instanceof NotForMeError)) throw err
          this.stats.rejectedCrates++
          valid.push(false)
        }
      }
      this.#accept(session, opened, false)
    } catch (err) {
      settle(fresh.map(() => false))
      throw err
    }
    settle(valid)
    fresh.forEach((crate, i) => { ids[crate.index] = { id: ids[crate.index].id, ok: valid[i], digest: valid[i] ? crate.digest : undefined } })
    return ids
  }

  #keys (session: Session): CrateKeys {
    return { ...session.keys, device: this.#init.device }
  }

  #remember (hex: string, taken: Promise<string | undefined>): void {
    if (this.#seen.size >= MAX_SEEN_CRATES) this.#seen.delete(this.#seen.keys().next().value!)
    this.#seen.set(hex, taken)
  }

  /** Stores the messages of opened crates in one transaction and applies their receipts. */
  #accept (session: Session, opened: OpenedCrate[], direct: boolean): void {
    const owner = session.username
    const now = this.#init.now()
    const messages: IncomingMessage[] = []
    const grants: Array<() => void> = []
    for (const crate of opened) {
      const payload = decodePayload(crate)
      if (payload == null) {
        this.stats.rejectedCrates++
        continue
      }
      if (equalBytes(crate.sender.userKey, session.keys.userKey)) {
        // another device of this account: its sent copies and read state, nothing else
        const applied = applyOwnPayload(this.#init.store, owner, session.keys.userKey, payload, now)
        for (const id of applied.added) {
          const view = this.#init.store.message(owner, id)
          if (view != null) this.#init.onMessage(view)
        }
        for (const id of applied.moved) this.#init.onStatus(owner, id)
        continue
      }
      for (const m of payload.messages) {
        if (m.text.length === 0 || m.text.length > MAX_TEXT_LENGTH || !m.to.includes(owner) || !/^[0-9a-f]{32}$/.test(m.id)) continue
        messages.push({ senderKey: crate.sender.userKey, sender: crate.sender.username, id: m.id, to: m.to, text: m.text, timestamp: Number(m.timestamp) })
      }
      const grant = payload.grant
      if (grant != null) grants.push(() => { this.#init.onGrant?.(owner, crate.sender.userKey, grant) })
      if (payload.receipt != null) {
        const status = payload.receipt.kind === Receipt.Kind.READ ? 'read' : 'delivered'
        for (const id of payload.receipt.messageIds) {
          if (this.#init.store.advanceByKey(owner, id, crate.sender.userKey, status, now)) this.#init.onStatus(owner, id)
        }
      }
    }
    const fresh = this.#init.store.addIncoming(owner, messages, now, direct)
    this.stats.duplicates += messages.length - fresh.length
    for (const m of fresh) this.#init.onMessage({ id: m.id, from: m.sender, to: m.to, text: m.text, timestamp: m.timestamp, status: 'delivered' })
    // the senders' grants after the messages are shown (still before the acknowledgement):
    // keeping one is a lookup, a hash and sometimes a write the message need not wait for
    for (const keep of grants) keep()
  }
}

function decodePayload (crate: OpenedCrate): DmPayload | undefined {
  try {
    return DmPayload.decode(crate.payload, { limits: { messages: MAX_MESSAGES_PER_CRATE, messages$: { to: MAX_RECIPIENTS }, receipt: { messageIds: MAX_RECEIPT_IDS }, sent: MAX_SENT_COPIES, sent$: { recipients: MAX_RECIPIENTS, message: { to: MAX_RECIPIENTS } }, read: { messages: MAX_RECEIPT_IDS } } })
  } catch {
    return undefined
  }
}
