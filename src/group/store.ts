import type { GroupEntry, GroupState } from './core/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { StatementSync } from 'node:sqlite'

/** What core steps changed since the last write (see GroupRuntime.persist). */
export interface PersistChanges {
  /** the state whose scalars changed, or null */
  scalars: GroupState | null
  log: readonly GroupEntry[]
  /** the log changed from this index on (Infinity: not at all) */
  logFrom: number
  /** log length in storage before this write */
  storedLength: number
  /** own entries sent since the last write */
  outboxAdd: GroupEntry[]
  /** the outbox now starts at this seq (null: unchanged) */
  outboxDropBelow: number | null
  /** a newer signed config that a membership change in the log brought */
  config: Uint8Array | null
}

export interface GroupRow {
  id: string
  owner: string
  config: Uint8Array
  preferred: Uint8Array | null
  term: number
  votedFor: string | null
  logTerm: number
  commitIndex: number
  lastSeq: number
  createdAt: number
}

/**
 * Each member's copy of its groups in SQLite: the signed config and preferred list, the
 * core's persistent state and the log. `persistStep` writes what one core step changed,
 * in one transaction, before the step's outputs go out.
 */
export class GroupStore {
  readonly #db: ParleyDatabase
  readonly #stmts: Record<string, StatementSync>

  constructor (db: ParleyDatabase) {
    this.#db = db
    const p = (sql: string): StatementSync => db.db.prepare(sql)
    this.#stmts = {
      insert: p('INSERT INTO groups (id, owner, config, created_at) VALUES (?, ?, ?, ?)'),
      config: p('UPDATE groups SET config = ? WHERE id = ?'),
      preferred: p('UPDATE groups SET preferred = ? WHERE id = ?'),
      get: p('SELECT * FROM groups WHERE id = ?'),
      list: p('SELECT * FROM groups WHERE owner = ? ORDER BY created_at'),
      scalars: p('UPDATE groups SET term = ?, voted_for = ?, log_term = ?, commit_index = ?, last_seq = ? WHERE id = ?'),
      cut: p('DELETE FROM group_log WHERE group_id = ? AND position > ?'),
      append: p('INSERT INTO group_log (group_id, position, id, sender, seq, body, config) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      log: p('SELECT id, sender, seq, body, config FROM group_log WHERE group_id = ? ORDER BY position'),
      outbox: p('SELECT id, seq, body, config FROM group_outbox WHERE group_id = ? AND seq > 0 ORDER BY seq'),
      forwards: p('SELECT id, seq, body FROM group_outbox WHERE group_id = ? AND seq < 0 ORDER BY seq DESC'),
      forwardAdd: p('INSERT INTO group_outbox (group_id, seq, id, body) VALUES (?, (SELECT MIN(0, COALESCE(MIN(seq), 0)) - 1 FROM group_outbox WHERE group_id = ?), ?, ?)'),
      forwardDrop: p('DELETE FROM group_outbox WHERE group_id = ? AND seq < 0 AND id = ?'),
      coreOutboxDrop: p('DELETE FROM group_outbox WHERE group_id = ? AND seq > 0'),
      commitIndex: p('UPDATE groups SET commit_index = ? WHERE id = ?'),
      outboxAdd: p('INSERT OR IGNORE INTO group_outbox (group_id, seq, id, body, config) VALUES (?, ?, ?, ?, ?)'),
      outboxDrop: p('DELETE FROM group_outbox WHERE group_id = ? AND seq > 0 AND seq < ?')
    }
  }

  insertGroup (id: string, owner: string, config: Uint8Array, createdAt: number): void {
    this.#stmts.insert.run(id, owner, config, createdAt)
  }

  updateConfig (id: string, config: Uint8Array): void {
    this.#stmts.config.run(config, id)
  }

  setPreferred (id: string, preferred: Uint8Array): void {
    this.#stmts.preferred.run(preferred, id)
  }

  get (id: string): GroupRow | undefined {
    const row = this.#stmts.get.get(id)
    return row == null ? undefined : toRow(row)
  }

  list (owner: string): GroupRow[] {
    return this.#stmts.list.all(owner).map(toRow)
  }

  log (id: string): GroupEntry[] {
    return this.#stmts.log.all(id).map((r: any) => toEntry(r, r.sender))
  }

  outbox (id: string, self: string): GroupEntry[] {
    return this.#stmts.outbox.all(id).map((r: any) => toEntry(r, self))
  }

  // ---- a companion's copy (a group whose device is another of the account's) ----------

  /** A companion's committed entries from position `after` + 1 on, and its commit index, in one transaction. */
  appendCommitted (id: string, after: number, entries: readonly GroupEntry[], config: Uint8Array | null): void {
    this.#db.transaction(() => {
      const s = this.#stmts
      s.cut.run(id, after)
      entries.forEach((e, i) => s.append.run(id, after + i + 1, e.id, e.sender, e.seq, e.body, configText(e)))
      s.commitIndex.run(after + entries.length, id)
      if (config != null) s.config.run(config, id)
    })
  }

  /**
   * A group copied here (link, restore) whose device is another: what it held beyond the
   * commit index and its outbox are the group device's, which still has them.
   */
  becomeCompanion (id: string, commitIndex: number): void {
    this.#db.transaction(() => {
      this.#stmts.cut.run(id, commitIndex)
      this.#stmts.coreOutboxDrop.run(id)
    })
  }

  /** A companion's own sends waiting for their commit, oldest first (outbox rows with seq < 0). */
  forwards (id: string): Array<{ id: string, text: string, timestamp: number }> {
    return this.#stmts.forwards.all(id).map((r: any) => ({ id: r.id, ...JSON.parse(Buffer.from(toBytes(r.body)).toString('utf8')) }))
  }

  addForward (id: string, forward: { id: string, text: string, timestamp: number }): void {
    this.#stmts.forwardAdd.run(id, id, forward.id, Buffer.from(JSON.stringify({ text: forward.text, timestamp: forward.timestamp })))
  }

  dropForward (id: string, entryId: string): void {
    this.#stmts.forwardDrop.run(id, entryId)
  }

  /** Writes what core steps changed, in one transaction: scalars, the log from `logFrom` on, the outbox. */
  persist (id: string, changes: PersistChanges): void {
    this.#db.transaction(() => {
      const s = this.#stmts
      const state = changes.scalars
      if (state != null) s.scalars.run(state.term, state.votedFor, state.logTerm, state.commitIndex, state.lastSeq, id)
      if (changes.logFrom < Infinity) {
        if (changes.logFrom < changes.storedLength) s.cut.run(id, changes.logFrom)
        for (let i = changes.logFrom; i < changes.log.length; i++) {
          const e = changes.log[i]
          s.append.run(id, i + 1, e.id, e.sender, e.seq, e.body, configText(e))
        }
      }
      for (const e of changes.outboxAdd) s.outboxAdd.run(id, e.seq, e.id, e.body, configText(e))
      if (changes.outboxDropBelow != null) s.outboxDrop.run(id, changes.outboxDropBelow)
      if (changes.config != null) s.config.run(changes.config, id)
    })
  }
}

function configText (e: GroupEntry): string | null {
  return e.config == null ? null : JSON.stringify(e.config)
}

function toEntry (r: any, sender: string): GroupEntry {
  const entry: GroupEntry = { id: r.id, sender, seq: Number(r.seq), body: toBytes(r.body) }
  if (r.config != null) entry.config = JSON.parse(r.config)
  return entry
}

function toBytes (value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer)
}

function toRow (r: any): GroupRow {
  return {
    id: r.id,
    owner: r.owner,
    config: toBytes(r.config),
    preferred: r.preferred == null ? null : toBytes(r.preferred),
    term: Number(r.term),
    votedFor: r.voted_for ?? null,
    logTerm: Number(r.log_term),
    commitIndex: Number(r.commit_index),
    lastSeq: Number(r.last_seq),
    createdAt: Number(r.created_at)
  }
}
