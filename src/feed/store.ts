import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { equals as equalBytes } from 'uint8arrays/equals'
import { checkLink } from './entry.js'
import { EntryKind } from './wire.js'
import { bytesKey } from '../kernel/index.js'
import type { ChainPosition, VerifiedEntry } from './entry.js'
import type { FeedMode } from './constants.js'
import type { ParleyDatabase } from '../store/index.js'

/** One stored entry as the timeline and API see it. */
export interface StoredEntry {
  author: Uint8Array
  /** the device chain the entry belongs to ('' for the account's first chain) */
  device: string
  seq: number
  cid: CID
  wall: number
  counter: number
  kind: 'post' | 'follow' | 'unfollow'
  text: string | null
  target: Uint8Array | null
  targetName: string | null
  bytes: Uint8Array
}

export interface Notification {
  id: number
  kind: 'follow' | 'unfollow'
  fromKey: Uint8Array
  fromName: string | null
  at: number
}

const KIND_NAMES: Record<EntryKind, StoredEntry['kind']> = {
  [EntryKind.POST]: 'post',
  [EntryKind.FOLLOW]: 'follow',
  [EntryKind.UNFOLLOW]: 'unfollow'
}

function toStored (row: any): StoredEntry {
  return {
    author: row.author,
    device: row.device,
    seq: row.seq,
    cid: CID.decode(row.cid),
    wall: row.wall,
    counter: row.counter,
    kind: row.kind,
    text: row.text,
    target: row.target,
    targetName: row.target_name,
    bytes: row.bytes
  }
}

/** A verified entry as the store holds it: what reading it back after `appendNew` answers. */
export function storedEntryOf (e: VerifiedEntry): StoredEntry {
  return {
    author: e.entry.author,
    device: e.entry.device,
    seq: Number(e.entry.seq),
    cid: e.cid,
    wall: e.timestamp.wall,
    counter: e.timestamp.counter,
    kind: KIND_NAMES[e.entry.kind],
    text: e.text ?? null,
    target: e.target?.userKey ?? null,
    targetName: e.target?.username ?? null,
    bytes: e.bytes
  }
}

/** How many chain heads FeedStore keeps in memory (the oldest remembered goes first). */
const MAX_CACHED_HEADS = 4_096

/** How many usernames FeedStore keeps in memory (the oldest remembered goes first). */
const MAX_CACHED_USERNAMES = 4_096

function chainKey (author: Uint8Array, device: string): string {
  return `${bytesKey(author)}\0${device}`
}

const ENTRY_COLUMNS = 'author, device, seq, cid, wall, counter, kind, text, target, target_name, bytes'

/**
 * `columns` of the follows and unfollows naming the target (the one parameter), each with
 * r = 1 on its author's newest (by HLC timestamp across the author's device chains, ties
 * by CID): whether the author follows the target now.
 */
function newestNaming (columns: string): string {
  return `SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY author ORDER BY wall DESC, counter DESC, cid DESC) AS r FROM feed_entries WHERE target = ?`
}

/**
 * The head of each chain of author ?1, every step a seek in the primary key (author,
 * device, seq): the first device, then the next after each, then that chain's largest seq
 * (CROSS JOIN keeps that order: joined the other way SQLite built a temporary index over
 * all the author's entries on every call).
 */
export const CHAIN_HEADS_SQL = `WITH RECURSIVE chains(device) AS (
    SELECT (SELECT device FROM feed_entries WHERE author = ?1 ORDER BY device LIMIT 1)
    UNION ALL
    SELECT (SELECT device FROM feed_entries WHERE author = ?1 AND device > chains.device ORDER BY device LIMIT 1) FROM chains WHERE chains.device IS NOT NULL
  )
  SELECT e.device, e.seq, e.cid FROM chains CROSS JOIN feed_entries e ON e.author = ?1 AND e.device = chains.device
    AND e.seq = (SELECT seq FROM feed_entries WHERE author = ?1 AND device = chains.device ORDER BY seq DESC LIMIT 1)
  ORDER BY e.device`

/**
 * The node's feed storage: own logs (never expire) and cached logs of others (expire after
 * the retention time unless pinned), remote-log blocks, known authors and notifications.
 * An author's feed is one chain per device of the account (docs/protocols/feed.md); per
 * chain, stored entries always end in an unbroken run: an entry is appended only when it
 * links to the newest one held of its chain. Readers merge the chains by HLC timestamp.
 */
export class FeedStore {
  readonly #db: ParleyDatabase
  #followsVersion = 0
  /**
   * Chain heads as stored (null: none), by author and device (chainKey): every post read
   * its chain's head twice over, at its sender to sign the next entry and at a follower to
   * place a gossiped one (35 and 28 µs a post, path-profile post). Set by `head` and by
   * each committed append, cleared by `expire`, by a failed append and when rows were
   * written around the store (a restore or a link: ParleyDatabase.rewrites).
   */
  readonly #heads = new Map<string, ChainPosition | null>()
  /**
   * Usernames known, by user key (latin1): asked for every post shown, the author's name
   * in its view at the sender and in the follower's event (11 and 15 µs a post,
   * path-profile post). Only names found are kept: `rememberAuthor` is the one writer of a
   * name, besides a restore or a link, after which the store reads again.
   */
  readonly #usernames = new Map<string, string>()
  /** ParleyDatabase.rewrites when the caches above were last known to match the rows */
  #seenRewrites = 0
  constructor (db: ParleyDatabase) {
    this.#db = db
  }

  /**
   * Changes whenever what `following` answers may have changed: a follow or unfollow entry
   * stored, entries expired. Lets a reader keep `following` between changes.
   */
  get followsVersion (): number {
    return this.#followsVersion
  }

  /** Seq and CID of the newest entry held of `author`'s chain `device` ('' : the account's first chain). */
  head (author: Uint8Array, device = ''): ChainPosition | undefined {
    this.#forgetIfRewritten()
    const key = chainKey(author, device)
    const cached = this.#heads.get(key)
    if (cached !== undefined) return cached ?? undefined
    const row = this.#db.statement('SELECT seq, cid FROM feed_entries WHERE author = ? AND device = ? ORDER BY seq DESC LIMIT 1').get(author, device) as any
    const head = row == null ? undefined : { seq: BigInt(row.seq), cid: CID.decode(row.cid) }
    this.#rememberHead(key, head)
    return head
  }

  #rememberHead (key: string, head: ChainPosition | undefined): void {
    // bounded: the chains of the authors followed and watched, and of strangers' syncs
    if (this.#heads.size >= MAX_CACHED_HEADS && !this.#heads.has(key)) this.#heads.delete(this.#heads.keys().next().value!)
    this.#heads.set(key, head ?? null)
  }

  /**
   * The head of every chain held of `author`, by device (CHAIN_HEADS_SQL: seeks, not a
   * read of every entry of the author, which a follower paid on each gossiped post).
   */
  heads (author: Uint8Array): Array<ChainPosition & { device: string }> {
    return (this.#db.statement(CHAIN_HEADS_SQL).all(author) as any[])
      .map((r) => ({ device: r.device, seq: BigInt(r.seq), cid: CID.decode(r.cid) }))
  }

  /** How many entries the chains of `author` held here add up to (the remote-log pointer's sequence number). */
  totalSeq (author: Uint8Array): bigint {
    return this.heads(author).reduce((sum, h) => sum + h.seq, 0n)
  }

  /**
   * Appends entries of one author, each chain's oldest first, each linking to the one
   * before of its chain (the first to the stored head). Entries already held are skipped.
   * Throws InvalidEntryError (and stores nothing) when a chain breaks. Returns the entries
   * newly stored. `known`: the head of one chain as the caller read it in this same turn
   * (no await since), not read again (default none).
   */
  appendNew (entries: VerifiedEntry[], now: number, pinned = false, known?: { device: string, head: ChainPosition | undefined }): VerifiedEntry[] {
    if (entries.length === 0) return []
    const author = entries[0].entry.author
    const heads = new Map<string, ChainPosition | undefined>()
    let added: VerifiedEntry[]
    try {
      added = this.#appendNew(author, entries, now, pinned, known, heads)
    } catch (err) {
      for (const e of entries) this.#heads.delete(chainKey(author, e.entry.device))
      if (known != null) this.#heads.delete(chainKey(author, known.device))
      throw err
    }
    // committed: the heads the appends left are what is stored now
    for (const e of added) this.#rememberHead(chainKey(author, e.entry.device), heads.get(e.entry.device))
    return added
  }

  #appendNew (author: Uint8Array, entries: VerifiedEntry[], now: number, pinned: boolean, known: { device: string, head: ChainPosition | undefined } | undefined, heads: Map<string, ChainPosition | undefined>): VerifiedEntry[] {
    return this.#db.transaction(() => {
      if (known != null) heads.set(known.device, known.head)
      const added: VerifiedEntry[] = []
      const insert = this.#db.statement(`INSERT INTO feed_entries (${ENTRY_COLUMNS}, fetched_at, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      for (const e of entries) {
        if (!equalBytes(e.entry.author, author)) throw new TypeError('append takes entries of one author')
        const device = e.entry.device
        const head = heads.has(device) ? heads.get(device) : this.head(author, device)
        if (head != null && e.entry.seq <= head.seq) continue
        checkLink(head, e)
        const kind = KIND_NAMES[e.entry.kind]
        if (e.target != null) this.#followsVersion++
        insert.run(author, device, Number(e.entry.seq), e.cid.bytes, e.timestamp.wall, e.timestamp.counter, kind,
          e.text ?? null, e.target?.userKey ?? null, e.target?.username ?? null, e.bytes, now, pinned ? 1 : 0)
        heads.set(device, { seq: e.entry.seq, cid: e.cid })
        added.push(e)
      }
      return added
    })
  }

  /** `appendNew`, answering how many entries were stored. */
  append (entries: VerifiedEntry[], now: number, pinned = false, known?: { device: string, head: ChainPosition | undefined }): number {
    return this.appendNew(entries, now, pinned, known).length
  }

  /**
   * Entries of `author`'s chain `device` with seq > afterSeq, oldest first; without
   * `device`, of every chain (each after `afterSeq`), chain after chain.
   */
  log (author: Uint8Array, afterSeq = 0, limit = 1_000_000, device?: string): StoredEntry[] {
    if (device == null) {
      return (this.#db.statement(`SELECT ${ENTRY_COLUMNS} FROM feed_entries WHERE author = ? AND seq > ? ORDER BY device, seq LIMIT ?`)
        .all(author, afterSeq, limit) as any[]).map(toStored)
    }
    return (this.#db.statement(`SELECT ${ENTRY_COLUMNS} FROM feed_entries WHERE author = ? AND device = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .all(author, device, afterSeq, limit) as any[]).map(toStored)
  }

  /**
   * Entries of every chain of `author`, each chain after its seq in `after` (default 0),
   * chain by chain, oldest first, at most `limit` (default: all).
   */
  logs (author: Uint8Array, after: Map<string, bigint>, limit = 1_000_000): StoredEntry[] {
    const out: StoredEntry[] = []
    for (const head of this.heads(author)) {
      if (out.length >= limit) break
      const from = after.get(head.device) ?? 0n
      // a chain with nothing after `from` costs no query
      if (head.seq > from) out.push(...this.log(author, Number(from), limit - out.length, head.device))
    }
    return out
  }

  entryByCid (cid: CID): StoredEntry | undefined {
    const row = this.#db.statement(`SELECT ${ENTRY_COLUMNS} FROM feed_entries WHERE cid = ?`).get(cid.bytes)
    return row == null ? undefined : toStored(row)
  }

  /** Posts by any of `authors`, newest first by HLC; `before` is the id of the last post of the previous page. */
  posts (authors: Uint8Array[], limit: number, before?: CID): StoredEntry[] {
    if (authors.length === 0) return []
    const inList = authors.map(() => '?').join(', ')
    let cursor = ''
    const args: any[] = [...authors]
    if (before != null) {
      const at = this.#db.statement('SELECT wall, counter, cid FROM feed_entries WHERE cid = ?').get(before.bytes) as any
      if (at == null) return []
      cursor = 'AND (wall, counter, cid) < (?, ?, ?)'
      args.push(at.wall, at.counter, at.cid)
    }
    args.push(limit)
    return (this.#db.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM feed_entries WHERE kind = 'post' AND author IN (${inList}) ${cursor}
      ORDER BY wall DESC, counter DESC, cid DESC LIMIT ?`).all(...args) as any[]).map(toStored)
  }

  /**
   * Whom `user` follows now: the newest follow/unfollow entry per target in its feed, by
   * HLC timestamp across the account's device chains (ties by CID).
   */
  following (user: Uint8Array): Array<{ userKey: Uint8Array, username: string | null }> {
    const rows = this.#db.statement(`SELECT target, target_name, kind FROM (SELECT target, target_name, kind, wall, counter, cid,
      ROW_NUMBER() OVER (PARTITION BY target ORDER BY wall DESC, counter DESC, cid DESC) AS r FROM feed_entries WHERE author = ? AND target IS NOT NULL)
      WHERE r = 1 ORDER BY wall, counter, cid`).all(user) as any[]
    return rows.filter((r) => r.kind === 'follow').map((r) => ({ userKey: r.target, username: r.target_name }))
  }

  /** Who follows `user`, as far as this node has seen their feeds (the newest entry naming `user` per author, by HLC). */
  followers (user: Uint8Array): Array<{ userKey: Uint8Array, username: string | null }> {
    const rows = this.#db.statement(`SELECT e.author, e.kind, a.username FROM (${newestNaming('author, kind, wall, counter, cid')}) e
      LEFT JOIN feed_authors a ON a.user_key = e.author WHERE e.r = 1 ORDER BY e.wall, e.counter, e.cid`).all(user) as any[]
    return rows.filter((r) => r.kind === 'follow').map((r) => ({ userKey: r.author, username: r.username }))
  }

  /** The follow entries of `user`'s followers (`followers`' entries), newest first by HLC (ties by CID, ascending): what a follower summary lists. */
  followerEntries (user: Uint8Array): StoredEntry[] {
    return (this.#db.statement(`SELECT ${ENTRY_COLUMNS} FROM (${newestNaming(ENTRY_COLUMNS)})
      WHERE r = 1 AND kind = 'follow' ORDER BY wall DESC, counter DESC, cid`).all(user) as any[]).map(toStored)
  }

  /**
   * Per author with a follow or unfollow naming `target`: the newest one's (by HLC
   * timestamp, across the author's device chains) seq and kind (what a follower count merges).
   */
  followEdges (target: Uint8Array): Array<{ author: Uint8Array, seq: number, kind: 'follow' | 'unfollow' }> {
    return (this.#db.statement(`SELECT author, seq, kind FROM (${newestNaming('author, seq, kind')}) WHERE r = 1`).all(target) as any[])
      .map((r) => ({ author: r.author, seq: r.seq, kind: r.kind }))
  }

  setPinned (author: Uint8Array, pinned: boolean): void {
    this.#db.statement('UPDATE feed_entries SET pinned = ? WHERE author = ?').run(pinned ? 1 : 0, author)
    this.#db.statement('UPDATE feed_blocks SET pinned = ? WHERE author = ?').run(pinned ? 1 : 0, author)
  }

  // --- authors -------------------------------------------------------------------------

  rememberAuthor (userKey: Uint8Array, username: string): void {
    this.#db.statement('INSERT INTO feed_authors (user_key, username) VALUES (?, ?) ON CONFLICT (user_key) DO UPDATE SET username = excluded.username').run(userKey, username)
    this.#rememberUsername(bytesKey(userKey), username)
  }

  usernameOf (userKey: Uint8Array): string | undefined {
    this.#forgetIfRewritten()
    const key = bytesKey(userKey)
    const known = this.#usernames.get(key)
    if (known != null) return known
    const username: string | undefined = (this.#db.statement('SELECT username FROM feed_authors WHERE user_key = ?').get(userKey) as any)?.username ?? undefined
    if (username != null) this.#rememberUsername(key, username)
    return username
  }

  /** Drops what the caches hold once rows were written around the store (a restore, a link). */
  #forgetIfRewritten (): void {
    if (this.#seenRewrites === this.#db.rewrites) return
    this.#seenRewrites = this.#db.rewrites
    this.#heads.clear()
    this.#usernames.clear()
    this.#followsVersion++
  }

  #rememberUsername (key: string, username: string): void {
    if (this.#usernames.size >= MAX_CACHED_USERNAMES && !this.#usernames.has(key)) this.#usernames.delete(this.#usernames.keys().next().value!)
    this.#usernames.set(key, username)
  }

  /** Keys of this node's own feeds (those with a layout set): they never expire. */
  ownAuthors (): Uint8Array[] {
    return (this.#db.statement('SELECT user_key FROM feed_authors WHERE mode IS NOT NULL').all() as any[]).map((r) => r.user_key)
  }

  mode (userKey: Uint8Array): FeedMode | undefined {
    return (this.#db.statement('SELECT mode FROM feed_authors WHERE user_key = ?').get(userKey) as any)?.mode ?? undefined
  }

  setMode (userKey: Uint8Array, mode: FeedMode): void {
    this.#db.statement('INSERT INTO feed_authors (user_key, mode) VALUES (?, ?) ON CONFLICT (user_key) DO UPDATE SET mode = excluded.mode').run(userKey, mode)
  }

  pointer (userKey: Uint8Array): Uint8Array | undefined {
    return (this.#db.statement('SELECT pointer FROM feed_authors WHERE user_key = ?').get(userKey) as any)?.pointer ?? undefined
  }

  setPointer (userKey: Uint8Array, pointer: Uint8Array, headPage: CID): void {
    this.#db.statement(`INSERT INTO feed_authors (user_key, pointer, head_page) VALUES (?, ?, ?)
      ON CONFLICT (user_key) DO UPDATE SET pointer = excluded.pointer, head_page = excluded.head_page`).run(userKey, pointer, headPage.bytes)
  }

  // --- blocks --------------------------------------------------------------------------

  putBlock (cid: CID, data: Uint8Array, author: Uint8Array | null, now: number, pinned = false): void {
    this.#db.statement(`INSERT INTO feed_blocks (cid, author, data, fetched_at, pinned) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (cid) DO UPDATE SET pinned = MAX(pinned, excluded.pinned)`).run(cid.bytes, author, data, now, pinned ? 1 : 0)
  }

  /** Stores blocks of one author in one transaction. */
  putBlocks (blocks: Array<{ cid: CID, data: Uint8Array }>, author: Uint8Array | null, now: number, pinned = false): void {
    if (blocks.length === 0) return
    this.#db.transaction(() => {
      for (const block of blocks) this.putBlock(block.cid, block.data, author, now, pinned)
    })
  }

  /** Stores blocks, each with its author, in one transaction. */
  putBlocksOf (blocks: Array<{ cid: CID, data: Uint8Array, author: Uint8Array | null }>, now: number): void {
    if (blocks.length === 0) return
    this.#db.transaction(() => {
      for (const block of blocks) this.putBlock(block.cid, block.data, block.author, now)
    })
  }

  /** A page or entry block by CID (entries are served from the log itself). */
  getBlock (cid: CID): Uint8Array | undefined {
    const block = this.#db.statement('SELECT data FROM feed_blocks WHERE cid = ?')
    const entry = this.#db.statement('SELECT bytes FROM feed_entries WHERE cid = ?')
    // raw blocks are mostly entries of held logs: look there first, one query instead of two
    const [first, second] = cid.code === raw.code ? [entry, block] : [block, entry]
    const row = (first.get(cid.bytes) ?? second.get(cid.bytes)) as any
    return row?.data ?? row?.bytes
  }

  // --- notifications -------------------------------------------------------------------

  /** Records a notification once per entry; true when it is new. */
  addNotification (recipient: Uint8Array, n: Omit<Notification, 'id'>, entryCid: CID): boolean {
    const result = this.#db.statement(`INSERT OR IGNORE INTO feed_notifications (recipient, kind, from_key, from_name, at, entry_cid)
      VALUES (?, ?, ?, ?, ?, ?)`).run(recipient, n.kind, n.fromKey, n.fromName, n.at, entryCid.bytes)
    return result.changes > 0
  }

  notifications (recipient: Uint8Array, limit = 100): Notification[] {
    return (this.#db.statement('SELECT id, kind, from_key, from_name, at FROM feed_notifications WHERE recipient = ? ORDER BY id DESC LIMIT ?')
      .all(recipient, limit) as any[]).map((r) => ({ id: r.id, kind: r.kind, fromKey: r.from_key, fromName: r.from_name, at: r.at }))
  }

  // --- retention -----------------------------------------------------------------------

  /**
   * Deletes others' entries and blocks fetched before `cutoff` and not pinned. Entries of
   * `own` keys (this node's feeds), and others' follow entries naming them, never expire.
   * Returns how many rows went.
   */
  expire (cutoff: number, own: Uint8Array[]): number {
    this.#followsVersion++
    this.#heads.clear()
    return this.#db.transaction(() => {
      const keep = own.map(() => '?').join(', ')
      const notOwn = own.length === 0 ? '' : `AND author NOT IN (${keep})`
      // follows naming an own user are what the followers list is made of: they stay
      const namesOwn = own.length === 0 ? '' : `AND (target IS NULL OR target NOT IN (${keep}))`
      const a = this.#db.db.prepare(`DELETE FROM feed_entries WHERE pinned = 0 AND fetched_at < ? ${notOwn} ${namesOwn}`).run(cutoff, ...own, ...own)
      // (with no own key every unpinned block may go: `(author IS NULL)` alone kept every
      // authored block on a node nobody is logged in on, such as a public node)
      const b = this.#db.db.prepare(`DELETE FROM feed_blocks WHERE pinned = 0 AND fetched_at < ? ${own.length === 0 ? '' : `AND (author IS NULL OR author NOT IN (${keep}))`}`).run(cutoff, ...own)
      return Number(a.changes) + Number(b.changes)
    })
  }
}
