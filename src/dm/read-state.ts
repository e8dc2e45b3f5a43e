import { readSyncPayloads } from './device-sync.js'
import { Candidates } from './candidates.js'
import { bytesKey } from '../kernel/index.js'
import type { DeviceSyncQueue } from './sync-queue.js'
import type { ParleyDatabase } from '../store/index.js'

/** Read marks, and receipts for sent copies, kept for messages that have not arrived yet (each; the oldest are dropped first). */
export const MAX_EARLY_READS = 10_000

/** the receipt an incoming message's sender is owed: 1 delivered, 2 read (receipt_sent says what went) */
const OWED = 'CASE WHEN read_at IS NULL THEN 1 ELSE 2 END'

/** An incoming message as the candidate lists hold it. */
interface IncomingRef { senderKey: Uint8Array, sender: string, id: string }

function incomingEntry (senderKey: Uint8Array, sender: string, id: string): [string, IncomingRef] {
  return [`${bytesKey(senderKey)}\0${id}`, { senderKey, sender, id }]
}

function earlyReadKey (owner: string, senderKey: Uint8Array, id: string): string {
  return `${owner}\0${Buffer.from(senderKey).toString('hex')}\0${id}`
}

/** Marks an incoming message read on another device of its owner: that device sends the read receipt (receipt_sent 2). */
const READ_ELSEWHERE = 'UPDATE dm_messages SET read_at = ?, receipt_sent = 2 WHERE owner = ? AND outgoing = 0 AND sender_key = ? AND id = ? AND read_at IS NULL'

/**
 * The read state of an account's incoming messages (dm_messages' read_at and receipt_sent):
 * marks made here or on another device, and the delivered and read receipts owed to their
 * senders. The rows that may be unread or owed a receipt are kept as candidates
 * (candidates.ts), so neither reads the account's whole history.
 */
export class ReadState {
  readonly #db: ParleyDatabase
  readonly #deviceSync: DeviceSyncQueue
  /** read marks from the account's other devices for messages not here yet (in memory, at most MAX_EARLY_READS) */
  readonly #earlyReads = new Map<string, number>()
  /** incoming messages that may be unread (opening a conversation marks them) */
  readonly #unread: Candidates<IncomingRef>
  /** incoming messages whose delivered or read receipt may be owed (the receipt flush's) */
  readonly #owed: Candidates<IncomingRef>

  constructor (db: ParleyDatabase, deviceSync: DeviceSyncQueue) {
    this.#db = db
    this.#deviceSync = deviceSync
    const incoming = (where: string) => (owner: string): Array<[string, IncomingRef]> => (db.statement(`SELECT sender_key, sender, id FROM dm_messages WHERE owner = ? AND outgoing = 0 AND ${where}`)
      .all(owner) as Array<{ sender_key: Uint8Array, sender: string, id: string }>).map((r) => incomingEntry(r.sender_key, r.sender, r.id))
    this.#unread = new Candidates(db, incoming('read_at IS NULL'))
    this.#owed = new Candidates(db, incoming(`receipt_sent < ${OWED}`))
  }

  /** A message just stored (inside its transaction): unread, owed a delivered receipt unless `delivered`, read already if another device said so. */
  received (owner: string, message: { senderKey: Uint8Array, sender: string, id: string }, delivered: boolean): void {
    const [key, ref] = incomingEntry(message.senderKey, message.sender, message.id)
    this.#unread.add(owner, key, ref)
    if (!delivered) this.#owed.add(owner, key, ref)
    if (this.#earlyReads.size > 0) this.#applyEarlyRead(owner, message)
  }

  /** How many unread messages `owner` holds from each sender, checked by key. */
  unreadBySender (owner: string): Map<string, number> {
    const unread = new Map<string, number>()
    const candidates = this.#unread.of(owner)
    const stillUnread = this.#db.statement('SELECT 1 FROM dm_messages WHERE owner = ? AND sender_key = ? AND id = ? AND read_at IS NULL')
    for (const [key, m] of candidates) {
      if (stillUnread.get(owner, m.senderKey, m.id) == null) candidates.delete(key) // read on another device
      else unread.set(m.sender, (unread.get(m.sender) ?? 0) + 1)
    }
    return unread
  }

  /** Marks every unread message from `peer` as read, queueing the mark for the account's other devices; returns those it changed. */
  markRead (owner: string, peer: string, now: number): Array<{ senderKey: Uint8Array, id: string }> {
    const unread = this.#unread.of(owner)
    const candidates = [...unread].filter(([, m]) => m.sender === peer)
    if (candidates.length === 0) return []
    const update = this.#db.statement('UPDATE dm_messages SET read_at = ? WHERE owner = ? AND sender_key = ? AND id = ? AND outgoing = 0 AND read_at IS NULL')
    const read = this.#db.transaction(() => {
      const read = candidates.filter(([, m]) => update.run(now, owner, m.senderKey, m.id).changes > 0)
      if (read.length > 0) this.#deviceSync.addRead(owner, readSyncPayloads(read.map(([, m]) => m), now), now)
      return read
    })
    // committed: each is read now, and owes its sender a read receipt
    for (const [key] of candidates) unread.delete(key)
    for (const [key, m] of read) this.#owed.add(owner, key, m)
    return read.map(([, m]) => ({ senderKey: m.senderKey, id: m.id }))
  }

  /**
   * Marks messages another device of `owner` read: read there at `at`, and their read
   * receipt is that device's to send. Messages not held here are skipped; returns how many changed.
   */
  markReadElsewhere (owner: string, messages: Array<{ senderKey: Uint8Array, id: string }>, at: number): number {
    const update = this.#db.statement(READ_ELSEWHERE)
    const held = this.#db.statement('SELECT 1 FROM dm_messages WHERE owner = ? AND sender_key = ? AND id = ?')
    return this.#db.transaction(() => messages.reduce((n, m) => {
      const changed = Number(update.run(at, owner, m.senderKey, m.id).changes)
      // read on another device before it reached this one: applied when it arrives
      if (changed === 0 && held.get(owner, m.senderKey, m.id) == null) this.#rememberEarlyRead(owner, m.senderKey, m.id, at)
      return n + changed
    }, 0))
  }

  /**
   * Incoming messages whose receipt is still owed to their sender: `delivered` for every
   * message not yet acknowledged, `read` for read ones. Grouped by sender.
   */
  owedReceipts (owner: string, limit: number): Array<{ senderKey: Uint8Array, sender: string, kind: 'delivered' | 'read', ids: string[] }> {
    const candidates = this.#owed.of(owner)
    const check = this.#db.statement(`SELECT timestamp, receipt_sent, ${OWED} AS owed FROM dm_messages WHERE owner = ? AND sender_key = ? AND id = ?`)
    const owed: Array<{ sender_key: Uint8Array, sender: string, id: string, owed: number, timestamp: number }> = []
    for (const [key, m] of candidates) {
      const row = check.get(owner, m.senderKey, m.id) as { timestamp: number, receipt_sent: number, owed: number } | undefined
      if (row == null || row.receipt_sent >= row.owed) {
        candidates.delete(key) // sent (a later read adds it again)
        continue
      }
      owed.push({ sender_key: m.senderKey, sender: m.sender, id: m.id, owed: row.owed, timestamp: row.timestamp })
    }
    const rows = owed.sort((a, b) => a.timestamp - b.timestamp).slice(0, limit)
    const groups = new Map<string, { senderKey: Uint8Array, sender: string, kind: 'delivered' | 'read', ids: string[] }>()
    for (const row of rows) {
      const kind = row.owed === 2 ? 'read' : 'delivered'
      const key = `${row.sender}/${kind}`
      let group = groups.get(key)
      if (group == null) {
        group = { senderKey: row.sender_key, sender: row.sender, kind, ids: [] }
        groups.set(key, group)
      }
      group.ids.push(row.id)
    }
    return [...groups.values()]
  }

  /** Records that a receipt went out for these incoming messages. */
  receiptSent (owner: string, senderKey: Uint8Array, kind: 'delivered' | 'read', ids: string[]): void {
    const level = kind === 'read' ? 2 : 1
    const update = this.#db.statement('UPDATE dm_messages SET receipt_sent = max(receipt_sent, ?) WHERE owner = ? AND sender_key = ? AND id = ?')
    this.#db.transaction(() => { for (const id of ids) update.run(level, owner, senderKey, id) })
  }

  #applyEarlyRead (owner: string, message: { senderKey: Uint8Array, id: string }): void {
    const key = earlyReadKey(owner, message.senderKey, message.id)
    const readAt = this.#earlyReads.get(key)
    if (readAt == null) return
    this.#earlyReads.delete(key)
    this.#db.statement(READ_ELSEWHERE).run(readAt, owner, message.senderKey, message.id)
  }

  #rememberEarlyRead (owner: string, senderKey: Uint8Array, id: string, at: number): void {
    this.#earlyReads.set(earlyReadKey(owner, senderKey, id), at)
    if (this.#earlyReads.size > MAX_EARLY_READS) this.#earlyReads.delete(this.#earlyReads.keys().next().value!)
  }
}
