import { z } from 'zod'
import { ApiError } from './errors.js'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../identity/index.js'

/** Request bodies and parameters, validated once at the edge. */

export const username = z.string().regex(USERNAME_PATTERN, 'username must be 3-32 of a-z, 0-9, _')

const password = z.string().min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH)

/** register and login: `staySignedIn` keeps the session across a restart, `replace` ends another user's sessions here */
export const loginBody = z.strictObject({
  username,
  password,
  staySignedIn: z.boolean().optional().describe('keep this session across node restarts, a crash included: the keys are kept in the data folder sealed under a device secret, and whoever can read the folder can use the account (docs/security.md) (default false)'),
  replace: z.boolean().optional().describe('end the sessions of another user signed in on this node; without it the call answers 409 other_user_signed_in (default false)')
})
export const registerBody = loginBody

export const logoutBody = z.strictObject({ everywhere: z.boolean().optional().describe('every session of the user on this node, not only this one (default false)') })

export const sessionParams = z.strictObject({ id: z.string().min(1).max(64) })

export const usernameParams = z.strictObject({ username })

/**
 * What one route validates, by location: the zod schemas its handler parses. Each route
 * module lists every route it registers (`{}` when it takes no input); docs/openapi.yaml's
 * request bodies and parameters are generated from these (src/api/openapi.ts), and a test
 * holds the lists, the routes served and the document to each other. `bodyName` names the
 * body's schema in the document's components when several routes share it.
 */
export interface RouteInput {
  body?: z.ZodObject
  params?: z.ZodObject
  query?: z.ZodObject
  bodyName?: string
  /** a body that is bytes, not JSON, of this media type (the restore's backup file); documented as binary */
  rawBody?: string
  /** the body may be left out (default false: required) */
  bodyOptional?: boolean
}

/** Route inputs keyed as fastify registers the route: "METHOD /path/:param". */
export type RouteInputs = Record<string, RouteInput>

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
