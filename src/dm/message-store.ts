import type { StatementSync } from 'node:sqlite'
import { MAX_RECIPIENTS } from './constants.js'
import { Candidates } from './candidates.js'
import { MAX_EARLY_READS, ReadState } from './read-state.js'
import { DeviceSyncQueue } from './sync-queue.js'
import { InvalidInputError } from '../kernel/index.js'
import type { ParleyDatabase } from '../store/index.js'

export type MessageStatus = 'sending' | 'stored' | 'delivered' | 'read' | 'failed'

/** How far along each status is; receipts only ever move a recipient forward. */
const RANK: Record<MessageStatus, number> = { failed: -1, sending: 0, stored: 1, delivered: 2, read: 3 }

/**
 * How a message reached a recipient's device: over a direct connection (also one that
 * hole punching made direct), through a relay, or through the mailbox holders.
 */
export type DeliveryPath = 'direct' | 'relayed' | 'mailbox'

export interface RecipientState {
  status: MessageStatus
  /** replicas that hold the crate (while `stored`) */
  storedOn: number
  /** the path of the delivery, once the crate left (absent while sending or after failing) */
  path?: DeliveryPath
  /** when `failed` in the answer to a send: which holders refused and why (not kept in the database) */
  reason?: string
}

/** One message as the API shows it. */
export interface MessageView {
  id: string
  from: string
  to: string[]
  text: string
  timestamp: number
  /** overall: `failed` if any recipient failed, else the least advanced recipient */
  status: MessageStatus
  /** outgoing messages: the state of each recipient */
  recipients?: Record<string, RecipientState>
}

/** One recipient of a message sent from another device of the account, as that device saw it. */
export interface SentState {
  username: string
  userKey: Uint8Array
  status: MessageStatus
  storedOn: number
  path?: DeliveryPath
}

export interface IncomingMessage {
  senderKey: Uint8Array
  sender: string
  id: string
  to: string[]
  text: string
  timestamp: number
}

/** A message's overall status: `failed` if any recipient failed, else the least advanced recipient. */
export function overallStatus (recipients: Record<string, RecipientState>): MessageStatus {
  let status: MessageStatus = 'read'
  for (const r of Object.values(recipients)) {
    if (r.status === 'failed') return 'failed'
    if (RANK[r.status] < RANK[status]) status = r.status
  }
  return status
}

/** An outgoing message with recipients still `sending`, and those recipients. */
export interface UnsentMessage {
  id: string
  text: string
  timestamp: number
  to: string[]
  pending: Array<{ username: string, userKey: Uint8Array | null }>
}

interface MessageRow {
  sender_key: Uint8Array
  id: string
  sender: string
  recipients: string
  text: string
  timestamp: number
  outgoing: number
  read_at: number | null
}

/** The conversations of the users of this node, in SQLite. */
export class MessageStore {
  readonly #db: ParleyDatabase
  readonly #insertMessage: StatementSync
  readonly #insertConversation: StatementSync
  readonly #insertRecipient: StatementSync
  readonly #recipients: StatementSync
  readonly #conversation: StatementSync
  readonly #lastTimestamp = new Map<string, number>()
  /**
   * receipts for a message another device sent whose copy is not here yet (the recipient
   * read it before the copy arrived): owner and id → recipient key (hex) → furthest status;
   * in memory, at most MAX_EARLY_READS
   */
  readonly #earlyReceipts = new Map<string, Map<string, 'delivered' | 'read'>>()

  /**
   * each local account's own user key, the sender key of all its outgoing messages, learned
   * from its sends and sent copies: dm_messages is keyed (owner, sender_key, id), and an
   * outgoing message found by owner and id alone is a scan of every message the account
   * holds. One entry per account that sent here, at most MAX_OWN_KEYS (oldest dropped).
   */
  readonly #ownKeys = new Map<string, Uint8Array>()

  /** outgoing messages that may have a recipient still `sending`, by id (the resend poll's) */
  readonly #sending: Candidates<true>

  /** what this device owes the account's other devices, queued with the rows that cause it */
  readonly deviceSync: DeviceSyncQueue
  /** incoming messages' read marks and the receipts owed for them */
  readonly reads: ReadState

  constructor (db: ParleyDatabase) {
    this.#db = db
    this.deviceSync = new DeviceSyncQueue(db)
    this.reads = new ReadState(db, this.deviceSync)
    this.#sending = new Candidates(db, (owner) => (db.statement("SELECT DISTINCT id FROM dm_recipients WHERE owner = ? AND status = 'sending'")
      .all(owner) as Array<{ id: string }>).map((r) => [r.id, true]))
    const d = db.db
    this.#insertMessage = d.prepare(`INSERT OR IGNORE INTO dm_messages (owner, sender_key, id, sender, recipients, text, timestamp, outgoing, received_at, receipt_sent)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.#insertConversation = d.prepare('INSERT OR IGNORE INTO dm_conversations (owner, peer, sender_key, id, timestamp) VALUES (?, ?, ?, ?, ?)')
    this.#insertRecipient = d.prepare('INSERT INTO dm_recipients (owner, id, recipient, recipient_key, status, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    this.#recipients = d.prepare('SELECT recipient, status, stored_on, path FROM dm_recipients WHERE owner = ? AND id = ?')
    // newest first from the cursor (timestamp, sender, id) down; the caller turns the page around
    this.#conversation = d.prepare(`SELECT m.sender_key, m.id, m.sender, m.recipients, m.text, m.timestamp, m.outgoing, m.read_at
      FROM dm_conversations c JOIN dm_messages m ON m.owner = c.owner AND m.sender_key = c.sender_key AND m.id = c.id
      WHERE c.owner = ? AND c.peer = ? AND (c.timestamp, m.sender, m.id) < (?, ?, ?)
      ORDER BY c.timestamp DESC, m.sender DESC, m.id DESC LIMIT ?`)
  }

  /** A timestamp for owner's next message: now, or one past the last one, whichever is later. */
  nextTimestamp (owner: string, now: number): number {
    let last = this.#lastTimestamp.get(owner)
    if (last == null) {
      const row = this.#db.statement('SELECT max(timestamp) AS last FROM dm_messages WHERE owner = ? AND outgoing = 1').get(owner) as { last: number | null }
      last = row.last ?? 0
    }
    const next = Math.max(now, last + 1)
    this.#lastTimestamp.set(owner, next)
    return next
  }

  /** Stores a new outgoing message with each recipient `sending` and queues its sent copy; returns the copy's queue seq. */
  addOutgoing (owner: string, ownerKey: Uint8Array, message: { id: string, text: string, timestamp: number }, to: Array<{ username: string, userKey?: Uint8Array }>): number {
    const names = to.map((r) => r.username)
    this.#learnOwnKey(owner, ownerKey)
    return this.#db.transaction(() => {
      this.#insertMessage.run(owner, ownerKey, message.id, owner, JSON.stringify(names), message.text, message.timestamp, 1, message.timestamp, 0)
      for (const recipient of to) {
        this.#insertConversation.run(owner, recipient.username, ownerKey, message.id, message.timestamp)
        this.#insertRecipient.run(owner, message.id, recipient.username, recipient.userKey ?? null, 'sending', message.timestamp)
      }
      const seq = this.deviceSync.addNewSent(owner, message.id, message.timestamp)
      this.#sending.add(owner, message.id, true)
      return seq
    })
  }

  /**
   * Stores received messages in one transaction; returns the new ones (a replay or a
   * second copy is left out). `delivered` says their delivered receipt needs no crate
   * (the direct acknowledgement was it).
   */
  addIncoming (owner: string, messages: IncomingMessage[], now: number, delivered = false): IncomingMessage[] {
    if (messages.length === 0) return []
    return this.#db.transaction(() => messages.filter((message) => {
      const result = this.#insertMessage.run(owner, message.senderKey, message.id, message.sender, JSON.stringify(message.to), message.text, message.timestamp, 0, now, delivered ? 1 : 0)
      if (result.changes === 0) return false
      this.#insertConversation.run(owner, message.sender, message.senderKey, message.id, message.timestamp)
      this.reads.received(owner, message, delivered)
      return true
    }))
  }

  /**
   * Moves one recipient of an outgoing message forward (never back; `failed` only from
   * `sending`). True when something changed.
   */
  advance (owner: string, id: string, recipient: string, status: MessageStatus, now: number, storedOn = 0, path?: DeliveryPath): boolean {
    const row = this.#db.statement('SELECT status, stored_on FROM dm_recipients WHERE owner = ? AND id = ? AND recipient = ?').get(owner, id, recipient) as { status: MessageStatus, stored_on: number } | undefined
    if (row == null) return false
    const forward = status === 'failed' ? row.status === 'sending' : RANK[status] > RANK[row.status] || (status === 'stored' && row.status === 'stored' && storedOn > row.stored_on)
    if (!forward) return false
    this.#db.statement('UPDATE dm_recipients SET status = ?, stored_on = max(stored_on, ?), path = coalesce(path, ?), updated_at = ? WHERE owner = ? AND id = ? AND recipient = ?')
      .run(status, storedOn, path ?? null, now, owner, id, recipient)
    return true
  }

  /**
   * Outgoing messages of `owner` with a recipient still `sending` (a send the node did not
   * finish, e.g. it was killed after answering), oldest first, at most `limit`.
   */
  unsent (owner: string, limit: number): UnsentMessage[] {
    const ids = this.#sending.of(owner)
    const found: UnsentMessage[] = []
    for (const id of ids.keys()) {
      const pending = this.#db.statement("SELECT recipient, recipient_key FROM dm_recipients WHERE owner = ? AND id = ? AND status = 'sending'")
        .all(owner, id) as Array<{ recipient: string, recipient_key: Uint8Array | null }>
      const row = pending.length === 0 ? undefined : this.#outgoingRow(owner, id)
      if (row == null) {
        ids.delete(id) // sent on (or gone): no longer a candidate
        continue
      }
      found.push({ id, text: row.text, timestamp: row.timestamp, to: JSON.parse(row.recipients), pending: pending.map((p) => ({ username: p.recipient, userKey: p.recipient_key })) })
    }
    return found.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1)).slice(0, limit)
  }

  /**
   * Called after a recipient's state change of `id` committed: once none of its recipients is
   * `sending`, it leaves the resend poll's candidates at once instead of at the next poll
   * (a burst of 2,000 DMs otherwise kept 2,000 ids for up to 30 s).
   */
  settled (owner: string, id: string): void {
    if (this.#db.statement("SELECT 1 FROM dm_recipients WHERE owner = ? AND id = ? AND status = 'sending' LIMIT 1").get(owner, id) == null) this.#sending.delete(owner, id)
  }

  /**
   * Applies a receipt signed by `recipientKey`: only a recipient of the message can move it.
   * A receipt for a message not held here (sent from another device whose copy is still on
   * its way) is kept and applied when the copy lands.
   */
  advanceByKey (owner: string, id: string, recipientKey: Uint8Array, status: 'delivered' | 'read', now: number): boolean {
    const row = this.#db.statement('SELECT recipient FROM dm_recipients WHERE owner = ? AND id = ? AND recipient_key = ?').get(owner, id, recipientKey) as { recipient: string } | undefined
    if (row != null) return this.advance(owner, id, row.recipient, status, now)
    if (this.#outgoingRow(owner, id) == null) this.#rememberEarlyReceipt(owner, id, recipientKey, status)
    return false
  }

  #rememberEarlyReceipt (owner: string, id: string, recipientKey: Uint8Array, status: 'delivered' | 'read'): void {
    const key = `${owner}\0${id}`
    const held = this.#earlyReceipts.get(key) ?? new Map<string, 'delivered' | 'read'>()
    const recipient = Buffer.from(recipientKey).toString('hex')
    // a message has at most MAX_RECIPIENTS: receipts from more keys cannot all be genuine
    if (!held.has(recipient) && held.size >= MAX_RECIPIENTS) return
    if (held.get(recipient) !== 'read') held.set(recipient, status)
    this.#earlyReceipts.set(key, held)
    if (this.#earlyReceipts.size > MAX_EARLY_READS) this.#earlyReceipts.delete(this.#earlyReceipts.keys().next().value!)
  }

  /** Applies the receipts that came before the sent copy of `id` (inside the copy's transaction). */
  #applyEarlyReceipts (owner: string, id: string, now: number): void {
    const key = `${owner}\0${id}`
    const held = this.#earlyReceipts.get(key)
    if (held == null) return
    this.#earlyReceipts.delete(key)
    for (const [recipient, status] of held) this.advanceByKey(owner, id, Buffer.from(recipient, 'hex'), status, now)
  }

  /** Every conversation of `owner`: the other user, the newest message time, unread count. */
  conversations (owner: string): Array<{ with: string, last: number, unread: number }> {
    const peers = this.#db.statement(CONVERSATION_PEERS_SQL).all(owner) as Array<{ peer: string, last: number }>
    const unread = this.reads.unreadBySender(owner)
    return peers.map((p) => ({ with: p.peer, last: p.last, unread: unread.get(p.peer) ?? 0 }))
      .sort((a, b) => b.last - a.last || (a.with < b.with ? -1 : 1))
  }

  /** One outgoing message by id. */
  message (owner: string, id: string): MessageView | undefined {
    const row = this.#outgoingRow(owner, id)
    return row == null ? undefined : this.#view(owner, row)
  }

  /** An outgoing message's row: a key search once the account's own key is known, a scan of its messages before. */
  #outgoingRow (owner: string, id: string): MessageRow | undefined {
    const ownKey = this.#ownKeys.get(owner)
    if (ownKey != null) {
      return this.#db.statement(`SELECT ${MESSAGE_COLUMNS} FROM dm_messages
        WHERE owner = ? AND sender_key = ? AND id = ? AND outgoing = 1`).get(owner, ownKey, id) as MessageRow | undefined
    }
    const row = this.#db.statement(`SELECT ${MESSAGE_COLUMNS} FROM dm_messages
      WHERE owner = ? AND id = ? AND outgoing = 1`).get(owner, id) as MessageRow | undefined
    if (row != null) this.#learnOwnKey(owner, row.sender_key)
    return row
  }

  #learnOwnKey (owner: string, key: Uint8Array): void {
    const known = this.#ownKeys.get(owner)
    if (known != null && Buffer.compare(known, key) === 0) return
    this.#ownKeys.delete(owner)
    if (this.#ownKeys.size >= MAX_OWN_KEYS) this.#ownKeys.delete(this.#ownKeys.keys().next().value!)
    this.#ownKeys.set(owner, key)
  }

  /** The newest MAX_PAGE messages of the conversation of `owner` with `peer`, oldest first. */
  conversation (owner: string, peer: string): MessageView[] {
    return this.conversationPage(owner, peer, MAX_PAGE).messages
  }

  /**
   * One page of the conversation of `owner` with `peer`: the newest `limit` messages before
   * the cursor (all of them without one), oldest first, and the cursor of the page before
   * it when there is one.
   */
  conversationPage (owner: string, peer: string, limit = DEFAULT_PAGE, before?: string): { messages: MessageView[], next: string | null } {
    const [timestamp, sender, id] = before == null ? [Number.MAX_SAFE_INTEGER, '', ''] : decodeCursor(before)
    const rows = this.#conversation.all(owner, peer, timestamp, sender, id, limit + 1) as unknown as MessageRow[]
    const page = rows.slice(0, limit).reverse()
    const oldest = page[0]
    return {
      messages: page.map((row) => this.#view(owner, row)),
      next: rows.length > limit && oldest != null ? encodeCursor(oldest.timestamp, oldest.sender, oldest.id) : null
    }
  }

  /**
   * A message another device of `owner` sent, with each recipient's state there: stored
   * as outgoing once (true then); a later copy only moves its recipients forward.
   */
  addSentCopy (owner: string, ownerKey: Uint8Array, message: { id: string, text: string, timestamp: number, to: string[] }, recipients: SentState[], now: number): boolean {
    this.#learnOwnKey(owner, ownerKey)
    return this.#db.transaction(() => {
      const fresh = this.#insertMessage.run(owner, ownerKey, message.id, owner, JSON.stringify(message.to), message.text, message.timestamp, 1, now, 0).changes > 0
      if (fresh) {
        this.#sending.add(owner, message.id, true)
        for (const r of recipients) {
          this.#insertConversation.run(owner, r.username, ownerKey, message.id, message.timestamp)
          this.#insertRecipient.run(owner, message.id, r.username, r.userKey, 'sending', message.timestamp)
        }
      }
      for (const r of recipients) this.advance(owner, message.id, r.username, r.status, now, r.storedOn, r.path)
      if (fresh && this.#earlyReceipts.size > 0) this.#applyEarlyReceipts(owner, message.id, now)
      return fresh
    })
  }

  #view (owner: string, row: MessageRow): MessageView {
    const to = JSON.parse(row.recipients) as string[]
    const base = { id: row.id, from: row.sender, to, text: row.text, timestamp: row.timestamp }
    if (row.outgoing === 0) return { ...base, status: row.read_at == null ? 'delivered' : 'read' }
    const recipients: Record<string, RecipientState> = {}
    for (const r of this.#recipients.all(owner, row.id) as Array<{ recipient: string, status: MessageStatus, stored_on: number, path: DeliveryPath | null }>) {
      recipients[r.recipient] = { status: r.status, storedOn: r.stored_on, ...(r.path != null ? { path: r.path } : {}) }
    }
    return { ...base, status: overallStatus(recipients), recipients }
  }
}

/** Messages per page of a conversation when the caller names no limit. */
export const DEFAULT_PAGE = 1_000
/** The most messages one page holds. */
export const MAX_PAGE = 10_000

/** A page cursor: the oldest message shown, opaque to clients. */
function encodeCursor (timestamp: number, sender: string, id: string): string {
  return Buffer.from(JSON.stringify([timestamp, sender, id])).toString('base64url')
}

function decodeCursor (cursor: string): [number, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 3 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && typeof value[2] === 'string') return value as [number, string, string]
  } catch {}
  throw new InvalidInputError('before: not a cursor this node handed out')
}

/**
 * Each conversation of an account (?1) and its newest message's time, by seeks: the peers
 * one after the other, each one's newest row (dm_conversations is keyed owner, peer,
 * timestamp), instead of a walk over every message the account holds.
 */
const CONVERSATION_PEERS_SQL = `WITH RECURSIVE peers(peer) AS (
    SELECT (SELECT peer FROM dm_conversations WHERE owner = ?1 ORDER BY peer LIMIT 1)
    UNION ALL
    SELECT (SELECT peer FROM dm_conversations WHERE owner = ?1 AND peer > peers.peer ORDER BY peer LIMIT 1) FROM peers WHERE peers.peer IS NOT NULL
  )
  SELECT peer, (SELECT timestamp FROM dm_conversations WHERE owner = ?1 AND peer = peers.peer ORDER BY timestamp DESC LIMIT 1) AS last
  FROM peers WHERE peer IS NOT NULL`

/** local accounts whose own user key the store keeps for its lookups (a node holds one or a few) */
const MAX_OWN_KEYS = 64
const MESSAGE_COLUMNS = 'sender_key, id, sender, recipients, text, timestamp, outgoing, read_at'

