/**
 * What a backup carries: the user's keys and the rows of the tables that hold the user's
 * own state (docs/backup.md lists them and why). Each table's rows are picked with the
 * user's name, key or id; nothing held for the network (mailbox crates, DHT records, the
 * peer store) and no cache of strangers' feeds is copied. A restore writes them all in one
 * transaction, into the columns this program's schema has, or writes nothing.
 */
import { equals as equalBytes } from 'uint8arrays/equals'
import { BackupAccountExistsError, BackupConflictError, BackupCorruptError } from './errors.js'
import { userKeysFromSecrets } from '../identity/index.js'
import type { AccountService, Session, UserKeys } from '../identity/index.js'
import { InvalidInputError } from '../kernel/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** the version of the content's JSON layout (inside the file format's version) */
const CONTENT_FORMAT = 1

type Cell = number | string | null | Uint8Array

interface TableSpec {
  table: string
  /** the rows that are the user's: SQL over the parameters :username, :key, :userId */
  where: string
  /** columns left out, to be assigned again on restore (an autoincrement id) */
  omit?: string[]
  /**
   * rows other users of the node may hold too (a feed both follow): an existing row is
   * kept. Rows of the user's own are inserted plainly: a clash aborts the restore.
   */
  shared?: boolean
}

/** the user's own log, the logs of whom the user follows (the timeline), and who follows the user */
const ENTRIES = `author = :key OR target = :key
  OR author IN (SELECT target FROM feed_entries WHERE author = :key AND kind = 'follow')`
const OWN_GROUPS = 'group_id IN (SELECT id FROM groups WHERE owner = :userId)'

/** In restore order: a group before its log. */
export const BACKUP_TABLES: readonly TableSpec[] = [
  // keystore (password-sealed), profile, name claim
  { table: 'accounts', where: 'username = :username' },
  // follows, posts, the remote log's layout and pointer (feed settings), the timeline
  { table: 'feed_entries', where: ENTRIES, shared: true },
  { table: 'feed_authors', where: `user_key IN (SELECT author FROM feed_entries WHERE ${ENTRIES})`, shared: true },
  { table: 'feed_blocks', where: 'author = :key', shared: true },
  { table: 'feed_notifications', where: 'recipient = :key', omit: ['id'], shared: true },
  // direct messages, their states (delivery, read), and the admissions to keep sending
  { table: 'dm_messages', where: 'owner = :username' },
  { table: 'dm_conversations', where: 'owner = :username' },
  { table: 'dm_recipients', where: 'owner = :username' },
  { table: 'dm_admissions', where: 'owner = :username' },
  // groups: membership (the signed config), Raft state, committed log, unsent messages
  { table: 'groups', where: 'owner = :userId' },
  { table: 'group_log', where: OWN_GROUPS },
  { table: 'group_outbox', where: OWN_GROUPS }
]

export interface BackupContent {
  format: number
  /** the database schema version the rows were read under */
  schema: number
  createdAt: number
  username: string
  userId: string
  /** the secret keys (the keystore in `accounts` needs the password; the phrase alone restores) */
  keys: { signingSecret: Uint8Array, encryptionSecret: Uint8Array }
  tables: Record<string, { columns: string[], rows: Cell[][] }>
}

export interface BackupOwner { username: string, userId: string, keys: UserKeys }

function paramsFor (sql: string, values: Record<string, string | Uint8Array>): Record<string, string | Uint8Array> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => sql.includes(`:${name}`)))
}

function localColumns (database: ParleyDatabase, table: string): string[] {
  return (database.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name)
}

/** Reads the user's rows (one synchronous pass: nothing writes in between). */
export function collectBackup (database: ParleyDatabase, owner: BackupOwner, now: number): BackupContent {
  const values = { username: owner.username, key: owner.keys.userKey, userId: owner.userId }
  const tables: BackupContent['tables'] = {}
  for (const spec of BACKUP_TABLES) {
    const columns = localColumns(database, spec.table).filter((c) => spec.omit?.includes(c) !== true)
    const sql = `SELECT ${columns.join(', ')} FROM ${spec.table} WHERE ${spec.where}`
    const rows = database.statement(sql).all(paramsFor(sql, values)) as Array<Record<string, Cell>>
    tables[spec.table] = { columns, rows: rows.map((row) => columns.map((c) => row[c] ?? null)) }
  }
  return {
    format: CONTENT_FORMAT,
    schema: database.schemaVersion,
    createdAt: now,
    username: owner.username,
    userId: owner.userId,
    keys: { signingSecret: owner.keys.signingSecret, encryptionSecret: owner.keys.encryptionSecret },
    tables
  }
}

/** JSON with byte strings as `{ "$b": base64 }`. */
export function encodeContent (content: BackupContent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(content, (_key, value) =>
    value instanceof Uint8Array ? { $b: Buffer.from(value).toString('base64') } : value))
}

export function decodeContent (bytes: Uint8Array): BackupContent {
  let content: any
  try {
    content = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), (_key, value) =>
      value != null && typeof value === 'object' && typeof value.$b === 'string' ? new Uint8Array(Buffer.from(value.$b, 'base64')) : value)
  } catch (err) {
    throw new BackupCorruptError('the backup\'s content is not readable', { cause: err })
  }
  const bad = (why: string): never => { throw new BackupCorruptError(`the backup's content is malformed: ${why}`) }
  if (content == null || typeof content !== 'object') bad('not an object')
  if (content.format !== CONTENT_FORMAT) bad(`content format ${content.format} is unknown`)
  if (typeof content.username !== 'string' || typeof content.userId !== 'string' || !Number.isInteger(content.schema)) bad('no user')
  const { signingSecret, encryptionSecret } = content.keys ?? {}
  if (!(signingSecret instanceof Uint8Array) || signingSecret.length !== 32 || !(encryptionSecret instanceof Uint8Array) || encryptionSecret.length !== 32) bad('no keys')
  if (content.tables == null || typeof content.tables !== 'object') bad('no tables')
  for (const [name, table] of Object.entries<any>(content.tables)) {
    if (!Array.isArray(table?.columns) || !table.columns.every((c: unknown) => typeof c === 'string') || !Array.isArray(table.rows)) bad(`table ${name}`)
    for (const row of table.rows) {
      if (!Array.isArray(row) || row.length !== table.columns.length) bad(`a row of ${name}`)
      if (!row.every((v: unknown) => v === null || typeof v === 'number' || typeof v === 'string' || v instanceof Uint8Array)) bad(`a value in ${name}`)
    }
  }
  return content as BackupContent
}

/** The keys the backup's secrets make, checked against the account they come with. */
export function keysOf (content: BackupContent): UserKeys {
  const { signingSecret, encryptionSecret } = content.keys
  const keys = userKeysFromSecrets(signingSecret, encryptionSecret)
  const accounts = content.tables.accounts
  const at = (column: string): Cell | undefined => accounts?.rows[0]?.[accounts.columns.indexOf(column)]
  const userKey = at('user_key')
  if (accounts?.rows.length !== 1 || at('username') !== content.username || !(userKey instanceof Uint8Array) || !equalBytes(userKey, keys.userKey)) {
    throw new BackupCorruptError('the backup\'s keys do not match its account')
  }
  return keys
}

/**
 * Writes the backup's rows in one transaction: all of them, or none (a BackupAccountExistsError
 * when the account is here already, a BackupConflictError for a row that clashes with one held
 * here, a BackupCorruptError for columns this schema does not have).
 */
export function writeBackup (database: ParleyDatabase, content: BackupContent, userKey: Uint8Array): void {
  if (content.schema > database.schemaVersion) {
    throw new BackupCorruptError(`the backup was made by a newer Parley (database schema ${content.schema}, this one has ${database.schemaVersion}): upgrade first`)
  }
  const known = new Set(BACKUP_TABLES.map((t) => t.table))
  const unknown = Object.keys(content.tables).find((t) => !known.has(t))
  if (unknown != null) throw new BackupCorruptError(`the backup holds a table this Parley does not know: ${unknown}`)
  // the caches of the stores read again, whether or not the write below completes
  database.noteRewrite()
  database.transaction(() => {
    const existing = database.statement('SELECT username FROM accounts WHERE username = ? OR user_key = ?').get(content.username, userKey) as { username: string } | undefined
    if (existing != null) throw new BackupAccountExistsError(`the account "${existing.username}" is on this node already: restore to a node without it`)
    for (const spec of BACKUP_TABLES) {
      const table = content.tables[spec.table]
      if (table == null || table.rows.length === 0) continue
      const columns = new Set(localColumns(database, spec.table))
      const stray = table.columns.find((c) => !columns.has(c) || spec.omit?.includes(c) === true)
      if (stray != null) throw new BackupCorruptError(`the backup's ${spec.table} has a column this Parley does not know: ${stray}`)
      const insert = database.statement(`INSERT ${spec.shared === true ? 'OR IGNORE ' : ''}INTO ${spec.table} (${table.columns.join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`)
      for (const row of table.rows) {
        try {
          insert.run(...row)
        } catch (err: any) {
          // SQLITE_CONSTRAINT and its extended codes: a row this node holds already, or one the schema refuses
          if ((err?.errcode & 0xff) === 19) throw new BackupConflictError(`a row of the backup's ${spec.table} clashes with this node's data (${err.message}); nothing was restored`, { cause: err })
          throw err
        }
      }
    }
  })
}

export interface RestoreOptions extends AbortOptions {
  /** the account the content must be (a link: the user asked for, with its name claim's key) (default: any) */
  expect?: { username: string, userKey: Uint8Array }
  /** when another user is signed in here: 'refuse' (409 other_user_signed_in) or 'replace' (default 'refuse') */
  otherUser?: 'refuse' | 'replace'
  /** called as each step ends: the content decoded, its rows written, the user logged in (for a link's report) */
  onStep?: (step: 'decode' | 'write' | 'login') => void
}

/**
 * What a restore and a link both do with an account's encoded content: decode it, make the
 * keys from its secrets (checked against its account row, and against `expect`), check that
 * no other user is signed in here, write its rows in one transaction and log the user in
 * with the keys. Nothing is written unless every check passes.
 */
export async function restoreContent (node: { database: ParleyDatabase, accounts: AccountService }, bytes: Uint8Array, options: RestoreOptions = {}): Promise<{ session: Session, content: BackupContent }> {
  const content = decodeContent(bytes)
  options.onStep?.('decode')
  const keys = keysOf(content)
  const { expect } = options
  if (expect != null && (content.username !== expect.username || !equalBytes(keys.userKey, expect.userKey))) {
    throw new InvalidInputError('the device sent the state of another account')
  }
  node.accounts.checkOtherUser(content.username, options.otherUser)
  writeBackup(node.database, content, keys.userKey)
  options.onStep?.('write')
  const session = await node.accounts.loginWithKeys(content.username, keys, options)
  options.onStep?.('login')
  return { session, content }
}
