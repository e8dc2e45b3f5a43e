/** Errors of sealed crates, matched by their stable `name`. */
import { ParleyError } from '../kernel/index.js'

/** A crate that does not decode, open or verify: altered, forged or malformed. */
export class InvalidCrateError extends ParleyError {
  static override readonly code = 'invalid_crate'
  override readonly name = 'InvalidCrateError'
}

/** A crate sealed to another mailbox than the keys trying to open it. */
export class NotForMeError extends ParleyError {
  static override readonly code = 'not_for_me'
  override readonly name = 'NotForMeError'
}
