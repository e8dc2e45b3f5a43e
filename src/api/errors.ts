/** Maps errors to the JSON error body `{ error: { code, message } }` and an HTTP status. */
import { ParleyError } from '../kernel/index.js'
import { storageFault } from '../store/index.js'

export interface ApiErrorBody {
  error: { code: string, message: string }
}

/** An error raised by the API layer itself (auth, validation). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/**
 * The HTTP status of each error code (the `code` every ParleyError carries, src/kernel).
 * A code not listed here is a failure of this node: 500 "internal", its message not shown.
 */
export const STATUS_BY_CODE: Record<string, number> = {
  invalid_input: 400,
  invalid_crate: 400,
  name_taken: 409,
  other_user_signed_in: 409,
  wrong_password: 401,
  login_rate_limited: 429,
  kdf_busy: 503,
  keystore_too_costly: 422,
  unknown_user: 404,
  not_logged_in: 401,
  device_removed: 403,
  unknown_device: 404,
  offline: 503,
  feed_unavailable: 503,
  invalid_follower_summary: 400,
  crate_too_large: 413,
  mailbox_full: 507,
  storage_full: 507,
  storage_io_error: 507,
  rate_limited: 429,
  mailbox_access_denied: 403,
  admission_required: 403,
  depositor_quota: 507,
  holder_full: 507,
  unknown_group: 404,
  not_group_creator: 403,
  group_not_started: 409,
  membership_change_pending: 409,
  // the group runs on another device of the account (its group device): start it or add members there
  not_group_device: 409,
  link_code_wrong: 403,
  link_code_unknown: 410,
  backup_phrase_invalid: 400,
  backup_phrase_wrong: 400,
  backup_corrupt: 400,
  backup_account_exists: 409,
  backup_conflict: 409,
  backup_too_large: 413,
  restore_busy: 503
}

/** Fastify's own errors (body parsing, limits) by their code. */
const BY_FASTIFY_CODE: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json']
}

/**
 * `retryAfterMs` is set for an answer that says when to ask again (429, 503): the server
 * sends it as a Retry-After header in whole seconds.
 */
export function toApiError (err: any): { status: number, body: ApiErrorBody, retryAfterMs?: number } {
  if (err instanceof ApiError) return { status: err.status, body: { error: { code: err.code, message: err.message } } }
  // a statement outside a transaction throws node:sqlite's own error: a full disk is named, not hidden as 500
  if (!(err instanceof ParleyError)) err = storageFault(err) ?? err
  const status = err instanceof ParleyError ? STATUS_BY_CODE[err.code] : undefined
  if (status != null) {
    const body = { error: { code: err.code, message: err.message } }
    return typeof err.retryAfterMs === 'number' ? { status, body, retryAfterMs: err.retryAfterMs } : { status, body }
  }
  const known = BY_FASTIFY_CODE[err?.code]
  if (known != null) return { status: known[0], body: { error: { code: known[1], message: err.message } } }
  if (err instanceof SyntaxError) return { status: 400, body: { error: { code: 'invalid_json', message: err.message } } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { status: 504, body: { error: { code: 'network_timeout', message: 'the network did not answer in time' } } }
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } }
}
