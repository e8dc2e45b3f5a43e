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

/**
 * A keystore whose scrypt parameters ask for more memory or work than KDF_BOUND allows:
 * refused before the key derivation runs (a hostile record could otherwise take gigabytes).
 */
export class KeystoreTooCostlyError extends ParleyError {
  static override readonly code = 'keystore_too_costly'
  override readonly name = 'KeystoreTooCostlyError'
}

/** Every key derivation slot is taken and the queue is full: try again shortly. */
export class KdfBusyError extends ParleyError {
  static override readonly code = 'kdf_busy'
  override readonly name = 'KdfBusyError'
  /** when trying again makes sense */
  readonly retryAfterMs = 1_000
}

/** Too many login attempts from this client or for this username: wait `retryAfterMs`. */
export class LoginRateLimitedError extends ParleyError {
  static override readonly code = 'login_rate_limited'
  override readonly name = 'LoginRateLimitedError'
  readonly retryAfterMs: number

  constructor (message: string, retryAfterMs: number) {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}

/** Another user is signed in on this node; logging in or registering here would end their sessions. */
export class OtherUserSignedInError extends ParleyError {
  static override readonly code = 'other_user_signed_in'
  override readonly name = 'OtherUserSignedInError'
}

/** A link code that is not the one the device shows; the device counts the try. */
export class LinkCodeWrongError extends ParleyError {
  static override readonly code = 'link_code_wrong'
  override readonly name = 'LinkCodeWrongError'
}

/** No device of the account is waiting for a link code (never made, used up, expired or void). */
export class NoLinkCodeError extends ParleyError {
  static override readonly code = 'link_code_unknown'
  override readonly name = 'NoLinkCodeError'
}

/** This device was removed from the account (from another device): its session ended and it may not log in again. */
export class DeviceRemovedError extends ParleyError {
  static override readonly code = 'device_removed'
  override readonly name = 'DeviceRemovedError'
}

/** No device of the account has this id. */
export class UnknownDeviceError extends ParleyError {
  static override readonly code = 'unknown_device'
  override readonly name = 'UnknownDeviceError'
}
