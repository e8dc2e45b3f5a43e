/** Errors of feeds and remote logs, matched by their stable `name`. */
import { ParleyError } from '../kernel/index.js'

export type InvalidEntryReason = 'malformed' | 'oversized' | 'forged' | 'future' | 'sequence-gap' | 'out-of-chain' | 'wrong-author'

/** An entry that failed validation; `reason` says which check. */
export class InvalidEntryError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidEntryError'
  readonly reason: InvalidEntryReason

  constructor (reason: InvalidEntryReason, message: string, options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

export type InvalidBlockReason = 'hash-mismatch' | 'malformed' | 'oversized' | 'wrong-author' | 'bad-entry' | 'not-contiguous'

/** A remote-log page or block that failed validation. */
export class InvalidBlockError extends ParleyError {
  static override readonly code = 'invalid_block'
  override readonly name = 'InvalidBlockError'
  readonly reason: InvalidBlockReason

  constructor (reason: InvalidBlockReason, message: string, options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

export type InvalidPointerReason = 'malformed' | 'forged' | 'wrong-author' | 'expired' | 'bad-value'

/** A head pointer (IPNS record) that failed validation. */
export class InvalidPointerError extends ParleyError {
  static override readonly code = 'invalid_pointer'
  override readonly name = 'InvalidPointerError'
  readonly reason: InvalidPointerReason

  constructor (reason: InvalidPointerReason, message: string, options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

/** No holder could supply what a sync needed. */
export class FeedUnavailableError extends ParleyError {
  static override readonly code = 'feed_unavailable'
  override readonly name = 'FeedUnavailableError'
}

/** A request the protocol or the API refuses (bad post, following oneself, ...). */
export class InvalidFeedRequestError extends ParleyError {
  static override readonly code = 'invalid_input'
  override readonly name = 'InvalidFeedRequestError'
}

/** A follower summary (DHT record) that failed validation. */
export class InvalidFollowerSummaryError extends ParleyError {
  static override readonly code = 'invalid_follower_summary'
  override readonly name = 'InvalidFollowerSummaryError'
}
