import type { StreamLimits } from '../net/index.js'
import { MAX_CRATE_BYTES } from '../crate/index.js'

/** Protocol id of the direct path: one crate per frame, one acknowledgement back. */
export const DM_PROTOCOL = '/parley/dm/1.0.0'

/** Longest message text, in characters (a crate must still fit MAX_CRATE_BYTES). */
export const MAX_TEXT_LENGTH = 16 * 1024
/** Most recipients of one message. */
export const MAX_RECIPIENTS = 32
/** Most message ids in one receipt. */
export const MAX_RECEIPT_IDS = 1024

/** How often the logged-in user's mailbox is polled and owed receipts are retried, in ms. */
export const DM_POLL_INTERVAL_MS = 30_000

/** How long a direct delivery (dial, send, acknowledgement) may take before we deposit instead. */
export const DIRECT_TIMEOUT_MS = 5_000
/** How long one profile lookup for a recipient may take. */
export const LOOKUP_TIMEOUT_MS = 15_000

/** Most unsent messages one pass of resumeUnsent sends again (at login and every poll; more wait for the next). */
export const MAX_RESUMED = 1_000
/** Most messages one crate carries when several wait for the same recipient. */
export const MAX_MESSAGES_PER_CRATE = 256
/** Payload budget of one crate of queued messages, in bytes (the crate adds ~400 B). */
export const CRATE_PAYLOAD_BUDGET = 56 * 1024
/** Crates in flight to one recipient at a time; more messages queue and travel together. */
export const MAX_CRATES_IN_FLIGHT = 2

/** Largest frame of the direct path: a crate plus the frame's own few bytes. */
export const MAX_DIRECT_FRAME_BYTES = MAX_CRATE_BYTES + 64
/**
 * Limits of each inbound direct link (src/net/inbound-streams.ts; `ParleyInit.streams`
 * overrides them). A link is long-lived: no deadline, and after a minute with nothing to
 * carry it is closed (the sender opens a new one when it next has a crate; it stops reusing
 * a link after half that time, so a crate and the close do not cross). A few crates may
 * queue while one is handled; one peer keeps one link, so four streams leave room for a
 * reconnection.
 */
export const DM_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: 60_000,
  deadlineMs: 0,
  maxFrameBytes: MAX_DIRECT_FRAME_BYTES,
  maxBufferedBytes: 8 * MAX_DIRECT_FRAME_BYTES,
  maxStreamsPerPeer: 4
}
/** How long a grant to deposit in this user's mailbox lasts; every message carries a fresh one. */
export const GRANT_TTL_MS = 365 * 24 * 3600_000
/** A received grant is used only while it outlives a crate's stay at the holders (30 days), so upkeep copies stay admissible. */
export const GRANT_MIN_REMAINING_MS = 31 * 24 * 3600_000

/** grants a session remembers having given today, by grantee, so a message does not sign its grant again (LRU) */
export const GRANT_CACHE_SIZE = 256

/** Most own-device sync rows (sent copies, read marks) one account keeps queued; the oldest are dropped beyond it, with a log line. */
export const MAX_DEVICE_SYNC_ROWS = 10_000

/** Most queued own-device sync rows one pass sends (after a send or read, at login and every poll; more wait for the next). */
export const MAX_DEVICE_SYNC_PER_PASS = 256

/**
 * How long the own-device pass after a send or read waits while the account's last pass found no other device: the
 * rows queued meanwhile go in one pass and one delete (a device linked meanwhile gets them from that pass).
 */
export const ALONE_SYNC_DELAY_MS = 1_000
