/** Errors of sealed crates, matched by their stable `name`. */
import { ParleyError } from '../kernel/index.js'

/** A crate that does not decode, open or verify: altered, forged or malformed. */
export class InvalidCrateError extends ParleyError {
  override readonly name = 'InvalidCrateError'

  constructor (message: string, options?: ErrorOptions) {
    super('invalid_crate', message, options)
  }
}

/** A crate sealed to another mailbox than the keys trying to open it. */
export class NotForMeError extends ParleyError {
  override readonly name = 'NotForMeError'

  constructor (message: string, options?: ErrorOptions) {
    super('not_for_me', message, options)
  }
}
