/** Errors of mailboxes, matched by their stable `name`; a holder's refusal travels as a wire status. */
import { ParleyError } from '../kernel/index.js'
import type { MailboxStatus } from './wire.js'

/** A holder refused a mailbox request; `status` is the wire status it answered. */
export class MailboxError extends ParleyError {
  override readonly name: string = 'MailboxError'
  /** the wire status, lower case (too_large, quota_exceeded, rate_limited, unauthorized, ...) */
  readonly status: string

  constructor (status: string, message: string, options?: ErrorOptions, code = 'mailbox_refused') {
    super(code, message, options)
    this.status = status
  }
}

export class CrateTooLargeError extends MailboxError {
  override readonly name = 'CrateTooLargeError'

  constructor (message: string, options?: ErrorOptions) {
    super('too_large', message, options, 'crate_too_large')
  }
}

export class QuotaExceededError extends MailboxError {
  override readonly name = 'QuotaExceededError'

  constructor (message: string, options?: ErrorOptions) {
    super('quota_exceeded', message, options, 'mailbox_full')
  }
}

export class RateLimitedError extends MailboxError {
  override readonly name = 'RateLimitedError'

  constructor (message: string, options?: ErrorOptions) {
    super('rate_limited', message, options, 'rate_limited')
  }
}

/** Someone tried to list or delete a mailbox without proving they own it. */
export class MailboxAccessError extends MailboxError {
  override readonly name = 'MailboxAccessError'

  constructor (message: string, options?: ErrorOptions) {
    super('unauthorized', message, options, 'mailbox_access_denied')
  }
}

/** The error a non-OK wire status stands for. */
export function errorForStatus (status: MailboxStatus, message: string): MailboxError {
  switch (status) {
    case 'TOO_LARGE': return new CrateTooLargeError(message)
    case 'QUOTA_EXCEEDED': return new QuotaExceededError(message)
    case 'RATE_LIMITED': return new RateLimitedError(message)
    case 'UNAUTHORIZED': return new MailboxAccessError(message)
    default: return new MailboxError(String(status).toLowerCase(), message)
  }
}
