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
  /**
   * the last seq handed out per owner: seqs only grow while the node runs, so a pass that
   * finishes on a row replaced meanwhile never removes the row that replaced it (the newest
   * row's seq alone would be handed out again once that row was deleted)
   */
  readonly #lastSeq = new Map<string, number>()
  /** told how many of `owner`'s oldest rows the quota dropped (the service logs it) */
  onDrop?: (owner: string, dropped: number) => void

  constructor (db: ParleyDatabase) {
    this.#db = db
  }

  /**
   * Queues the sent copy of a new outgoing message `id` (none is queued for it yet), built
   * from the message as it is when it leaves; returns the row's seq. In the caller's
   * transaction, if any.
   */
  addNewSent (owner: string, id: string, now: number): number {
    const seq = this.#insert(owner, 'sent', id, null, now)
    this.#trim(owner, seq)
    return seq
  }

  /**
   * Queues the sent copy of `id` again: a row already queued for it is replaced by a new
   * one (a new seq, no device done), so a pass sending the old row then finishes on a row
   * that is gone, and the newer state still goes. In the caller's transaction, if any.
   */
  addSent (owner: string, id: string, now: number): number {
    // no index on ref: a scan of the account's queue, for a resumed send or a copy a pass took early
    this.#db.statement("DELETE FROM dm_device_sync WHERE owner = ? AND kind = 'sent' AND ref = ?").run(owner, id)
    const seq = this.#insert(owner, 'sent', id, null, now)
    this.#trim(owner, seq)
    return seq
  }

  /** Whether row `seq` (the sent copy queued with the message) is still queued and no device took it yet (a pass neither sent nor dropped it). */
  queuedUnsent (owner: string, seq: number): boolean {
    return this.#db.statement("SELECT 1 FROM dm_device_sync WHERE owner = ? AND seq = ? AND done = '[]'").get(owner, seq) != null
  }

  /** Queues read-mark payloads. In the caller's transaction, if any. */
  addRead (owner: string, payloads: Uint8Array[], now: number): void {
    let seq = 0
    for (const payload of payloads) seq = this.#insert(owner, 'read', null, payload, now)
    if (seq > 0) this.#trim(owner, seq)
  }

  /** The oldest `limit` rows of `owner`. */
  oldest (owner: string, limit: number): DeviceSyncRow[] {
    const rows = this.#db.statement('SELECT seq, kind, ref, payload, done FROM dm_device_sync WHERE owner = ? ORDER BY seq LIMIT ?').all(owner, limit) as Array<Omit<DeviceSyncRow, 'done'> & { done: string }>
    return rows.map((r) => ({ ...r, done: JSON.parse(r.done) as string[] }))
  }

  /** Records the devices that took row `seq` of `owner` so far. */
  progress (owner: string, seq: number, done: string[]): void {
    this.#db.statement('UPDATE dm_device_sync SET done = ? WHERE owner = ? AND seq = ?').run(JSON.stringify(done), owner, seq)
  }

  remove (owner: string, seq: number): void {
    this.#db.statement('DELETE FROM dm_device_sync WHERE owner = ? AND seq = ?').run(owner, seq)
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

  #insert (owner: string, kind: 'sent' | 'read', ref: string | null, payload: Uint8Array | null, now: number): number {
    // past the newest row (a seek to the end of the owner's rows) and past every seq handed out here
    const newest = (this.#db.statement('SELECT max(seq) AS last FROM dm_device_sync WHERE owner = ?').get(owner) as { last: number | null }).last ?? 0
    const seq = Math.max(newest, this.#lastSeq.get(owner) ?? 0) + 1
    this.#db.statement('INSERT INTO dm_device_sync (owner, seq, kind, ref, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(owner, seq, kind, ref, payload, now)
    this.#lastSeq.set(owner, seq)
    return seq
  }

  /** Drops `owner`'s oldest rows past MAX_DEVICE_SYNC_ROWS; `newest` is the seq just queued. */
  #trim (owner: string, newest: number): void {
    // seqs of one owner are distinct and rise: fewer than the quota apart, fewer rows than it
    const oldest = (this.#db.statement('SELECT seq FROM dm_device_sync WHERE owner = ? ORDER BY seq LIMIT 1').get(owner) as { seq: number }).seq
    if (newest - oldest < MAX_DEVICE_SYNC_ROWS) return
    const dropped = Number(this.#db.statement(`DELETE FROM dm_device_sync WHERE owner = ? AND seq <= (
      SELECT seq FROM dm_device_sync WHERE owner = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`).run(owner, owner, MAX_DEVICE_SYNC_ROWS).changes)
    if (dropped > 0) this.onDrop?.(owner, dropped)
  }
}
