/** Protocol id of the direct path: one crate per frame, one acknowledgement back. */
export const DM_PROTOCOL = '/parley/dm/1.0.0'

/** Longest message text, in characters (a crate must still fit MAX_CRATE_BYTES). */
export const MAX_TEXT_LENGTH = 16 * 1024
/** Most recipients of one message. */
export const MAX_RECIPIENTS = 32
/** Most message ids in one receipt. */
export const MAX_RECEIPT_IDS = 1024

/** How long a direct delivery (dial, send, acknowledgement) may take before we deposit instead. */
export const DIRECT_TIMEOUT_MS = 5_000
/** How long one profile lookup for a recipient may take. */
export const LOOKUP_TIMEOUT_MS = 15_000

/** Most messages one crate carries when several wait for the same recipient. */
export const MAX_MESSAGES_PER_CRATE = 256
/** Payload budget of one crate of queued messages, in bytes (the crate adds ~400 B). */
export const CRATE_PAYLOAD_BUDGET = 56 * 1024
/** Crates in flight to one recipient at a time; more messages queue and travel together. */
export const MAX_CRATES_IN_FLIGHT = 2

/** How long a grant to deposit in this user's mailbox lasts; every message carries a fresh one. */
export const GRANT_TTL_MS = 365 * 24 * 3600_000
/** A received grant is used only while it outlives a crate's stay at the holders (30 days), so upkeep copies stay admissible. */
export const GRANT_MIN_REMAINING_MS = 31 * 24 * 3600_000
