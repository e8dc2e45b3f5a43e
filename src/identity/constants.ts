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
/**
 * Longest device id (a peer id string) accepted anywhere one is named: a profile's device
 * list, a crate admission, a device mailbox's fetch proof, a feed entry's chain, a
 * remote-log page, in characters.
 */
export const MAX_DEVICE_ID_LENGTH = 128
/** Removed devices a profile remembers (the newest removals), so a stale profile cannot list them again. */
export const MAX_REMOVED_DEVICES = 16
/** Longest device name, in characters. */
export const MAX_DEVICE_NAME_LENGTH = 64
export const MAX_ADDRS_PER_DEVICE = 8
export const MAX_ADDR_LENGTH = 256

/** Usernames: 3-32 of a-z, 0-9 and underscore. */
export const USERNAME_PATTERN = /^[a-z0-9_]{3,32}$/

/** scrypt cost for new keystores: N = 2^17, r = 8, p = 1 (OWASP's recommendation). */
export const SCRYPT_DEFAULTS = { logN: 17, r: 8, p: 1 } as const
/**
 * Bounds on the shape of scrypt parameters a keystore record may carry (the DHT
 * validators check these). Whether this node will run them is KDF_BOUND's question.
 */
export const SCRYPT_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 16, maxP: 4 } as const
/**
 * The most key derivation work this node does for one keystore: what a phone can run, so
 * any keystore Parley accepts can be opened on any device of its user, and a keystore
 * published by a stranger cannot make a login cost more. Memory is 128·N·r bytes: at most
 * 128 MiB (N·r ≤ 2^20, the default N = 2^17, r = 8), the most a phone's app process can
 * give one computation next to everything else it holds; work grows with N·r·p: at most
 * twice the default (N·r·p ≤ 2^21, about 0.3-0.6 s on this decade's phones). A keystore
 * beyond either is refused before scrypt runs (KeystoreTooCostlyError). docs/protocols/records.md.
 */
export const KDF_BOUND = { maxMemoryBytes: 128 * 2 ** 20, maxWork: 2 ** 21 } as const
/** How many key derivations run at once by default: one 128 MiB scrypt at a time. */
export const KDF_CONCURRENCY = 1
/** How many key derivations wait for a turn by default; beyond them a login answers 503 kdf_busy. */
export const KDF_MAX_QUEUED = 8
/**
 * Login attempts per client and per username (login-throttle.ts): this many are free, then
 * each further attempt waits twice as long as the one before, from 1 s up to 15 min; a key
 * with no attempt for 15 min starts over, and a correct password clears its username and
 * client.
 */
export const LOGIN_LIMITS = { freeAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 15 * 60_000, maxTracked: 10_000 } as const

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
