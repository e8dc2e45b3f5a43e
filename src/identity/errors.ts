/** Errors of the identity layer, matched by their stable `name` (generic ones are in ../kernel). */
import { ParleyError } from '../kernel/index.js'

/** A signed record that is malformed, oversized, unsigned or forged. */
export class InvalidRecordError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidRecordError'
}

/** A valid record that loses to the one already held (replay or older sequence). */
export class StaleRecordError extends ParleyError {
  static override readonly code = 'stale_record'
  override readonly name = 'StaleRecordError'
}

export class NameTakenError extends ParleyError {
  static override readonly code = 'name_taken'
  override readonly name = 'NameTakenError'
}

export class WrongPasswordError extends ParleyError {
  static override readonly code = 'wrong_password'
  override readonly name = 'WrongPasswordError'
}
