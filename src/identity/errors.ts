/** Errors of the identity layer, matched by their stable `name`. */

export class InvalidRecordError extends Error {

  override readonly name = 'InvalidRecordError'
}

/** A valid record that loses to the one already held (replay or older sequence). */
export class StaleRecordError extends Error {

  override readonly name = 'StaleRecordError'
}

export class NameTakenError extends Error {

  override readonly name = 'NameTakenError'
}

export class WrongPasswordError extends Error {

  override readonly name = 'WrongPasswordError'
}

export class UnknownUserError extends Error {

  override readonly name = 'UnknownUserError'
}

export class NotLoggedInError extends Error {

  override readonly name = 'NotLoggedInError'
}

export class InvalidInputError extends Error {

  override readonly name = 'InvalidInputError'
}

/** The network is out of reach for something that needs it. */
export class OfflineError extends Error {

  override readonly name = 'OfflineError'
}
