import { BaseDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { NotFoundError } from '@libp2p/interface'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { Batch, Pair, Query, KeyQuery } from 'interface-datastore'

/**
 * Who an entry is held for: the peer whose request made this node store it and which kind
 * of entry that is. Entries without one are the node's own (its peer store, its own
 * records) and count against no quota.
 */
export interface HeldFor {
  peer: string
  kind: HeldKind
}

/** What a node stores on another peer's request: a DHT record or a provider record. */
export type HeldKind = 'record' | 'provider'

/** One entry of the datastore as its table holds it. */
export interface StoredEntry {
  value: Uint8Array
  heldFor?: HeldFor
  storedAt: number
}

/**
 * libp2p's datastore (interface-datastore) on the node's SQLite database, table
 * `net_datastore` (src/net/migration.ts): libp2p keeps its peer store there and kad-dht
 * the records and provider records the node holds, so both outlive a restart. No package
 * on npm puts a datastore on node:sqlite (datastore-level and datastore-fs need LevelDB or
 * a file per key); datastore-core's BaseDatastore supplies batches and query filtering.
 *
 * node:sqlite is synchronous: each call runs to completion before it returns, so a batch is
 * one transaction and no two writes interleave.
 */
export class SqliteDatastore extends BaseDatastore {
  protected readonly database: ParleyDatabase

  constructor (database: ParleyDatabase) {
    super()
    this.database = database
  }

  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    options?.signal?.throwIfAborted()
    this.store(key.toString(), value)
    return key
  }

  override async get (key: Key, options?: AbortOptions): Promise<Uint8Array> {
    options?.signal?.throwIfAborted()
    const entry = this.read(key.toString())
    if (entry == null) throw new NotFoundError(`no entry under ${key.toString()}`)
    return entry.value
  }

  override async has (key: Key, options?: AbortOptions): Promise<boolean> {
    options?.signal?.throwIfAborted()
    return this.database.statement('SELECT 1 FROM net_datastore WHERE key = ?').get(key.toString()) != null
  }

  override async delete (key: Key, options?: AbortOptions): Promise<void> {
    options?.signal?.throwIfAborted()
    this.remove(key.toString())
  }

  /** All puts and deletes of a batch in one transaction: a crash keeps all or none. */
  override batch (): Batch {
    const puts: Pair[] = []
    const deletes: Key[] = []
    return {
      put: (key, value) => { puts.push({ key, value }) },
      delete: (key) => { deletes.push(key) },
      commit: async (options) => {
        options?.signal?.throwIfAborted()
        this.database.transaction(() => {
          for (const { key, value } of puts) this.store(key.toString(), value)
          for (const key of deletes) this.remove(key.toString())
        })
        puts.length = 0
        deletes.length = 0
      }
    }
  }

  override async * _all (query: Query, options?: AbortOptions): AsyncGenerator<Pair> {
    for (const row of this.#rows('key, value', query.prefix)) {
      options?.signal?.throwIfAborted()
      yield { key: new Key(row.key as string, false), value: toBytes(row.value) }
    }
  }

  override async * _allKeys (query: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> {
    for (const row of this.#rows('key', query.prefix)) {
      options?.signal?.throwIfAborted()
      yield new Key(row.key as string, false)
    }
  }

  /** The entry under `key` with who it is held for, or undefined. */
  protected read (key: string): StoredEntry | undefined {
    const row = this.database.statement('SELECT value, held_for, kind, stored_at FROM net_datastore WHERE key = ?').get(key)
    if (row == null) return undefined
    const heldFor = row.held_for == null ? undefined : { peer: row.held_for as string, kind: row.kind as HeldKind }
    return { value: toBytes(row.value), heldFor, storedAt: Number(row.stored_at) }
  }

  /**
   * Stores `value` under `key` for a put or a batch; `sender` is the peer that asked for it,
   * when kad-dht names one. A subclass decides here what to accept and whom it is held for.
   */
  protected store (key: string, value: Uint8Array, _sender?: PeerId): void {
    this.write(key, value)
  }

  /**
   * Writes `value` under `key`. A new entry is held for `heldFor` (or is the node's own);
   * a replaced one keeps whom it was first held for (that peer's quota paid for the key).
   */
  protected write (key: string, value: Uint8Array, heldFor?: HeldFor): void {
    this.database.statement(`
      INSERT INTO net_datastore (key, value, held_for, kind, stored_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at
    `).run(key, value, heldFor?.peer ?? null, heldFor?.kind ?? null, Date.now())
  }

  /** Deletes the entry under `key`; returns whom it was held for, if anyone. */
  protected remove (key: string): HeldFor | undefined {
    const row = this.database.statement('DELETE FROM net_datastore WHERE key = ? RETURNING held_for, kind').get(key)
    return row?.held_for == null ? undefined : { peer: row.held_for as string, kind: row.kind as HeldKind }
  }

  /**
   * The rows under a key prefix, in key order, read in pages so a long query (the whole
   * peer store) neither holds one statement open across awaits nor loads every row at once.
   */
  * #rows (columns: string, prefix = ''): Generator<Record<string, unknown>> {
    // keys compare as TEXT (binary collation): every key starting with the prefix sorts at or
    // after it and before the prefix with its last character incremented
    const below = prefix === '' ? [] : [prefixEnd(prefix)]
    const page = (op: '>=' | '>', from: string): Array<Record<string, unknown>> => this.database
      .statement(`SELECT ${columns} FROM net_datastore WHERE key ${op} ?${below.length > 0 ? ' AND key < ?' : ''} ORDER BY key LIMIT ${PAGE_ROWS}`)
      .all(from, ...below)
    let rows = page('>=', prefix)
    for (;;) {
      yield * rows
      if (rows.length < PAGE_ROWS) return
      rows = page('>', rows[rows.length - 1].key as string)
    }
  }
}

/** Rows read per page of a query. */
const PAGE_ROWS = 500

/** The smallest string greater than every string starting with `prefix`. */
function prefixEnd (prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
}

function toBytes (value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer)
}
