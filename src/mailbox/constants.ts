import type { StreamLimits } from '../net/index.js'

/** 2.0.0: holders admit only crates with an admission (stamp or grant); 1.0.0 senders would be refused crate by crate. */
export const MAILBOX_PROTOCOL = '/parley/mailbox/2.0.0'

/** Replicas per mailbox: crates go to the K closest peers to the mailbox key. */
export const REPLICATION_FACTOR = 5

/** Largest frame on a mailbox stream (a page of crates), in bytes. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024
/** Most crates in one deposit or one page. */
export const MAX_CRATES_PER_FRAME = 256
/** Most crate ids in one ack or offer. */
export const MAX_IDS_PER_FRAME = 4096
/** Requests one mailbox stream may carry before the holder ends it. */
export const MAX_REQUESTS_PER_STREAM = 10_000

/** Per-mailbox quota at each holder (defaults; ReplicaInit may change them). */
export const DEFAULT_MAILBOX_QUOTA = { bytes: 16 * 1024 * 1024, crates: 20_000 }
/** All crates a holder keeps for other people, across mailboxes (defaults; ReplicaInit may change them). */
export const DEFAULT_HOLDER_QUOTA = { bytes: 512 * 1024 * 1024, crates: 100_000 }
/**
 * Per depositor key, in one mailbox at one holder: a stamped (stranger's) depositor gets a
 * share enough for a first contact's messages until the owner answers with a grant (256
 * crates: a hundred messages sent one by one fit); a granted depositor (someone the owner
 * writes to) a quarter of the mailbox.
 */
export const DEFAULT_DEPOSITOR_QUOTA = {
  stamped: { bytes: 1024 * 1024, crates: 256 },
  granted: { bytes: 4 * 1024 * 1024, crates: 5_000 }
}
/**
 * The part of each mailbox, and of the holder's total, that stamped crates may fill: the
 * rest stays for granted ones, so strangers minting stamps cannot crowd out contacts.
 */
export const DEFAULT_STAMPED_FRACTION = 0.5
/**
 * Leading zero bits a crate's stamp needs (hashcash over SHA-256): about 2^22 hashes, some
 * 4 s of one core at 1 M SHA-256/s, paid once per sender and recipient. Loopback tests
 * and benchmarks lower it through ParleyInit.mailbox.stampBits.
 */
export const DEFAULT_STAMP_BITS = 22
/** Deposits per remote peer: a token bucket of this many crates, refilled per second. */
export const DEFAULT_RATE_LIMIT = { burst: 3_000, perSecond: 500 }

/** How long one remote mailbox call may take. */
export const MAILBOX_CALL_TIMEOUT_MS = 10_000
/**
 * Limits of each inbound mailbox stream (src/net/inbound-streams.ts; `ParleyInit.streams`
 * overrides them). A stream is a conversation of requests, each answered before the next:
 * a caller silent for one call timeout is gone, and the whole conversation (a fetch of a
 * full mailbox, 16 MiB in 2 MiB pages) fits in five minutes on a slow link. Deposits to many
 * mailboxes at one holder run side by side, hence 64 streams per peer.
 */
export const MAILBOX_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: MAILBOX_CALL_TIMEOUT_MS,
  deadlineMs: 5 * 60_000,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxBufferedBytes: MAX_FRAME_BYTES + 64 * 1024,
  maxStreamsPerPeer: 64
}
/** How long a closest-peers lookup for a mailbox key may take before flooding instead. */
export const CLOSEST_LOOKUP_TIMEOUT_MS = 10_000
/** How often holders re-check the K closest peers of the mailboxes they hold. */
export const UPKEEP_INTERVAL_MS = 60_000
/** How often expired crates and tombstones are swept. */
export const SWEEP_INTERVAL_MS = 60_000
/** How long a deposit reuses the K closest peers found for a mailbox before walking the DHT again. */
export const PLACEMENT_CACHE_MS = 10_000
