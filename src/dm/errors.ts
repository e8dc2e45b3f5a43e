/** Errors of direct messages, matched by their stable `name` (crate errors are in ../crate). */
import { ParleyError } from '../kernel/index.js'

/** A message that cannot be sent as asked (too long, too many recipients, no such conversation). */
export class InvalidMessageError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidMessageError'
}

/** No mailbox holder took a crate: its message says which holders refused and why. */
export class MailboxUnreachableError extends ParleyError {
  static override readonly code = 'mailbox_unreachable'
  override readonly name = 'MailboxUnreachableError'
}
