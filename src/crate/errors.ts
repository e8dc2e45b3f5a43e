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

/** A crate a mailbox holder will not admit: no depositor signature, or no valid stamp or grant. */
export class AdmissionError extends ParleyError {
  static override readonly code = 'admission_required'
  override readonly name = 'AdmissionError'
}
