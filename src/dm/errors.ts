/** Errors of direct messages, matched by their stable `name` (crate errors are in ../crate). */
import { ParleyError } from '../kernel/index.js'

/** A message that cannot be sent as asked (too long, too many recipients, no such conversation). */
export class InvalidMessageError extends ParleyError {
  override readonly name = 'InvalidMessageError'

  constructor (message: string, options?: ErrorOptions) {
    super('invalid_input', message, options)
  }
}
