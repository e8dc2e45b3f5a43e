/** Errors of group chats, matched by their stable `name` (mapped to HTTP in src/api/errors.ts). */

export class UnknownGroupError extends Error {
  override readonly name = 'UnknownGroupError'
}

export class NotGroupCreatorError extends Error {
  override readonly name = 'NotGroupCreatorError'
}

export class GroupNotStartedError extends Error {
  override readonly name = 'GroupNotStartedError'
}

export class GroupStartedError extends Error {
  override readonly name = 'GroupStartedError'
}

/** A frame or record that is malformed, oversized, unsigned or from a non-member. */
export class InvalidGroupMessageError extends Error {
  override readonly name = 'InvalidGroupMessageError'
}
