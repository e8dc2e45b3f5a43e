/** Errors of the identity layer, matched by their stable `name` (generic ones are in ../kernel). */
import { ParleyError } from '../kernel/index.js'

/** A signed record that is malformed, oversized, unsigned or forged. */
export class InvalidRecordError extends ParleyError {
  override readonly name = 'InvalidRecordError'

  constructor (message: string, options?: ErrorOptions) {
    super('invalid_input', message, options)
  }
}

/** A valid record that loses to the one already held (replay or older sequence). */
export class StaleRecordError extends ParleyError {
  override readonly name = 'StaleRecordError'

  constructor (message: string, options?: ErrorOptions) {
    super('stale_record', message, options)
  }
}

export class NameTakenError extends ParleyError {
  override readonly name = 'NameTakenError'

  constructor (message: string, options?: ErrorOptions) {
    super('name_taken', message, options)
  }
}

export class WrongPasswordError extends ParleyError {
  override readonly name = 'WrongPasswordError'

  constructor (message: string, options?: ErrorOptions) {
    super('wrong_password', message, options)
  }
}
