/** Errors of direct messages, matched by their stable `name`. */

/** A crate that does not decode, open or verify: altered, forged or malformed. */
export class InvalidCrateError extends Error {
  override readonly name = 'InvalidCrateError'
}

/** A crate sealed to another mailbox than the keys trying to open it. */
export class NotForMeError extends Error {
  override readonly name = 'NotForMeError'
}

/** A message that cannot be sent as asked (too long, too many recipients, no such conversation). */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError'
}
