/** Largest encoded crate accepted anywhere (direct, deposit, upkeep copy), in bytes. */
export const MAX_CRATE_BYTES = 64 * 1024

/** How long a crate may wait in mailboxes before holders drop it: 30 days. */
export const CRATE_TTL_MS = 30 * 24 * 3600_000

/** Length of a crate id, random per crate. */
export const CRATE_ID_BYTES = 16
