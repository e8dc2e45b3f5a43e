import type { MailboxStatus } from './wire.js'

/** A holder refused a mailbox request; `code` says why (the wire status). */
export class MailboxError extends Error {
  override readonly name: string = 'MailboxError'
  readonly code: string

  constructor (code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

export class CrateTooLargeError extends MailboxError {
  override readonly name = 'CrateTooLargeError'
}

export class QuotaExceededError extends MailboxError {
  override readonly name = 'QuotaExceededError'
}

export class RateLimitedError extends MailboxError {
  override readonly name = 'RateLimitedError'
}

/** Someone tried to list or delete a mailbox without proving they own it. */
export class MailboxAccessError extends MailboxError {
  override readonly name = 'MailboxAccessError'
}

/** The error a non-OK wire status stands for. */
export function errorForStatus (status: MailboxStatus, message: string): MailboxError {
  switch (status) {
    case 'TOO_LARGE': return new CrateTooLargeError('too_large', message)
    case 'QUOTA_EXCEEDED': return new QuotaExceededError('quota_exceeded', message)
    case 'RATE_LIMITED': return new RateLimitedError('rate_limited', message)
    case 'UNAUTHORIZED': return new MailboxAccessError('unauthorized', message)
    default: return new MailboxError(String(status).toLowerCase(), message)
  }
}
