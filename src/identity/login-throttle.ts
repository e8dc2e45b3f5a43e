import { LOGIN_LIMITS } from './constants.js'
import { KdfBusyError, LoginRateLimitedError } from './errors.js'
import type { Clock } from '../kernel/index.js'

export interface LoginLimitsInit {
  /** attempts a client or a username makes before backoff starts (default 5) */
  freeAttempts?: number
  /** the wait after the first attempt beyond the free ones, doubled with each further one, ms (default 1 000) */
  baseDelayMs?: number
  /** the longest wait, ms (default 15 min) */
  maxDelayMs?: number
  /** a client or username with no attempt for this long starts over, ms (default 15 min) */
  forgetAfterMs?: number
  /** how many clients and usernames are remembered; the least recently seen go first (default 10 000) */
  maxTracked?: number
}

/** One client's or one username's attempts. */
interface Attempts {
  count: number
  lastAt: number
  blockedUntil: number
}

/** Who an attempt comes from and whom it is for: each is limited on its own. */
export interface LoginKeys {
  username: string
  /** the API client: its remote address (undefined: a call inside the process, not limited) */
  client?: string
}

/**
 * Login attempts per client and per username, with exponential backoff: after
 * `freeAttempts`, attempt n waits baseDelayMs · 2^(n - freeAttempts - 1) (at most
 * `maxDelayMs`) before the next one is heard, and one asked earlier answers
 * LoginRateLimitedError with the time left. An attempt counts when it starts (100
 * concurrent guesses count as 100), so concurrency cannot outrun the limit; a correct
 * password clears its username and client. Guessing a password is then about 60 tries an
 * hour, and a stranger can lock a username out for at most `maxDelayMs` at a time.
 */
export class LoginThrottle {
  readonly #clock: Pick<Clock, 'now'>
  readonly #limits: Required<LoginLimitsInit>
  /** by key, least recently seen first (a touched key moves to the end) */
  readonly #seen = new Map<string, Attempts>()

  constructor (clock: Pick<Clock, 'now'>, init: LoginLimitsInit = {}) {
    this.#clock = clock
    this.#limits = { ...LOGIN_LIMITS, ...Object.fromEntries(Object.entries(init).filter(([, v]) => v != null)) }
  }

  /** Counts an attempt for the username and the client; throws LoginRateLimitedError when either must wait. */
  attempt (keys: LoginKeys): void {
    const now = this.#clock.now()
    const names = keyNames(keys)
    let wait = 0
    let blocked = ''
    for (const [name, label] of names) {
      const left = (this.#get(name, now)?.blockedUntil ?? 0) - now
      if (left > wait) { wait = left; blocked = label }
    }
    if (wait > 0) throw new LoginRateLimitedError(`too many login attempts ${blocked}: try again in ${Math.ceil(wait / 1000)} s`, wait)
    for (const [name] of names) {
      const entry = this.#get(name, now) ?? { count: 0, lastAt: now, blockedUntil: 0 }
      entry.count++
      entry.lastAt = now
      const over = entry.count - this.#limits.freeAttempts
      if (over > 0) entry.blockedUntil = now + Math.min(this.#limits.maxDelayMs, this.#limits.baseDelayMs * 2 ** Math.min(over - 1, 40))
      this.#seen.delete(name)
      this.#seen.set(name, entry)
    }
    while (this.#seen.size > this.#limits.maxTracked) this.#seen.delete(this.#seen.keys().next().value as string)
  }

  /**
   * Runs one login attempt under the limits: counted when it starts, given back when the
   * node was too busy to try it (KdfBusyError), cleared with its client when it succeeds.
   */
  async limit<T> (keys: LoginKeys, attempt: () => Promise<T>): Promise<T> {
    this.attempt(keys)
    try {
      const result = await attempt()
      this.succeeded(keys)
      return result
    } catch (err) {
      if (err instanceof KdfBusyError) this.refund(keys)
      throw err
    }
  }

  /** The password was right: the username and the client start over. */
  succeeded (keys: LoginKeys): void {
    for (const [name] of keyNames(keys)) this.#seen.delete(name)
  }

  /** The attempt was never tried (the node was busy): it does not count. */
  refund (keys: LoginKeys): void {
    for (const [name] of keyNames(keys)) {
      const entry = this.#seen.get(name)
      if (entry == null) continue
      entry.count = Math.max(0, entry.count - 1)
      if (entry.count <= this.#limits.freeAttempts) entry.blockedUntil = 0
    }
  }

  /** a key's attempts, forgotten once it has been quiet for `forgetAfterMs` and is not waiting */
  #get (name: string, now: number): Attempts | undefined {
    const entry = this.#seen.get(name)
    if (entry != null && now >= entry.blockedUntil && now - entry.lastAt >= this.#limits.forgetAfterMs) {
      this.#seen.delete(name)
      return undefined
    }
    return entry
  }
}

function keyNames (keys: LoginKeys): Array<[string, string]> {
  const names: Array<[string, string]> = [[`user:${keys.username}`, `for "${keys.username}"`]]
  if (keys.client != null) names.push([`client:${keys.client}`, `from ${keys.client}`])
  return names
}
