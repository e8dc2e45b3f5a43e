/** DHT key namespaces. Every Parley key lives under one of these. */
export const NAME_NAMESPACE = 'parley-name'
export const PROFILE_NAMESPACE = 'parley-profile'
export const KEYSTORE_NAMESPACE = 'parley-keystore'

/** Largest encoded SignedRecord accepted for each record type, in bytes. */
export const MAX_RECORD_BYTES = {
  'name-claim': 512,
  profile: 4096,
  keystore: 1024
} as const

/**
 * How far in the future a record timestamp may lie: the clock skew between two nodes that
 * Parley tolerates (docs/protocols/identity.md). Laptops and phones are often minutes off;
 * beyond 1 min a node is told (net/clock-probe.ts), beyond this its records are refused.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000

export const MAX_DEVICES = 8
export const MAX_ADDRS_PER_DEVICE = 8
export const MAX_ADDR_LENGTH = 256

/** Usernames: 3-32 of a-z, 0-9 and underscore. */
export const USERNAME_PATTERN = /^[a-z0-9_]{3,32}$/

/** scrypt cost for new keystores: N = 2^17, r = 8, p = 1 (OWASP's recommendation). */
export const SCRYPT_DEFAULTS = { logN: 17, r: 8, p: 1 } as const
/** Bounds on scrypt parameters accepted from a record, so nobody can make us spin or starve. */
export const SCRYPT_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 16, maxP: 4 } as const

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 1024

/** How often a node republishes the records of every account it holds (peers keep a record 48 h). */
export const RECORD_REPUBLISH_INTERVAL_MS = 60 * 60_000
/**
 * A profile that says online but whose `last_seen` is older than this shows its user
 * offline: the device stopped refreshing it (crashed, cut off). Five default presence
 * intervals, so a late or failed refresh or two do not flip it.
 */
export const PRESENCE_STALE_MS = 5 * 60_000
