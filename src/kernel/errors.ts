/**
 * One style of error for every capability: a stable `name` to match on and a stable
 * `code` that the API turns into an HTTP status through one table (src/api/errors.ts).
 * Remote failures travel as status codes on the wire and become these on the caller.
 */
export class ParleyError extends Error {
  /** the code of errors of this class; a subclass sets its own */
  static readonly code: string = 'internal'
  /** the error's stable code, as the API answers it (`{ error: { code } }`) */
  readonly code: string

  constructor (message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = (new.target as typeof ParleyError).code
  }
}

/** A request that cannot be carried out as asked (bad field, out of range, too long). */
export class InvalidInputError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidInputError'
}

/** No user of that name (or id) is known here or in the network. */
export class UnknownUserError extends ParleyError {
  static override readonly code = 'unknown_user'
  override readonly name = 'UnknownUserError'
}

/** Something that needs a logged-in user was asked while nobody is logged in. */
export class NotLoggedInError extends ParleyError {
  static override readonly code = 'not_logged_in'
  override readonly name = 'NotLoggedInError'
}

/** The network is out of reach for something that needs it. */
export class OfflineError extends ParleyError {
  static override readonly code = 'offline'
  override readonly name = 'OfflineError'
}
