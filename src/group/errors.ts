/** Errors of group chats, matched by their stable `name` (their codes map to HTTP in src/api/errors.ts). */
import { ParleyError } from '../kernel/index.js'

export class UnknownGroupError extends ParleyError {
  static override readonly code = 'unknown_group'
  override readonly name = 'UnknownGroupError'
}

export class NotGroupCreatorError extends ParleyError {
  static override readonly code = 'not_group_creator'
  override readonly name = 'NotGroupCreatorError'
}

export class GroupNotStartedError extends ParleyError {
  static override readonly code = 'group_not_started'
  override readonly name = 'GroupNotStartedError'
}

/** The previous membership change of a running chat has not committed yet. */
export class MembershipChangePendingError extends ParleyError {
  static override readonly code = 'membership_change_pending'
  override readonly name = 'MembershipChangePendingError'
}

/** A frame or record that is malformed, oversized, unsigned or from a non-member. */
export class InvalidGroupMessageError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidGroupMessageError'
}

/** The group runs on another device of the account (its group device): start it or add members there. */
export class NotGroupDeviceError extends ParleyError {
  static override readonly code = 'not_group_device'
  override readonly name = 'NotGroupDeviceError'
}
