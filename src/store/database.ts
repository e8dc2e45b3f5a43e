import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { StatementSync } from 'node:sqlite'
import { migrationPlan } from './migrations.js'
import type { Migration } from './migrations.js'

/** How often the WAL is checkpointed into the database file. */
const CHECKPOINT_INTERVAL_MS = 10_000

/**
 * The node's one SQLite database: WAL journal, foreign keys on, the given migrations
 * applied on open (a database newer than them is refused). Every multi-row change goes
 * through `transaction`.
 */
export class ParleyDatabase {
  readonly db: DatabaseSync
  readonly #statements = new Map<string, StatementSync>()
  #checkpointTimer?: NodeJS.Timeout

  constructor (path: string, migrations: readonly Migration[]) {
    if (path !== ':memory:') protectFile(path)
    this.db = new DatabaseSync(path)
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;')
    this.#migrate(migrations)
    if (path !== ':memory:') {
      // SQLite's automatic checkpoint runs inside whichever commit fills the WAL and syncs
      // the file there, a multi-millisecond stall every few dozen writes; one passive
      // checkpoint every 10 s keeps the WAL bounded and rarely lands on a request's path
      this.db.exec('PRAGMA wal_autocheckpoint = 0')
      this.#checkpointTimer = setInterval(() => {
        if (this.db.isOpen) this.db.exec('PRAGMA wal_checkpoint(PASSIVE)')
      }, CHECKPOINT_INTERVAL_MS)
      this.#checkpointTimer.unref()
    }
  }

  get schemaVersion (): number {
    return (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  }

  /**
   * The statement for a fixed piece of SQL, compiled on first use and kept: stores run the
   * same few statements for every message (pass only SQL without values spliced in).
   */
  statement (sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (statement == null) {
      statement = this.db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  /** Runs `fn` inside one transaction; any throw rolls everything back. */
  transaction<T> (fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (err) {
      this.db.exec('ROLLBACK')
      throw err
    }
  }

  close (): void {
    clearInterval(this.#checkpointTimer)
    if (this.db.isOpen) {
      try {
        this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      } catch {} // another connection may hold the WAL; SQLite checkpoints on its next open
      this.db.close()
    }
  }

  #migrate (migrations: readonly Migration[]): void {
    const plan = migrationPlan(migrations)
    const known = plan.at(-1)?.version ?? 0
    const current = this.schemaVersion
    if (current > known) {
      this.db.close()
      throw new Error(`the database has schema version ${current}, newer than this program's ${known}; run a newer Parley`)
    }
    for (const step of plan) {
      if (step.version <= this.schemaVersion) continue
      this.transaction(() => {
        for (const sql of step.sql) this.db.exec(sql)
        this.db.exec(`PRAGMA user_version = ${step.version}`)
      })
    }
  }
}

/**
 * The database holds the user's messages: its folder is made 0700 and the file 0600 (an
 * older one is narrowed to 0600), before SQLite opens it; SQLite gives its -wal and -shm
 * files the database file's permissions.
 */
function protectFile (path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  closeSync(openSync(path, 'a', 0o600))
  chmodSync(path, 0o600)
}
