/** Errors of group chats, matched by their stable `name` (their codes map to HTTP in src/api/errors.ts). */
import { ParleyError } from '../kernel/index.js'

export class UnknownGroupError extends ParleyError {
  override readonly name = 'UnknownGroupError'

  constructor (message: string, options?: ErrorOptions) {
    super('unknown_group', message, options)
  }
}

export class NotGroupCreatorError extends ParleyError {
  override readonly name = 'NotGroupCreatorError'

  constructor (message: string, options?: ErrorOptions) {
    super('not_group_creator', message, options)
  }
}

export class GroupNotStartedError extends ParleyError {
  override readonly name = 'GroupNotStartedError'

  constructor (message: string, options?: ErrorOptions) {
    super('group_not_started', message, options)
  }
}

/** The previous membership change of a running chat has not committed yet. */
export class MembershipChangePendingError extends ParleyError {
  override readonly name = 'MembershipChangePendingError'

  constructor (message: string, options?: ErrorOptions) {
    super('membership_change_pending', message, options)
  }
}

/** A frame or record that is malformed, oversized, unsigned or from a non-member. */
export class InvalidGroupMessageError extends ParleyError {
  override readonly name = 'InvalidGroupMessageError'

  constructor (message: string, options?: ErrorOptions) {
    super('invalid_input', message, options)
  }
}
