/** Maps errors to the JSON error body `{ error: { code, message } }` and an HTTP status. */

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

/** Domain errors by their stable name: status and code. */
const BY_NAME: Record<string, [number, string]> = {
  InvalidInputError: [400, 'invalid_input'],
  InvalidRecordError: [400, 'invalid_input'],
  NameTakenError: [409, 'name_taken'],
  WrongPasswordError: [401, 'wrong_password'],
  UnknownUserError: [404, 'unknown_user'],
  NotLoggedInError: [401, 'not_logged_in'],
  OfflineError: [503, 'offline'],
  InvalidFeedRequestError: [400, 'invalid_input'],
  InvalidEntryError: [400, 'invalid_input'],
  FeedUnavailableError: [503, 'feed_unavailable'],
  InvalidMessageError: [400, 'invalid_input'],
  InvalidCrateError: [400, 'invalid_crate'],
  CrateTooLargeError: [413, 'crate_too_large'],
  QuotaExceededError: [507, 'mailbox_full'],
  RateLimitedError: [429, 'rate_limited'],
  MailboxAccessError: [403, 'mailbox_access_denied'],
  UnknownGroupError: [404, 'unknown_group'],
  NotGroupCreatorError: [403, 'not_group_creator'],
  GroupNotStartedError: [409, 'group_not_started'],
  MembershipChangePendingError: [409, 'membership_change_pending'],
  InvalidGroupMessageError: [400, 'invalid_input']
}

/** Fastify's own errors (body parsing, limits) by their code. */
const BY_FASTIFY_CODE: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json']
}

export function toApiError (err: any): { status: number, body: ApiErrorBody } {
  if (err instanceof ApiError) return { status: err.status, body: { error: { code: err.code, message: err.message } } }
  const known = BY_NAME[err?.name] ?? BY_FASTIFY_CODE[err?.code]
  if (known != null) return { status: known[0], body: { error: { code: known[1], message: err.message } } }
  if (err instanceof SyntaxError) return { status: 400, body: { error: { code: 'invalid_json', message: err.message } } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { status: 504, body: { error: { code: 'network_timeout', message: 'the network did not answer in time' } } }
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } }
}
