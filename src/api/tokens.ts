import { randomBytes, timingSafeEqual } from 'node:crypto'
import { ApiError } from './errors.js'

/**
 * Bearer tokens of the logged-in user. They live in memory only: after a restart the
 * keystore is locked again, so an old token could not act anyway.
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, string>()

  issue (username: string): string {
    const token = randomBytes(32).toString('base64url')
    this.#tokens.set(token, username)
    return token
  }

  /** Ends every token (logout, or the session moved to another device). */
  revokeAll (): void {
    this.#tokens.clear()
  }

  /** The username a bearer token belongs to, or a 401. */
  check (header: string | undefined, queryToken?: string): string {
    const token = header?.startsWith('Bearer ') === true ? header.slice(7) : queryToken
    if (token == null || token === '') throw new ApiError(401, 'unauthorized', 'missing bearer token')
    for (const [known, username] of this.#tokens) {
      if (known.length === token.length && timingSafeEqual(Buffer.from(known), Buffer.from(token))) return username
    }
    throw new ApiError(401, 'unauthorized', 'invalid or expired token')
  }
}
