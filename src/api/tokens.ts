import { hash, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { ApiError } from './errors.js'

/** How long a session may go unused before it ends (14 days; `parley node --session-idle-hours`). */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000
/** How many ended sessions are remembered, so their tokens get a 401 that names the user (oldest forgotten first). */
const ENDED_KEPT = 1_000
/** lastUsedAt is written to the file at most this often per session (a crash loses at most this much of it). */
const LAST_USED_WRITE_MS = 60_000

export type EndReason = 'logout' | 'restart' | 'expired' | 'removed'

/** One session: a bearer token (kept only as its SHA-256) of one user of this node. */
export interface SessionRecord {
  id: string
  /** hex SHA-256 of the token: the token itself is never stored */
  hash: string
  username: string
  createdAt: number
  lastUsedAt: number
  /** kept across a node restart (the account's keys are kept sealed in the data folder) */
  staySignedIn: boolean
}

interface EndedSession { hash: string, username: string, reason: EndReason, endedAt: number }

export interface SessionChange { kind: 'started' | 'ended', id: string, username: string, reason?: EndReason }

export interface SessionRegistryInit {
  /** the file sessions are kept in, 0600 (default: none, kept in memory only: a restart ends every session) */
  file?: string
  /** idle time after which a session ends, ms (default SESSION_IDLE_MS, 14 days) */
  idleMs?: number
  /** the clock (default Date.now) */
  now?: () => number
}

const WHY: Record<EndReason, string> = {
  logout: 'it was logged out on this node',
  restart: 'the node restarted and it was not kept signed in',
  expired: 'it was not used for too long',
  removed: 'this device was removed from the account on another device'
}

/** Why a session ended, in words (the 401's message and the events socket's close reason). */
export function endedWhy (reason?: EndReason): string {
  return reason == null ? 'the node restarted or you logged out' : WHY[reason]
}

/** The 401 that says how to get back in. */
export function sessionEndedError (username?: string, reason?: EndReason): ApiError {
  const why = endedWhy(reason)
  return new ApiError(401, 'unauthorized', `your session ended (${why}); log in again: parley login ${username ?? 'USERNAME'}`)
}

/**
 * The sessions of this node: any number at once (browser tabs, the CLI), each with its own
 * bearer token. With a file, every session is written there (token hashes only) at once:
 * the ones that chose "stay signed in" outlive a restart, even a SIGKILL, and the tokens of
 * the others get a 401 naming their user. Dispatches a `change` event (SessionChange) when
 * a session starts or ends.
 */
export class SessionRegistry extends EventTarget {
  readonly #byHash = new Map<string, SessionRecord>()
  readonly #ended = new Map<string, EndedSession>()
  readonly #init: SessionRegistryInit
  readonly #now: () => number
  readonly #written = new Map<string, number>()
  #sweeper?: NodeJS.Timeout

  constructor (init: SessionRegistryInit = {}) {
    super()
    this.#init = init
    this.#now = init.now ?? Date.now
    this.#load()
  }

  get idleMs (): number {
    return this.#init.idleMs ?? SESSION_IDLE_MS
  }

  /** Starts the sweep that ends idle sessions (once a minute, or at a tenth of the idle time if shorter). */
  start (): void {
    if (this.#sweeper != null) return
    this.#sweeper = setInterval(() => { this.sweep() }, Math.min(60_000, Math.max(100, this.idleMs / 10)))
    this.#sweeper.unref()
  }

  stop (): void {
    clearInterval(this.#sweeper)
    this.#sweeper = undefined
  }

  /** A new session of `username`; the token is handed out once and never stored. */
  issue (username: string, staySignedIn: boolean): { token: string, session: SessionRecord } {
    const token = randomBytes(32).toString('base64url')
    const now = this.#now()
    const session: SessionRecord = { id: randomBytes(9).toString('base64url'), hash: hashToken(token), username, createdAt: now, lastUsedAt: now, staySignedIn }
    this.#byHash.set(session.hash, session)
    this.#save()
    this.#changed({ kind: 'started', id: session.id, username })
    return { token, session }
  }

  /** The session of a bearer token (header, or `?token=` for WebSockets), or a 401 that says how to log in again. */
  check (header: string | undefined, queryToken?: string): SessionRecord {
    const token = header?.startsWith('Bearer ') === true ? header.slice(7) : queryToken
    if (token == null || token === '') throw new ApiError(401, 'unauthorized', 'missing bearer token: log in first: parley login USERNAME')
    const hash = hashToken(token)
    const session = this.#byHash.get(hash)
    if (session == null) {
      const ended = this.#ended.get(hash)
      throw sessionEndedError(ended?.username, ended?.reason)
    }
    const now = this.#now()
    if (now - session.lastUsedAt > this.idleMs) {
      this.#end([session], 'expired')
      throw sessionEndedError(session.username, 'expired')
    }
    session.lastUsedAt = now
    if (now - (this.#written.get(session.id) ?? 0) > LAST_USED_WRITE_MS) this.#save()
    return session
  }

  /** The live sessions of `username`, oldest first. */
  list (username: string): SessionRecord[] {
    return [...this.#byHash.values()].filter((s) => s.username === username).sort((a, b) => a.createdAt - b.createdAt)
  }

  /** Every live session, of any user. */
  all (): SessionRecord[] {
    return [...this.#byHash.values()]
  }

  byId (id: string): SessionRecord | undefined {
    return [...this.#byHash.values()].find((s) => s.id === id)
  }

  /** Ends the given sessions; returns the ones that were live. */
  end (sessions: SessionRecord[], reason: EndReason): SessionRecord[] {
    return this.#end(sessions.filter((s) => this.#byHash.get(s.hash) === s), reason)
  }

  /** Ends the sessions unused for longer than the idle time. */
  sweep (): SessionRecord[] {
    const now = this.#now()
    return this.#end(this.all().filter((s) => now - s.lastUsedAt > this.idleMs), 'expired')
  }

  #end (sessions: SessionRecord[], reason: EndReason): SessionRecord[] {
    if (sessions.length === 0) return sessions
    const now = this.#now()
    for (const s of sessions) {
      this.#byHash.delete(s.hash)
      this.#written.delete(s.id)
      this.#remember({ hash: s.hash, username: s.username, reason, endedAt: now })
    }
    this.#save()
    for (const s of sessions) this.#changed({ kind: 'ended', id: s.id, username: s.username, reason })
    return sessions
  }

  #remember (ended: EndedSession): void {
    this.#ended.set(ended.hash, ended)
    for (const hash of this.#ended.keys()) {
      if (this.#ended.size <= ENDED_KEPT) break
      this.#ended.delete(hash)
    }
  }

  #changed (change: SessionChange): void {
    this.dispatchEvent(new CustomEvent('change', { detail: change }))
  }

  /**
   * Reads the file left by the last run: sessions that chose to stay signed in (and are not
   * idle too long) live on; the others end, remembered as ended by the restart.
   */
  #load (): void {
    if (this.#init.file == null) return
    let file: { sessions?: SessionRecord[], ended?: EndedSession[] }
    try {
      file = JSON.parse(readFileSync(this.#init.file, 'utf8'))
    } catch (err: any) {
      if (err.code === 'ENOENT') return
      // unreadable JSON (written by hand, or a disk fault): every session ends, the node still starts
      if (!(err instanceof SyntaxError)) throw new Error(`cannot read the sessions file ${this.#init.file}: ${err.message as string}`)
      file = {}
    }
    const now = this.#now()
    for (const e of file.ended ?? []) if (now - e.endedAt <= this.idleMs) this.#remember(e)
    for (const s of file.sessions ?? []) {
      if (s.staySignedIn && now - s.lastUsedAt <= this.idleMs) this.#byHash.set(s.hash, s)
      else this.#remember({ hash: s.hash, username: s.username, reason: s.staySignedIn ? 'expired' : 'restart', endedAt: now })
    }
    this.#save()
  }

  /** Writes every session (hashes only) and the remembered ended ones: a temporary file renamed, 0600. */
  #save (): void {
    if (this.#init.file == null) return
    const now = this.#now()
    const body = JSON.stringify({ version: 1, sessions: this.all(), ended: [...this.#ended.values()] })
    writeFileSync(`${this.#init.file}.tmp`, body, { mode: 0o600 })
    renameSync(`${this.#init.file}.tmp`, this.#init.file)
    for (const s of this.#byHash.values()) this.#written.set(s.id, now)
  }
}

/**
 * Hex SHA-256 of the token's UTF-8 bytes, with node:crypto's one-shot hash: every API
 * request hashes its token, and @noble's JS sha256 was 21 µs of each post at the sender
 * (path-profile post; 2.4 against 0.3 µs in a microbenchmark). The same hex as before:
 * sessions files written earlier still match.
 */
function hashToken (token: string): string {
  return hash('sha256', token, 'hex')
}
