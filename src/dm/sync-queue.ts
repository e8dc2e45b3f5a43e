import { MAX_DEVICE_SYNC_ROWS } from './constants.js'
import type { ParleyDatabase } from '../store/index.js'

/** One queued payload for the account's other devices: a sent copy (built when it leaves) or a read mark. */
export interface DeviceSyncRow {
  seq: number
  kind: 'sent' | 'read'
  /** sent: the outgoing message's id */
  ref: string | null
  /** read: the encoded DmPayload */
  payload: Uint8Array | null
  /** peer ids of the devices that acknowledged it or whose device mailbox took it */
  done: string[]
}

/**
 * The durable queue of what a device owes the account's other devices (docs/protocols/dm.md,
 * "Devices"). Rows are written inside the transaction of the outgoing message or the read
 * mark (MessageStore calls `add*` there), so a crash between the answer and the copy leaving
 * loses nothing; a row goes once every other device took it. A device may stay away for
 * long: an account keeps at most MAX_DEVICE_SYNC_ROWS, the oldest dropped (`onDrop`).
 */
export class DeviceSyncQueue {
  readonly #db: ParleyDatabase
  /** told how many of `owner`'s oldest rows the quota dropped (the service logs it) */
  onDrop?: (owner: string, dropped: number) => void

  constructor (db: ParleyDatabase) {
    this.#db = db
  }

  /**
   * Queues the sent copy of `id`, built from the message as it is when it leaves. A row
   * already queued for it is replaced by a new one (a new seq, no device done): a pass
   * sending the old row then finishes on a row that is gone, and the newer state still goes.
   * In the caller's transaction, if any.
   */
  addSent (owner: string, id: string, now: number): void {
    this.#db.statement("INSERT OR REPLACE INTO dm_device_sync (owner, kind, ref, created_at) VALUES (?, 'sent', ?, ?)").run(owner, id, now)
    this.#trim(owner)
  }

  /** Whether the sent copy of `id` is queued and no device took it yet (a pass neither sent nor dropped it). */
  queuedUnsent (owner: string, id: string): boolean {
    return this.#db.statement("SELECT 1 FROM dm_device_sync WHERE owner = ? AND ref = ? AND kind = 'sent' AND done = '[]'").get(owner, id) != null
  }

  /** Queues read-mark payloads. In the caller's transaction, if any. */
  addRead (owner: string, payloads: Uint8Array[], now: number): void {
    const insert = this.#db.statement("INSERT INTO dm_device_sync (owner, kind, payload, created_at) VALUES (?, 'read', ?, ?)")
    for (const payload of payloads) insert.run(owner, payload, now)
    this.#trim(owner)
  }

  /** The oldest `limit` rows of `owner`. */
  oldest (owner: string, limit: number): DeviceSyncRow[] {
    const rows = this.#db.statement('SELECT seq, kind, ref, payload, done FROM dm_device_sync WHERE owner = ? ORDER BY seq LIMIT ?').all(owner, limit) as Array<Omit<DeviceSyncRow, 'done'> & { done: string }>
    return rows.map((r) => ({ ...r, done: JSON.parse(r.done) as string[] }))
  }

  /** Records the devices that took row `seq` so far. */
  progress (seq: number, done: string[]): void {
    this.#db.statement('UPDATE dm_device_sync SET done = ? WHERE seq = ?').run(JSON.stringify(done), seq)
  }

  remove (seq: number): void {
    this.#db.statement('DELETE FROM dm_device_sync WHERE seq = ?').run(seq)
  }

  /** Drops every row of `owner` (no other device is left to take them); returns how many. */
  clear (owner: string): number {
    return Number(this.#db.statement('DELETE FROM dm_device_sync WHERE owner = ?').run(owner).changes)
  }

  count (owner: string): number {
    return (this.#db.statement('SELECT count(*) AS n FROM dm_device_sync WHERE owner = ?').get(owner) as { n: number }).n
  }

  /** The recipients' user keys of outgoing message `id`, for its sent copy. */
  recipientKeys (owner: string, id: string): Map<string, Uint8Array> {
    const rows = this.#db.statement('SELECT recipient, recipient_key FROM dm_recipients WHERE owner = ? AND id = ? AND recipient_key IS NOT NULL').all(owner, id) as Array<{ recipient: string, recipient_key: Uint8Array }>
    return new Map(rows.map((r) => [r.recipient, r.recipient_key]))
  }

  #trim (owner: string): void {
    const dropped = Number(this.#db.statement(`DELETE FROM dm_device_sync WHERE owner = ? AND seq <= (
      SELECT seq FROM dm_device_sync WHERE owner = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`).run(owner, owner, MAX_DEVICE_SYNC_ROWS).changes)
    if (dropped > 0) this.onDrop?.(owner, dropped)
  }
}
