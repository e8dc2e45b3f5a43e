import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { StatementSync } from 'node:sqlite'
import { storageFault } from './errors.js'
import { migrationPlan } from './migrations.js'
import type { Migration } from './migrations.js'
import type { Logger } from '../kernel/index.js'

export interface ParleyDatabaseInit {
  /** where storage faults of the background checkpoint are reported (default: none) */
  logger?: Logger
  /** how often the WAL is checkpointed into the database file, in ms (default 10 000) */
  checkpointIntervalMs?: number
}

/**
 * The node's one SQLite database: WAL journal, foreign keys on, the given migrations
 * applied on open (a database newer than them is refused). Every multi-row change goes
 * through `transaction`.
 */
export class ParleyDatabase {
  readonly db: DatabaseSync
  readonly #statements = new Map<string, StatementSync>()
  #rewrites = 0
  readonly #logger?: Logger
  #checkpointTimer?: NodeJS.Timeout
  /** the message of the storage fault the checkpoint last reported, until one succeeds again */
  #reportedFault?: string

  constructor (path: string, migrations: readonly Migration[], init: ParleyDatabaseInit = {}) {
    this.#logger = init.logger
    if (path !== ':memory:') protectFile(path)
    this.db = new DatabaseSync(path)
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;')
    this.#migrate(migrations)
    if (path !== ':memory:') {
      // SQLite's automatic checkpoint runs inside whichever commit fills the WAL and syncs
      // the file there, a multi-millisecond stall every few dozen writes; one passive
      // checkpoint every 10 s keeps the WAL bounded and rarely lands on a request's path
      this.db.exec('PRAGMA wal_autocheckpoint = 0')
      this.#checkpointTimer = setInterval(() => { this.#checkpoint() }, init.checkpointIntervalMs ?? 10_000)
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
  /**
   * How many times rows were written around the stores (a restore's or a link's copy of an
   * account): a store that keeps stored rows in memory compares it and reads again.
   */
  get rewrites (): number {
    return this.#rewrites
  }

  /** Says rows were written around the stores (see `rewrites`). */
  noteRewrite (): void {
    this.#rewrites++
  }

  statement (sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (statement == null) {
      statement = this.db.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  /**
   * Runs `fn` inside one transaction; any throw rolls everything back. A full disk or an
   * I/O error is thrown as a StorageFullError or StorageIoError (the SQLite error its
   * cause); other errors as they are.
   */
  transaction<T> (fn: () => T): T {
    try {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const result = fn()
        this.db.exec('COMMIT')
        return result
      } catch (err) {
        // SQLite rolls a transaction back by itself after SQLITE_FULL or an I/O error
        // (https://sqlite.org/lang_transaction.html); a ROLLBACK then would fail with
        // "no transaction is active" and hide the reason
        if (this.db.isTransaction) this.db.exec('ROLLBACK')
        throw err
      }
    } catch (err) {
      throw storageFault(err) ?? err
    }
  }

  /**
   * Frees what SQLite holds in memory that it can read back from the file: the page cache
   * (up to 2 MiB, SQLite's default `cache_size`) and the free lookaside slots (`PRAGMA
   * shrink_memory`). For a node gone idle (src/cli/memory.ts); the pages read next come
   * from the operating system's file cache.
   */
  releaseMemory (): void {
    if (this.db.isOpen) this.db.exec('PRAGMA shrink_memory')
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

  /**
   * Copies the WAL into the database file. Run from a timer, so a failure is reported
   * (once, until a checkpoint succeeds again) instead of thrown: a full disk must not end
   * the process, and the WAL keeps every committed change until the next checkpoint.
   */
  #checkpoint (): void {
    if (!this.db.isOpen) return
    try {
      this.db.exec('PRAGMA wal_checkpoint(PASSIVE)')
      if (this.#reportedFault != null) this.#logger?.warn('storage: WAL checkpoint succeeded again')
      this.#reportedFault = undefined
    } catch (err) {
      const reason = (storageFault(err) ?? err as Error).message
      if (reason !== this.#reportedFault) this.#logger?.error(`storage: WAL checkpoint failed, retrying every interval: ${reason}`)
      this.#reportedFault = reason
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
