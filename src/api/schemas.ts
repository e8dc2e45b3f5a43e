import { z } from 'zod'
import { ApiError } from './errors.js'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../identity/index.js'

/** Request bodies and parameters, validated once at the edge. */

export const username = z.string().regex(USERNAME_PATTERN, 'username must be 3-32 of a-z, 0-9, _')

export const credentialsBody = z.strictObject({
  username,
  password: z.string().min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH)
})

const password = z.string().min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH)

/** register and login: `staySignedIn` keeps the session across a restart, `replace` ends another user's sessions here */
export const loginBody = z.strictObject({ username, password, staySignedIn: z.boolean().optional(), replace: z.boolean().optional() })
export const registerBody = loginBody

export const logoutBody = z.strictObject({ everywhere: z.boolean().optional() })

export const sessionParams = z.strictObject({ id: z.string().min(1).max(64) })

export const usernameParams = z.strictObject({ username })

/** Parses `value` with `schema` or throws a 400 ApiError that says what is wrong. */
export function parse<T> (schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    throw new ApiError(400, 'invalid_body', `${where}${issue.message}`)
  }
  return result.data
}
