import type { ParleyDatabase } from '../store/index.js'

/** An account known to this node: its keystore lets the user log in here, offline too. */
export interface StoredAccount {
  username: string
  userKey: Uint8Array
  /** the signed keystore record */
  keystore: Uint8Array
  /**
   * the newest signed profile record we published; none while the registration has not
   * completed (saved before its claim went out; register or login completes it)
   */
  profile?: Uint8Array
  /** the signed name claim (accounts saved before it was kept have none until the next login) */
  claim?: Uint8Array
  createdAt: number
  lastLoginAt?: number
}

interface AccountRow {
  username: string
  user_key: Uint8Array
  keystore: Uint8Array
  profile: Uint8Array | null
  claim: Uint8Array | null
  created_at: number
  last_login_at: number | null
}

export class AccountStore {
  readonly #database: ParleyDatabase

  constructor (database: ParleyDatabase) {
    this.#database = database
  }

  get (username: string): StoredAccount | undefined {
    const row = this.#database.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined
    return row == null ? undefined : fromRow(row)
  }

  /** A node setting (the `settings` table), or undefined. */
  setting (key: string): string | undefined {
    return (this.#database.statement('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value
  }

  saveSetting (key: string, value: string): void {
    this.#database.statement('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
  }

  /** Every account known to this node, oldest first. */
  all (): StoredAccount[] {
    return (this.#database.db.prepare('SELECT * FROM accounts ORDER BY created_at, username').all() as unknown as AccountRow[]).map(fromRow)
  }

  /** Saves a new account; false when the name is held here already (nothing changed). */
  create (account: StoredAccount): boolean {
    const result = this.#database.db.prepare(`
      INSERT INTO accounts (username, user_key, keystore, profile, claim, created_at, last_login_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING
    `).run(account.username, account.userKey, account.keystore, account.profile ?? null, account.claim ?? null, account.createdAt, account.lastLoginAt ?? null)
    return Number(result.changes) === 1
  }

  /** Forgets a registration that never completed (its name went to someone else); a completed one is kept. */
  removePending (username: string, userKey: Uint8Array): void {
    this.#database.db.prepare('DELETE FROM accounts WHERE username = ? AND user_key = ? AND profile IS NULL').run(username, userKey)
  }

  save (account: StoredAccount): void {
    this.#database.db.prepare(`
      INSERT INTO accounts (username, user_key, keystore, profile, claim, created_at, last_login_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (username) DO UPDATE SET user_key = excluded.user_key, keystore = excluded.keystore,
        profile = excluded.profile, claim = excluded.claim, last_login_at = excluded.last_login_at
    `).run(account.username, account.userKey, account.keystore, account.profile ?? null, account.claim ?? null, account.createdAt, account.lastLoginAt ?? null)
  }
}

function fromRow (row: AccountRow): StoredAccount {
  return {
    username: row.username,
    userKey: new Uint8Array(row.user_key),
    keystore: new Uint8Array(row.keystore),
    profile: row.profile == null ? undefined : new Uint8Array(row.profile),
    claim: row.claim == null ? undefined : new Uint8Array(row.claim),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at ?? undefined
  }
}
