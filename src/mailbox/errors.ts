/** Errors of mailboxes, matched by their stable `name`; a holder's refusal travels as a wire status. */
import { ParleyError } from '../kernel/index.js'
import type { MailboxStatus } from './wire.js'

/** A holder refused a mailbox request; `status` is the wire status it answered. */
export class MailboxError extends ParleyError {
  static override readonly code: string = 'mailbox_refused'
  /** the wire status of errors of this class (a subclass sets its own) */
  static readonly status: string = 'error'
  override readonly name: string = 'MailboxError'
  /** the wire status, lower case (too_large, quota_exceeded, rate_limited, unauthorized, ...) */
  readonly status: string

  constructor (message: string, options?: ErrorOptions & { status?: string }) {
    super(message, options)
    this.status = options?.status ?? (new.target as typeof MailboxError).status
  }
}

export class CrateTooLargeError extends MailboxError {
  static override readonly code = 'crate_too_large'
  static override readonly status = 'too_large'
  override readonly name = 'CrateTooLargeError'
}

export class QuotaExceededError extends MailboxError {
  static override readonly code = 'mailbox_full'
  static override readonly status = 'quota_exceeded'
  override readonly name = 'QuotaExceededError'
}

export class RateLimitedError extends MailboxError {
  static override readonly code = 'rate_limited'
  static override readonly status = 'rate_limited'
  override readonly name = 'RateLimitedError'
}

/** The crate carries no valid admission (stamp of the holder's difficulty, or the owner's grant). */
export class AdmissionRequiredError extends MailboxError {
  static override readonly code = 'admission_required'
  static override readonly status = 'admission_required'
  override readonly name = 'AdmissionRequiredError'
}

/** The depositor's share of the mailbox is full at this holder (the mailbox may have room for others). */
export class DepositorQuotaError extends MailboxError {
  static override readonly code = 'depositor_quota'
  static override readonly status = 'depositor_quota'
  override readonly name = 'DepositorQuotaError'
}

/** The holder's total space for other people's crates is full. */
export class HolderFullError extends MailboxError {
  static override readonly code = 'holder_full'
  static override readonly status = 'holder_full'
  override readonly name = 'HolderFullError'
}

/** Someone tried to list or delete a mailbox without proving they own it. */
export class MailboxAccessError extends MailboxError {
  static override readonly code = 'mailbox_access_denied'
  static override readonly status = 'unauthorized'
  override readonly name = 'MailboxAccessError'
}

/** The error a non-OK wire status stands for. */
export function errorForStatus (status: MailboxStatus, message: string): MailboxError {
  switch (status) {
    case 'TOO_LARGE': return new CrateTooLargeError(message)
    case 'QUOTA_EXCEEDED': return new QuotaExceededError(message)
    case 'RATE_LIMITED': return new RateLimitedError(message)
    case 'UNAUTHORIZED': return new MailboxAccessError(message)
    case 'ADMISSION_REQUIRED': return new AdmissionRequiredError(message)
    case 'DEPOSITOR_QUOTA': return new DepositorQuotaError(message)
    case 'HOLDER_FULL': return new HolderFullError(message)
    default: return new MailboxError(message, { status: String(status).toLowerCase() })
  }
}
