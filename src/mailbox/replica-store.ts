import { createHash } from 'node:crypto'
import { DEFAULT_DEPOSITOR_QUOTA, DEFAULT_HOLDER_QUOTA, DEFAULT_MAILBOX_QUOTA, DEFAULT_STAMPED_FRACTION } from './constants.js'
import { CRATE_TTL_MS } from '../crate/index.js'
import type { ParleyDatabase } from '../store/index.js'

export type HoldResult = 'stored' | 'duplicate' | 'acked' | 'expired' | 'quota' | 'depositor-quota' | 'holder-full'

export interface Quota { bytes: number, crates: number }

export interface ReplicaStoreInit {
  /** per-mailbox quota (default 16 MiB and 20 000 crates) */
  quota?: Quota
  /** everything held for others, across mailboxes (default 512 MiB and 100 000 crates) */
  holderQuota?: Quota
  /** per depositor key in one mailbox (default stamped 1 MiB / 256 crates, granted 4 MiB / 5 000) */
  depositorQuota?: { stamped: Quota, granted: Quota }
  /** the part of each mailbox and of the holder quota stamped crates may fill, 0-1 (default 0.5) */
  stampedFraction?: number
  /** longest a crate is held after its deposit, ms (default 30 days) */
  ttlMs?: number
}

export interface HeldCrate {
  id: Uint8Array
  crate: Uint8Array
}

/** Who a crate counts against: its verified depositor key, and whether a grant admitted it. */
export interface Depositor {
  key: Uint8Array
  granted: boolean
}

function fits (usage: Quota, size: number, limit: Quota): boolean {
  return usage.crates + 1 <= limit.crates && usage.bytes + size <= limit.bytes
}

function scaled (limit: Quota, fraction: number): Quota {
  return { bytes: Math.floor(limit.bytes * fraction), crates: Math.floor(limit.crates * fraction) }
}

/**
 * The crates a holder keeps for other people's mailboxes, in SQLite, within quotas: per
 * depositor in a mailbox, per mailbox, and in total, stamped crates limited to a part of
 * each mailbox and of the total so granted ones always have room. Full means a new crate
 * is refused; a held crate is never dropped to make room. Acknowledged ids leave a
 * tombstone so an upkeep copy cannot bring them back.
 */
export class ReplicaStore {
  readonly #db: ParleyDatabase
  readonly #quota: Quota
  readonly #holderQuota: Quota
  readonly #depositorQuota: { stamped: Quota, granted: Quota }
  readonly #stampedFraction: number
  readonly #ttlMs: number
  /** usage across mailboxes (all, and stamped only), counted again after deletions */
  #totals?: { all: Quota, stamped: Quota }

  constructor (db: ParleyDatabase, init: ReplicaStoreInit = {}) {
    this.#db = db
    this.#quota = init.quota ?? DEFAULT_MAILBOX_QUOTA
    this.#holderQuota = init.holderQuota ?? DEFAULT_HOLDER_QUOTA
    this.#depositorQuota = init.depositorQuota ?? DEFAULT_DEPOSITOR_QUOTA
    this.#stampedFraction = init.stampedFraction ?? DEFAULT_STAMPED_FRACTION
    if (!(this.#stampedFraction >= 0 && this.#stampedFraction <= 1)) throw new RangeError(`stampedFraction ${this.#stampedFraction} is not between 0 and 1`)
    this.#ttlMs = init.ttlMs ?? CRATE_TTL_MS
  }

  /** Keeps one crate (already decoded, size-checked and admitted by the caller) within the quotas. */
  hold (mailbox: Uint8Array, id: Uint8Array, crate: Uint8Array, crateExpiresAt: number, now: number, depositor: Depositor): HoldResult {
    if (crateExpiresAt <= now) return 'expired'
    const d = this.#db.db
    const size = crate.byteLength
    return this.#db.transaction(() => {
      if (d.prepare('SELECT 1 FROM mailbox_crates WHERE mailbox = ? AND crate_id = ?').get(mailbox, id) != null) return 'duplicate'
      if (d.prepare('SELECT 1 FROM mailbox_tombstones WHERE mailbox = ? AND crate_id = ?').get(mailbox, id) != null) return 'acked'
      const totals = this.totals()
      if (!fits(totals.all, size, this.#holderQuota)) return 'holder-full'
      if (!depositor.granted && !fits(totals.stamped, size, scaled(this.#holderQuota, this.#stampedFraction))) return 'holder-full'
      if (!fits(this.usage(mailbox), size, this.#quota)) return 'quota'
      if (!depositor.granted && !fits(this.usage(mailbox, { stampedOnly: true }), size, scaled(this.#quota, this.#stampedFraction))) return 'quota'
      const own = this.#depositorQuota[depositor.granted ? 'granted' : 'stamped']
      if (!fits(this.depositorUsage(mailbox, depositor.key), size, own)) return 'depositor-quota'
      d.prepare('INSERT INTO mailbox_crates (mailbox, crate_id, crate, size, expires_at, stored_at, depositor, granted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(mailbox, id, crate, size, Math.min(crateExpiresAt, now + this.#ttlMs), now, depositor.key, depositor.granted ? 1 : 0)
      totals.all = { crates: totals.all.crates + 1, bytes: totals.all.bytes + size }
      if (!depositor.granted) totals.stamped = { crates: totals.stamped.crates + 1, bytes: totals.stamped.bytes + size }
      return 'stored'
    })
  }

  /** What one mailbox holds here (or only its stamped crates). */
  usage (mailbox: Uint8Array, options: { stampedOnly?: boolean } = {}): Quota {
    const sql = options.stampedOnly === true
      ? 'SELECT count(*) AS crates, coalesce(sum(size), 0) AS bytes FROM mailbox_crates WHERE mailbox = ? AND granted = 0'
      : 'SELECT count(*) AS crates, coalesce(sum(size), 0) AS bytes FROM mailbox_crates WHERE mailbox = ?'
    const row = this.#db.db.prepare(sql).get(mailbox) as { crates: number, bytes: number }
    return { crates: row.crates, bytes: row.bytes }
  }

  /** What one depositor key holds in one mailbox here. */
  depositorUsage (mailbox: Uint8Array, depositor: Uint8Array): Quota {
    const row = this.#db.db.prepare('SELECT count(*) AS crates, coalesce(sum(size), 0) AS bytes FROM mailbox_crates WHERE mailbox = ? AND depositor = ?').get(mailbox, depositor) as { crates: number, bytes: number }
    return { crates: row.crates, bytes: row.bytes }
  }

  /** What this holder keeps for others in all: every crate, and the stamped ones. */
  totals (): { all: Quota, stamped: Quota } {
    if (this.#totals == null) {
      const row = this.#db.db.prepare(`SELECT count(*) AS crates, coalesce(sum(size), 0) AS bytes,
        coalesce(sum(granted = 0), 0) AS stampedCrates, coalesce(sum(CASE WHEN granted = 0 THEN size ELSE 0 END), 0) AS stampedBytes FROM mailbox_crates`)
        .get() as { crates: number, bytes: number, stampedCrates: number, stampedBytes: number }
      this.#totals = { all: { crates: row.crates, bytes: row.bytes }, stamped: { crates: row.stampedCrates, bytes: row.stampedBytes } }
    }
    return this.#totals
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
      this.#totals = undefined
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
    this.#totals = undefined
  }

  /** Removes expired crates and tombstones; returns how many crates went. */
  sweep (now: number): number {
    const d = this.#db.db
    d.prepare('DELETE FROM mailbox_tombstones WHERE expires_at <= ?').run(now)
    this.#totals = undefined
    return Number(d.prepare('DELETE FROM mailbox_crates WHERE expires_at <= ?').run(now).changes)
  }

  count (): number {
    return (this.#db.db.prepare('SELECT count(*) AS n FROM mailbox_crates').get() as { n: number }).n
  }
}
