import type { ParleyDatabase } from '../store/index.js'

/**
 * Per local account, the rows that may be in a state a background pass looks for (a
 * recipient still `sending`, an incoming message unread, a receipt owed): one scan of the
 * account's rows finds them the first time, then the store's writers add each row that
 * enters the state, and the pass drops those it finds out of it. A pass then reads the rows
 * in flight instead of the account's whole history, which the 30 s poll and every reload of
 * an open conversation did (50,000 messages each way: 31-80 ms each). A superset, never
 * less: a row is only dropped after it was read out of the state. Rows written around the
 * store (a restore, a link: ParleyDatabase.rewrites) make the next use scan again.
 * Holds the rows in the state, nothing else.
 */
export class Candidates<T> {
  readonly #db: ParleyDatabase
  readonly #scan: (owner: string) => Iterable<[string, T]>
  readonly #byOwner = new Map<string, Map<string, T>>()
  #rewrites: number

  /** `scan` lists an account's rows in the state, by a key unique among them */
  constructor (db: ParleyDatabase, scan: (owner: string) => Iterable<[string, T]>) {
    this.#db = db
    this.#scan = scan
    this.#rewrites = db.rewrites
  }

  /** The candidates of `owner` (live: delete what is found out of the state). */
  of (owner: string): Map<string, T> {
    if (this.#rewrites !== this.#db.rewrites) {
      this.#byOwner.clear()
      this.#rewrites = this.#db.rewrites
    }
    let rows = this.#byOwner.get(owner)
    if (rows == null) {
      rows = new Map(this.#scan(owner))
      this.#byOwner.set(owner, rows)
    }
    return rows
  }

  /** A row was read out of the state, after its change committed. */
  delete (owner: string, key: string): void {
    this.#byOwner.get(owner)?.delete(key)
  }

  /** A row entered the state (before the first scan, the scan will find it). */
  add (owner: string, key: string, value: T): void {
    this.#byOwner.get(owner)?.set(key, value)
  }
}
