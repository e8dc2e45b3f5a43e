import { randomBytes } from 'node:crypto'
import { TypedEventEmitter } from '@libp2p/interface'
import { DM_POLL_INTERVAL_MS, MAX_RECEIPT_IDS, MAX_RESUMED, MAX_RECIPIENTS, MAX_TEXT_LENGTH } from './constants.js'
import { Admissions } from './admissions.js'
import { Contacts } from './contacts.js'
import { DirectChannel } from './direct.js'
import { Inbox } from './inbox.js'
import { MAX_PAGE, MessageStore, overallStatus } from './message-store.js'
import { Outbox } from './outbox.js'
import { DmAck, DmPayload, Receipt } from './wire.js'
import { DeviceDelivery } from './delivery.js'
import { StatusWrites } from './status-writes.js'
import { OwnDeviceSync } from './own-devices.js'
import type { Contact } from './contacts.js'
import type { MessageStatus, MessageView, RecipientState } from './message-store.js'
import type { AbortOptions } from '@libp2p/interface'
import { InvalidInputError, noopMetrics } from '../kernel/index.js'
import type { Clock, CounterMetric, Logger, Metrics, TimerHandle } from '../kernel/index.js'
import type { DirectChannelComponents } from './direct.js'
import { InvalidCrateError, NotForMeError, deviceMailboxKeyOf, mailboxKeyOf, crateSender } from '../crate/index.js'
import type { CrateSender } from '../crate/index.js'
import { AccountStore, ed25519Signer } from '../identity/index.js'
import type { AccountService, Session, UserDirectory } from '../identity/index.js'
import type { MailboxService } from '../mailbox/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { StreamLimitsInit } from '../net/index.js'

export interface DmEvents {
  /** a message arrived (or was sent from here) */
  message: CustomEvent<MessageView>
  /** an outgoing message's state changed */
  'message-status': CustomEvent<{ id: string, status: MessageStatus, recipients: MessageView['recipients'] }>
}

export interface DmServiceInit {
  /** how often the logged-in user's mailbox is polled and owed receipts are retried, ms (default DM_POLL_INTERVAL_MS, 30 000; 0 = only at login) */
  pollIntervalMs?: number
  /** how long the sent copy / read mark for the account's other devices waits after a send or read, ms (default 0; it is queued durably meanwhile and a restart sends it at login; tests widen the crash window with it) */
  ownDeviceSyncDelayMs?: number
  /** limits of the direct path's inbound streams (default: DM_STREAM_LIMITS in constants.ts) */
  streams?: StreamLimitsInit
}

/** What direct messages take from the node: the direct path's parts, storage, accounts and mailboxes. */
export interface DmComponents extends DirectChannelComponents {
  database: ParleyDatabase
  accounts: AccountService
  directory: UserDirectory
  mailbox: MailboxService
  clock: Clock
  logger: Logger
  /** where sends are counted (default: noopMetrics) */
  metrics?: Metrics
  /** the peers' time, for reading their presence (default: `clock`; networkComponents corrects it by the measured skew) */
  peerTime?: () => number
  /** this device: its own mailbox is fetched, and copies for the account's devices skip it */
  peerId: { toString: () => string }
}

/** The direct-message service in the js-libp2p service shape. */
export function dmService (init: DmServiceInit = {}): (components: DmComponents) => DmService {
  return (components) => new DmService(components, init)
}

/**
 * Direct messages: seal per recipient, deliver over the direct path when the recipient is
 * online, otherwise deposit at the recipient's mailbox holders; receive, deduplicate and
 * store (inbox.ts); send delivered/read receipts back as crates.
 */
export class DmService extends TypedEventEmitter<DmEvents> {
  readonly store: MessageStore
  readonly direct: DirectChannel
  readonly contacts: Contacts
  readonly #init: DmServiceInit
  readonly #components: DmComponents
  readonly #now: () => number
  readonly #accountStore: AccountStore
  readonly #outbox: Outbox
  readonly #inbox: Inbox
  readonly #admissions: Admissions
  readonly #delivery: DeviceDelivery
  readonly #statusWrites: StatusWrites
  readonly #ownDevices: OwnDeviceSync
  #identity?: { session: Session, sender: CrateSender }
  #pollTimer?: TimerHandle
  #flushing?: Promise<void>
  #flushAgain = false
  #fetching?: Promise<{ reached: number, crates: number }>
  /** ids of the messages this node is delivering now (resumeUnsent leaves them alone) */
  readonly #sending = new Set<string>()
  #resuming?: Promise<number>
  /** one count per recipient of a send: how it went (path: direct, relayed, mailbox, none when failed) */
  readonly #sent: CounterMetric
  readonly #received: CounterMetric

  constructor (components: DmComponents, init: DmServiceInit = {}) {
    super()
    this.#init = init
    this.#components = components
    this.#now = () => components.clock.now()
    const metrics = components.metrics ?? noopMetrics
    this.#sent = metrics.counter({ name: 'parley_dm_sent_total', help: 'direct messages sent, one per recipient, by the path they took and the state they reached', labelNames: ['path', 'state'] })
    this.#received = metrics.counter({ name: 'parley_dm_received_total', help: 'direct messages received and stored (duplicates not counted)' })
    this.store = new MessageStore(components.database)
    this.#accountStore = new AccountStore(components.database)
    this.#statusWrites = new StatusWrites(components.database, this.store)
    this.contacts = new Contacts(components.directory, this.#now, components.peerTime ?? this.#now)
    this.#admissions = new Admissions(components.database, this.#now)
    this.#inbox = new Inbox({
      store: this.store,
      now: this.#now,
      onMessage: (view) => { this.#received.inc(); this.safeDispatchEvent('message', { detail: view }) },
      onStatus: (owner, id) => { this.#emitStatus(owner, id) },
      onGrant: (owner, grantor, grant) => { this.#admissions.accept(owner, grantor, grant) },
      device: components.peerId.toString()
    })
    this.direct = new DirectChannel(components, async (crate) => this.#receiveDirect(crate), { streams: init.streams })
    this.#delivery = new DeviceDelivery({ direct: this.direct, contacts: this.contacts, admissions: this.#admissions, mailbox: components.mailbox, now: this.#now, session: () => this.#sender().session })
    this.store.deviceSync.onDrop = (owner, dropped) => { components.logger.warn(`dm: ${owner}'s queue of copies for other devices is full: the ${dropped} oldest dropped`) }
    this.#ownDevices = new OwnDeviceSync({
      store: this.store,
      delivery: this.#delivery,
      contacts: this.contacts,
      clock: components.clock,
      logger: components.logger,
      sender: () => this.#sender(),
      device: components.peerId.toString(),
      sending: (id) => this.#sending.has(id),
      delayMs: init.ownDeviceSyncDelayMs
    })
    // every message carries the writer's grant: whoever a user writes to may deposit in its mailbox without a stamp
    this.#outbox = new Outbox(async (contact, messages) => {
      const { session, sender } = this.#sender()
      return this.#delivery.deliver(contact, DmPayload.encode({ messages, grant: this.#admissions.grantFor(session, contact.userKey) }), sender)
    })
  }

  /** crates that did not open or verify (altered by a holder, or forged), and duplicates skipped */
  get stats (): { rejectedCrates: number, duplicates: number } {
    return this.#inbox.stats
  }

  readonly #onSession = (event: CustomEvent<{ kind: string }>): void => {
    this.#identity = undefined
    this.contacts.clear()
    if (event.detail.kind === 'login') {
      void this.catchUp().catch(() => {})
      void this.resumeUnsent().catch((err) => { this.#components.logger.warn(`dm: resuming unsent messages: ${err.message}`) })
      void this.#ownDevices.pass().catch((err) => { this.#components.logger.warn(`dm: copies to other devices: ${err.message}`) })
    }
  }

  /** the mailbox's DHT walk starts while login publishes the profile; the catch-up after it uses its answer */
  readonly #onUnlocked = (event: CustomEvent<{ userKey: Uint8Array }>): void => {
    this.#components.mailbox.prepareFetch(deviceMailboxKeyOf(event.detail.userKey, this.#device))
    this.#components.mailbox.prepareFetch(mailboxKeyOf(event.detail.userKey))
  }

  get #device (): string {
    return this.#components.peerId.toString()
  }

  async start (): Promise<void> {
    await this.direct.start()
    this.#ownDevices.start()
    this.#components.accounts.addEventListener('session', this.#onSession)
    this.#components.accounts.addEventListener('unlocked', this.#onUnlocked)
    const every = this.#init.pollIntervalMs ?? DM_POLL_INTERVAL_MS
    if (every > 0) {
      this.#pollTimer ??= this.#components.clock.every(every, () => {
        if (this.#components.accounts.session == null) return
        void this.catchUp().catch(() => {})
        void this.resumeUnsent().catch(() => {}) // a recipient out of reach stays sending until a later poll
        void this.#ownDevices.pass().catch(() => {}) // rows no device took stay queued
      })
    }
  }

  async stop (): Promise<void> {
    this.#pollTimer?.cancel()
    this.#pollTimer = undefined
    this.#components.accounts.removeEventListener('session', this.#onSession)
    this.#components.accounts.removeEventListener('unlocked', this.#onUnlocked)
    await this.direct.stop()
    await Promise.allSettled([this.#fetching, this.#flushing, this.#ownDevices.stop()])
  }

  #sender (): { session: Session, sender: CrateSender } {
    const session = this.#components.accounts.requireSession()
    if (this.#identity?.session !== session) {
      const account = this.#accountStore.get(session.username)
      if (account == null) throw new InvalidInputError(`no local account for "${session.username}"`)
      this.#identity = { session, sender: crateSender(session.username, session.keys, account.createdAt) }
    }
    return this.#identity
  }

  /** Sends `text` to every user in `to`; resolves once each recipient has it, holds it, or failed. */
  async send (to: string[], text: string, options?: AbortOptions): Promise<MessageView> {
    return (await this.submit(to, text, options)).settled
  }

  /**
   * Stores the message with every recipient `sending` and hands it to delivery; resolves
   * then, with the message as stored and `settled`, which resolves once each recipient has
   * it, holds it, or failed. Each change after the answer is a `message-status` event; a
   * node stopped before the end delivers the rest at its user's next login (resumeUnsent).
   */
  async submit (to: string[], text: string, options?: AbortOptions): Promise<{ message: MessageView, settled: Promise<MessageView> }> {
    const { session } = this.#sender()
    const names = [...new Set(to)]
    if (names.length === 0 || names.length > MAX_RECIPIENTS) throw new InvalidInputError(`a message needs 1 to ${MAX_RECIPIENTS} recipients`)
    if (names.includes(session.username)) throw new InvalidInputError('cannot send a message to yourself')
    if (text.length === 0 || text.length > MAX_TEXT_LENGTH) throw new InvalidInputError(`text must be 1 to ${MAX_TEXT_LENGTH} characters`)
    const contacts = await Promise.all(names.map(async (name) => this.contacts.byName(name, options)))
    const owner = session.username
    const id = randomBytes(16).toString('hex')
    const timestamp = this.store.nextTimestamp(owner, this.#now())
    const copy = this.store.addOutgoing(owner, session.keys.userKey, { id, text, timestamp }, contacts.map((c) => ({ username: c.username, userKey: c.userKey })))
    const recipients: Record<string, RecipientState> = Object.fromEntries(names.map((name) => [name, { status: 'sending', storedOn: 0 }]))
    const message: MessageView = { id, from: owner, to: names, text, timestamp, status: 'sending', recipients: { ...recipients } }
    this.safeDispatchEvent('message', { detail: message })
    // the copy's row went in with the message, and no pass sends it while this send runs: it stays as it is
    const settled = this.#deliverMessage(owner, message, contacts, recipients, copy)
    // a caller that does not wait (POST ?wait=false) learns of a failed state write only here
    settled.catch((err) => { this.#components.logger.warn(`dm: message ${id}: ${err.message}`) })
    return { message, settled }
  }

  /**
   * Delivers `message` to `contacts` (its recipients still `sending`; `recipients` holds
   * every recipient's state as this send sees it, so events and the answer need no query).
   * `copy`: the seq of the sent copy queued with the message, queued again at the end only if
   * a pass dropped it; 'requeue': queue the copy again at the end, whatever the queue holds
   * (a resumed send: a pass may have sent the older state meanwhile).
   */
  async #deliverMessage (owner: string, message: MessageView, contacts: Contact[], recipients: Record<string, RecipientState>, copy: number | 'requeue'): Promise<MessageView> {
    const { id, text, timestamp, to } = message
    const view = (): MessageView => ({ id, from: owner, to, text, timestamp, status: overallStatus(recipients), recipients: { ...recipients } })
    const payload = { id, text, timestamp: BigInt(timestamp), to }
    this.#sending.add(id)
    try {
      await Promise.all(contacts.map(async (contact) => {
        const delivery = await this.#outbox.send(contact, payload)
        const storedOn = delivery.status === 'stored' ? delivery.storedOn : 0
        const path = delivery.status === 'failed' ? undefined : delivery.path
        this.#sent.inc({ path: path ?? 'none', state: delivery.status })
        if (await this.#statusWrites.advance(owner, id, contact.username, delivery.status, this.#now(), storedOn, path)) {
          recipients[contact.username] = delivery.status === 'failed' ? { status: 'failed', storedOn, reason: delivery.error.message } : { status: delivery.status, storedOn, ...(path != null ? { path } : {}) }
          const current = view()
          this.safeDispatchEvent('message-status', { detail: { id, status: current.status, recipients: current.recipients } })
        }
      }))
    } finally {
      this.#sending.delete(id)
    }
    // the copy queued with the message leaves now, with every recipient's outcome (queued
    // again if a pass already sent it while a resumed send ran, or dropped it)
    if (copy === 'requeue' || !this.store.deviceSync.queuedUnsent(owner, copy)) this.store.deviceSync.addSent(owner, id, this.#now())
    this.#ownDevices.schedule()
    return view()
  }

  /**
   * Delivers the logged-in user's messages that a send stored and did not finish (the node
   * stopped or was killed after answering `sending`), oldest first, at most MAX_RESUMED
   * per call; a recipient whose profile is out of reach stays `sending` for the next call.
   * Resolves with how many messages went out again.
   */
  async resumeUnsent (options?: AbortOptions): Promise<number> {
    // one pass at a time: the login's and a poll's must not send the same message twice
    this.#resuming ??= this.#resumeOnce(options).finally(() => { this.#resuming = undefined })
    return this.#resuming
  }

  async #resumeOnce (options?: AbortOptions): Promise<number> {
    const owner = this.#sender().session.username
    const contacts = new Map<string, Contact | undefined>()
    const sends: Array<Promise<MessageView>> = []
    for (const m of this.store.unsent(owner, MAX_RESUMED)) {
      for (const p of m.pending) {
        if (contacts.has(p.username)) continue
        contacts.set(p.username, await (p.userKey == null ? this.contacts.byName(p.username, options) : this.contacts.byKey(p.username, p.userKey, options)).catch(() => undefined))
      }
      // as it is now: a send of this node may have taken it meanwhile
      const current = this.store.message(owner, m.id)
      if (current == null || this.#sending.has(m.id)) continue
      const reachable = m.pending.filter((p) => current.recipients?.[p.username]?.status === 'sending').map((p) => contacts.get(p.username)).filter((c): c is Contact => c != null)
      if (reachable.length > 0) sends.push(this.#deliverMessage(owner, current, reachable, { ...current.recipients }, 'requeue'))
    }
    await Promise.all(sends)
    return sends.length
  }

  async #receiveDirect (crate: Uint8Array): Promise<Omit<DmAck, 'crateId'>> {
    const session = this.#components.accounts.session
    if (session == null) return { status: DmAck.Status.NOT_HERE, message: 'nobody is logged in here' }
    try {
      await this.#inbox.receive(session, crate)
      return { status: DmAck.Status.OK, message: '' }
    } catch (err: any) {
      if (err instanceof NotForMeError) return { status: DmAck.Status.NOT_HERE, message: err.message }
      if (!(err instanceof InvalidCrateError)) throw err
      return { status: DmAck.Status.INVALID, message: String(err.message) }
    }
  }

  /**
   * Fetches the logged-in user's crates from the mailbox holders and stores them; the
   * receipts owed then go out in the background. Concurrent calls share one fetch.
   */
  async catchUp (options?: AbortOptions): Promise<{ reached: number, crates: number }> {
    if (this.#fetching != null) return this.#fetching
    this.#fetching = (async () => {
      try {
        const session = this.#components.accounts.requireSession()
        const owner = { userKey: session.keys.userKey, mailbox: mailboxKeyOf(session.keys.userKey), sign: ed25519Signer(session.keys.signingSecret, session.keys.userKey) }
        const take = async (crates: Uint8Array[]): Promise<Array<{ id: Uint8Array, ok: boolean, digest?: string }>> => this.#inbox.take(session, crates)
        const fetchOptions = { ...options, onAltered: () => { this.#inbox.alteredCopy() } }
        // this device's own mailbox, then the account's (crates from senders of before devices)
        const mine = await this.#components.mailbox.fetch({ ...owner, mailbox: deviceMailboxKeyOf(owner.userKey, this.#device), device: this.#device }, take, fetchOptions)
        const result = await this.#components.mailbox.fetch(owner, take, fetchOptions)
        result.crates += mine.crates
        void this.flushReceipts().catch(() => {}) // a failed flush is retried by the next poll
        return result
      } finally {
        this.#fetching = undefined
      }
    })()
    return this.#fetching
  }

  /**
   * A page of the conversation with `peer`, oldest first: the newest `limit` messages (default
   * DEFAULT_PAGE), or those before the cursor `before`; opening it marks the peer's messages read.
   */
  conversationPage (peer: string, limit?: number, before?: string): { messages: MessageView[], next: string | null } {
    const owner = this.#components.accounts.requireSession().username
    const read = this.store.reads.markRead(owner, peer, this.#now())
    if (read.length > 0) {
      void this.flushReceipts().catch(() => {})
      this.#ownDevices.schedule() // the read mark was queued with it
    }
    return this.store.conversationPage(owner, peer, limit, before)
  }

  /** The newest MAX_PAGE messages with `peer`, oldest first (marks them read, as conversationPage). */
  conversation (peer: string): MessageView[] {
    return this.conversationPage(peer, MAX_PAGE).messages
  }

  conversations (): Array<{ with: string, last: number, unread: number }> {
    return this.store.conversations(this.#components.accounts.requireSession().username)
  }

  /** Sends every delivered/read receipt still owed, direct or as crates; one flush at a time. */
  async flushReceipts (options?: AbortOptions): Promise<void> {
    if (this.#flushing != null) {
      this.#flushAgain = true
      return this.#flushing
    }
    this.#flushing = (async () => {
      try {
        do {
          this.#flushAgain = false
          await this.#flushOnce(options)
        } while (this.#flushAgain)
      } finally {
        this.#flushing = undefined
      }
    })()
    return this.#flushing
  }

  async #flushOnce (options?: AbortOptions): Promise<void> {
    const { session, sender } = this.#sender()
    const owner = session.username
    for (const group of this.store.reads.owedReceipts(owner, 10_000)) {
      let contact: Contact
      try {
        contact = await this.contacts.byKey(group.sender, group.senderKey, options)
      } catch {
        continue // the sender's profile is out of reach now; the next flush tries again
      }
      for (let i = 0; i < group.ids.length; i += MAX_RECEIPT_IDS) {
        const ids = group.ids.slice(i, i + MAX_RECEIPT_IDS)
        const kind = group.kind === 'read' ? Receipt.Kind.READ : Receipt.Kind.DELIVERED
        const payload = DmPayload.encode({ messages: [], receipt: { kind, messageIds: ids, at: BigInt(this.#now()) } })
        const delivery = await this.#delivery.deliver(contact, payload, sender, options)
        if (delivery.status !== 'failed') this.store.reads.receiptSent(owner, group.senderKey, group.kind, ids)
      }
    }
  }

  #emitStatus (owner: string, id: string): void {
    const view = this.store.message(owner, id)
    if (view != null) this.safeDispatchEvent('message-status', { detail: { id, status: view.status, recipients: view.recipients } })
  }
}
