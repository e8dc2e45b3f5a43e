import { join } from 'node:path'
import { forgetKeptKeys, keepKeys, loadKeptKeys } from '../identity/index.js'
import { SessionRegistry, sessionEndedError } from './tokens.js'
import type { EndReason, SessionChange, SessionRecord } from './tokens.js'
import type { Parley } from '../app/index.js'
import type { Logger } from '../kernel/index.js'

export interface SessionKeeperInit {
  /** the node's data folder: sessions.json and the kept keys go there (default: none, sessions end with the process) */
  dataDir?: string
  /** idle time after which a session ends, ms (default SESSION_IDLE_MS, 14 days) */
  idleMs?: number
  logger?: Pick<Logger, 'warn'>
}

/**
 * Ties the API's sessions to the account: the account's keys stay in memory while any
 * session of its user is live and are wiped when the last one ends; they are kept sealed in
 * the data folder while a session that chose "stay signed in" is live, and opened at start
 * to sign the user back in (`resume`). An account event (takeover, a logout from inside)
 * ends the sessions of its user.
 */
export class SessionKeeper {
  readonly registry: SessionRegistry
  readonly #parley: Parley
  readonly #init: SessionKeeperInit
  readonly #onAccount = (event: CustomEvent<{ kind: 'login' | 'logout' | 'removed', username: string }>): void => {
    const { kind, username } = event.detail
    if (kind === 'login') return
    // after the dispatch: the events sockets forward this event (the UI says why) before they close
    queueMicrotask(() => { this.registry.end(this.registry.list(username), kind === 'removed' ? 'removed' : 'logout') })
  }

  /** the logout that follows the end of a user's last session, awaited by `end` */
  #settling: Promise<void> = Promise.resolve()
  readonly #onChange = (event: Event): void => {
    const change = (event as CustomEvent<SessionChange>).detail
    if (change.kind !== 'ended') return
    if (this.#init.dataDir != null && !this.registry.all().some((s) => s.staySignedIn)) forgetKeptKeys(this.#init.dataDir)
    const settling = this.#afterEnd(change.username)
    this.#settling = this.#settling.then(async () => settling)
  }

  constructor (parley: Parley, init: SessionKeeperInit = {}) {
    this.#parley = parley
    this.#init = init
    this.registry = new SessionRegistry({ file: init.dataDir == null ? undefined : join(init.dataDir, 'sessions.json'), idleMs: init.idleMs })
    parley.addEventListener('session', this.#onAccount)
    this.registry.addEventListener('change', this.#onChange)
    this.registry.start()
  }

  /** Stops listening; the sessions and kept keys stay as they are for the next start. */
  close (): void {
    this.registry.stop()
    this.registry.removeEventListener('change', this.#onChange)
    this.#parley.removeEventListener('session', this.#onAccount)
  }

  /** A session for the user just logged in or registered; with `staySignedIn` the keys are kept first. */
  async open (username: string, staySignedIn: boolean): Promise<{ token: string, session: SessionRecord }> {
    const account = this.#parley.session
    // kept only where there is a data folder to keep the keys in
    const keep = staySignedIn && this.#init.dataDir != null
    if (keep && account?.username === username) await keepKeys(this.#init.dataDir!, username, account.keys)
    return this.registry.issue(username, keep)
  }

  /** Ends sessions; the account is logged out (keys wiped) when they were its user's last. */
  async end (sessions: SessionRecord[], reason: EndReason = 'logout'): Promise<void> {
    this.registry.end(sessions, reason)
    await this.#settling
  }

  /**
   * At start: signs the user of the sessions kept from the last run back in with the kept
   * keys. Sessions that cannot be resumed (keys gone or not opening) end, and their tokens
   * get the how-to-log-in 401.
   */
  async resume (): Promise<string | undefined> {
    const kept = this.registry.all()
    if (kept.length === 0 || this.#init.dataDir == null) return undefined
    const keys = await loadKeptKeys(this.#init.dataDir)
    const theirs = kept.filter((s) => s.username === keys?.username)
    this.registry.end(kept.filter((s) => s.username !== keys?.username), 'restart')
    if (keys == null || theirs.length === 0) return undefined
    try {
      await this.#parley.accounts.resume(keys.username, keys.keys)
      return keys.username
    } catch (err: any) {
      this.#init.logger?.warn(`cannot sign ${keys.username} back in: ${err.message as string}`)
      this.registry.end(theirs, 'restart')
      return undefined
    }
  }

  /** The account session of a live API session, or the 401 that says how to log in again. */
  accountOf (record: SessionRecord): NonNullable<Parley['session']> {
    const account = this.#parley.session
    if (account == null || account.username !== record.username) {
      this.registry.end([record], 'logout')
      throw sessionEndedError(record.username, 'logout')
    }
    return account
  }

  async #afterEnd (username: string): Promise<void> {
    const left = this.registry.list(username)
    if (left.length > 0 || this.#parley.session?.username !== username) return
    await this.#parley.accounts.logout().catch((err: Error) => { this.#init.logger?.warn(`logout of ${username}: ${err.message}`) })
  }
}
