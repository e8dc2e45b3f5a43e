/**
 * One style of error for every capability: a stable `name` to match on and a stable
 * `code` that the API turns into an HTTP status through one table (src/api/errors.ts).
 * Remote failures travel as status codes on the wire and become these on the caller.
 */
export class ParleyError extends Error {
  /** the error's stable code, as the API answers it (`{ error: { code } }`) */
  readonly code: string

  constructor (code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** A request that cannot be carried out as asked (bad field, out of range, too long). */
export class InvalidInputError extends ParleyError {
  override readonly name: string = 'InvalidInputError'

  constructor (message: string, options?: ErrorOptions) {
    super('invalid_input', message, options)
  }
}

/** No user of that name (or id) is known here or in the network. */
export class UnknownUserError extends ParleyError {
  override readonly name = 'UnknownUserError'

  constructor (message: string, options?: ErrorOptions) {
    super('unknown_user', message, options)
  }
}

/** Something that needs a logged-in user was asked while nobody is logged in. */
export class NotLoggedInError extends ParleyError {
  override readonly name = 'NotLoggedInError'

  constructor (message: string, options?: ErrorOptions) {
    super('not_logged_in', message, options)
  }
}

/** The network is out of reach for something that needs it. */
export class OfflineError extends ParleyError {
  override readonly name = 'OfflineError'

  constructor (message: string, options?: ErrorOptions) {
    super('offline', message, options)
  }
}

/** True for errors of the program itself (as opposed to bad input or the network): these crash loudly in tests. */
export function isProgrammerError (err: unknown): boolean {
  return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || (err as Error)?.name === 'AssertionError'
}
