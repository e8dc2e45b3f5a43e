import { createHash } from 'node:crypto'
import { DEFAULT_MAILBOX_QUOTA } from './constants.js'
import { CRATE_TTL_MS } from '../crate/index.js'
import type { ParleyDatabase } from '../store/index.js'

export type HoldResult = 'stored' | 'duplicate' | 'acked' | 'expired' | 'quota'

export interface ReplicaStoreInit {
  /** per-mailbox quota (default 16 MiB and 20 000 crates) */
  quota?: { bytes: number, crates: number }
  /** longest a crate is held after its deposit, ms (default 30 days) */
  ttlMs?: number
}

export interface HeldCrate {
  id: Uint8Array
  crate: Uint8Array
}

/**
 * The crates a holder keeps for other people's mailboxes, in SQLite. A full mailbox
 * refuses new crates; it never drops held ones to make room. Acknowledged ids leave a
 * tombstone so an upkeep copy cannot bring them back.
 */
export class ReplicaStore {
  readonly #db: ParleyDatabase
  readonly #quota: { bytes: number, crates: number }
  readonly #ttlMs: number

  constructor (db: ParleyDatabase, init: ReplicaStoreInit = {}) {
    this.#db = db
    this.#quota = init.quota ?? DEFAULT_MAILBOX_QUOTA
    this.#ttlMs = init.ttlMs ?? CRATE_TTL_MS
  }

  /** Keeps one crate (already decoded and size-checked by the caller). */
  hold (mailbox: Uint8Array, id: Uint8Array, crate: Uint8Array, crateExpiresAt: number, now: number): HoldResult {
    if (crateExpiresAt <= now) return 'expired'
    const d = this.#db.db
    return this.#db.transaction(() => {
      if (d.prepare('SELECT 1 FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?').get(mailbox, id) != null) return 'duplicate'
      if (d.prepare('SELECT 1 FROM mailbox_tombstones WHERE mailbox = ? AND crate_id = ?').get(mailbox, id) != null) return 'acked'
      const usage = this.usage(mailbox)
      if (usage.crates + 1 > this.#quota.crates || usage.bytes + crate.byteLength > this.#quota.bytes) return 'quota'
      d.prepare('INSERT INTO mailbox_crates (mailbox, crate_id, crate, size, expires_at, stored_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(mailbox, id, crate, crate.byteLength, Math.min(crateExpiresAt, now + this.#ttlMs), now)
      return 'stored'
    })
  }

  usage (mailbox: Uint8Array): { bytes: number, crates: number } {
    const row = this.#db.db.prepare('SELECT count(*) AS crates, coalesce(sum(size), 0) AS bytes FROM mailbox_crates WHERE mailbox = ?').get(mailbox) as { crates: number, bytes: number }
    return { crates: row.crates, bytes: row.bytes }
  }

  /** Oldest first, up to `maxBytes` (at least one crate), skipping expired ones. */
  page (mailbox: Uint8Array, now: number, maxCrates: number, maxBytes: number): { crates: HeldCrate[], more: boolean } {
    const rows = this.#db.db.prepare('SELECT crate_id, crate, size FROM mailbox_crates WHERE mailbox = ? AND expires_at > ? ORDER BY stored_at, rowid LIMIT ?')
      .all(mailbox, now, maxCrates + 1) as Array<{ crate_id: Uint8Array, crate: Uint8Array, size: number }>
    const crates: HeldCrate[] = []
    let bytes = 0
    for (const row of rows) {
      if (crates.length === maxCrates || (crates.length > 0 && bytes + row.size > maxBytes)) return { crates, more: true }
      crates.push({ id: row.crate_id, crate: row.crate })
      bytes += row.size
    }
    return { crates, more: false }
  }

  /** Ids of held, unexpired crates with the SHA-256 of each, oldest first, from `offset`, at most `limit`. */
  ids (mailbox: Uint8Array, now: number, offset: number, limit: number): { ids: Uint8Array[], digests: Uint8Array[], more: boolean } {
    const rows = this.#db.db.prepare('SELECT crate_id, crate FROM mailbox_crates WHERE mailbox = ? AND expires_at > ? ORDER BY stored_at, rowid LIMIT ? OFFSET ?')
      .all(mailbox, now, limit + 1, offset) as Array<{ crate_id: Uint8Array, crate: Uint8Array }>
    const page = rows.slice(0, limit)
    return { ids: page.map((r) => r.crate_id), digests: page.map((r) => new Uint8Array(createHash('sha256').update(r.crate).digest())), more: rows.length > limit }
  }

  /** For each of `ids`, the held unexpired crate, or none. */
  cratesOrMissing (mailbox: Uint8Array, ids: Uint8Array[], now: number): Array<{ id: Uint8Array, crate?: Uint8Array }> {
    const get = this.#db.db.prepare('SELECT crate FROM mailbox_crates WHERE mailbox = ? AND crate_id = ? AND expires_at > ?')
    return ids.map((id) => ({ id, crate: (get.get(mailbox, id, now) as { crate: Uint8Array } | undefined)?.crate }))
  }

  /** Deletes acknowledged crates and remembers their ids until they would have expired. */
  acknowledge (mailbox: Uint8Array, ids: Uint8Array[], now: number): number {
    const d = this.#db.db
    const expiry = d.prepare('SELECT expires_at FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?')
    const remove = d.prepare('DELETE FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?')
    const tombstone = d.prepare('INSERT OR REPLACE INTO mailbox_tombstones (mailbox, crate_id, expires_at) VALUES (?, ?, ?)')
    return this.#db.transaction(() => {
      let deleted = 0
      for (const id of ids) {
        const row = expiry.get(mailbox, id) as { expires_at: number } | undefined
        tombstone.run(mailbox, id, row?.expires_at ?? now + this.#ttlMs)
        deleted += Number(remove.run(mailbox, id).changes)
      }
      return deleted
    })
  }

  /** Which of `ids` this holder neither holds nor has seen acknowledged. */
  missing (mailbox: Uint8Array, ids: Uint8Array[]): Uint8Array[] {
    const held = this.#db.db.prepare(`SELECT 1 FROM mailbox_crates WHERE mailbox = ?1 AND crate_id = ?2
      UNION ALL SELECT 1 FROM mailbox_tombstones WHERE mailbox = ?1 AND crate_id = ?2`)
    return ids.filter((id) => held.get(mailbox, id) == null)
  }

  /** Every mailbox held, with the ids held in it (for upkeep). */
  holdings (now: number): Map<string, { mailbox: Uint8Array, ids: Uint8Array[] }> {
    const out = new Map<string, { mailbox: Uint8Array, ids: Uint8Array[] }>()
    const rows = this.#db.db.prepare('SELECT mailbox, crate_id FROM mailbox_crates WHERE expires_at > ? ORDER BY mailbox, stored_at').all(now) as Array<{ mailbox: Uint8Array, crate_id: Uint8Array }>
    for (const row of rows) {
      const key = Buffer.from(row.mailbox).toString('hex')
      let entry = out.get(key)
      if (entry == null) {
        entry = { mailbox: row.mailbox, ids: [] }
        out.set(key, entry)
      }
      entry.ids.push(row.crate_id)
    }
    return out
  }

  /** The held crates of a mailbox among `ids`. */
  crates (mailbox: Uint8Array, ids: Uint8Array[]): HeldCrate[] {
    const get = this.#db.db.prepare('SELECT crate FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?')
    return ids.flatMap((id) => {
      const row = get.get(mailbox, id) as { crate: Uint8Array } | undefined
      return row == null ? [] : [{ id, crate: row.crate }]
    })
  }

  /** Drops crates this holder handed off (K others hold them). */
  drop (mailbox: Uint8Array, ids: Uint8Array[]): void {
    const remove = this.#db.db.prepare('DELETE FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?')
    this.#db.transaction(() => { for (const id of ids) remove.run(mailbox, id) })
  }

  /** Removes expired crates and tombstones; returns how many crates went. */
  sweep (now: number): number {
    const d = this.#db.db
    d.prepare('DELETE FROM mailbox_tombstones WHERE expires_at <= ?').run(now)
    return Number(d.prepare('DELETE FROM mailbox_crates WHERE expires_at <= ?').run(now).changes)
  }

  count (): number {
    return (this.#db.db.prepare('SELECT count(*) AS n FROM mailbox_crates').get() as { n: number }).n
  }
}
