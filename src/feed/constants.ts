/** Limits and defaults of feeds and remote logs. */
import type { StreamLimits } from '../net/index.js'

/** Largest SignedEntry accepted, in bytes. */
export const MAX_ENTRY_BYTES = 4096
/** Device chains one author's remote-log heads block or GET_LOG request may name. */
export const MAX_CHAINS = 64
/** Longest post text, in UTF-8 bytes. */
export const MAX_POST_BYTES = 2000
/** How far an entry's timestamp may lie ahead of the receiver's clock, in ms (as records: 15 min). */
export const MAX_ENTRY_SKEW_MS = 15 * 60_000
/** Largest remote-log block (page or entry) accepted, in bytes. */
export const MAX_BLOCK_BYTES = 512 * 1024
/** Blocks one GET answer may carry. */
export const MAX_BLOCKS_PER_ANSWER = 16_384
/** Block data one BLOCKS message of a batched GET answer carries at most (a larger block goes alone). */
export const MAX_BATCH_BYTES = 256 * 1024
/** Blocks one BLOCKS message may carry. */
export const MAX_BLOCKS_PER_MESSAGE = 1024
/** Blocks one PUT may carry. */
export const MAX_BLOCKS_PER_PUT = 64
/** Entries one GET_LOG answer may carry. */
export const MAX_LOG_ANSWER = 1000
/** Blocks pushed to the R closest peers to their CID. */
export const REPLICATION_FACTOR = 3
/** Default lifetime of others' cached entries and blocks, in ms (30 days). */
export const DEFAULT_RETENTION_MS = 30 * 24 * 3600_000
/** Lifetime of the IPNS head pointer, in ms (republished on each post and login). */
export const POINTER_LIFETIME_MS = 7 * 24 * 3600_000
/** Timeout of one remote call (feed or block protocol), in ms. */
export const REMOTE_CALL_TIMEOUT_MS = 10_000
/** Peers of a topic a node dials to join its mesh: more than gossipsub's D (4), so it has peers to mesh with and to gossip to. */
export const MESH_DIALS = 6

export const FEED_PROTOCOL = '/parley/feed/1.0.0'
export const BLOCK_PROTOCOL = '/parley/blocks/1.0.0'

/** Largest message of the feed protocol: a request or an answer carrying one entry. */
export const MAX_FEED_MESSAGE_BYTES = MAX_ENTRY_BYTES + 512
/** Largest message of the block protocol from a peer to us: a PUT of MAX_BLOCKS_PER_PUT blocks. */
export const MAX_BLOCK_REQUEST_BYTES = MAX_BLOCKS_PER_PUT * (MAX_BLOCK_BYTES + 1024)

/**
 * Limits of each inbound feed stream (src/net/inbound-streams.ts; `ParleyInit.streams`
 * overrides them): one request and its answer, within the caller's own call timeout.
 * A node syncing many authors may ask one peer for many logs at once.
 */
export const FEED_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: REMOTE_CALL_TIMEOUT_MS,
  deadlineMs: REMOTE_CALL_TIMEOUT_MS,
  maxFrameBytes: MAX_FEED_MESSAGE_BYTES,
  maxBufferedBytes: MAX_FEED_MESSAGE_BYTES + 64 * 1024,
  maxStreamsPerPeer: 64
}

/**
 * Limits of each inbound block stream: one GET or PUT and its answer. A PUT frame is large
 * (64 blocks of up to 512 KiB), so one peer gets fewer streams at once than on the feed
 * protocol; a GET answer of many blocks may take three call timeouts to write.
 */
export const BLOCK_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: REMOTE_CALL_TIMEOUT_MS,
  deadlineMs: 3 * REMOTE_CALL_TIMEOUT_MS,
  maxFrameBytes: MAX_BLOCK_REQUEST_BYTES,
  maxBufferedBytes: MAX_BLOCK_REQUEST_BYTES + 64 * 1024,
  maxStreamsPerPeer: 16
}

/** Remote-log layouts (see docs/protocols/remote-log.md). */
export type FeedMode = 'inline' | 'paged' | 'linked'
export const DEFAULT_FEED_MODE: FeedMode = 'paged'

/** Per mode: entries a page covers, and how many of its newest are inline (the rest by CID). */
export const PAGE_LAYOUT: Record<FeedMode, { perPage: number, inline: number }> = {
  inline: { perPage: 64, inline: 64 },
  paged: { perPage: 128, inline: 16 },
  linked: { perPage: 1, inline: 1 }
}

/** How often an archive node syncs each feed it keeps, besides following it live (5 min). */
export const ARCHIVE_SYNC_INTERVAL_MS = 5 * 60_000
/** How soon an archive node tries again a feed it could not resolve or sync (10 s). */
export const ARCHIVE_RETRY_MS = 10_000
/**
 * Follows one follower summary lists (docs/protocols/feed.md, "Counts"); a user with more
 * followers is counted from the newest ones, and readers say the count is partial.
 */
export const MAX_SUMMARY_FOLLOWS = 128
/** Largest follower summary, in bytes: 128 follows of ~210 bytes, well inside a 64 KiB kad-dht answer. */
export const MAX_SUMMARY_BYTES = 32 * 1024
/** How long a node gathers changes of its followers before it signs a new summary, in ms. */
export const SUMMARY_DEBOUNCE_MS = 500
/** How long a count waits for a user's remote log and follower summary, in ms. */
export const COUNTS_TIMEOUT_MS = 10_000
/** Providers of a user's topic whose logs a count fetches when no follower summary is found. */
export const COUNTS_FALLBACK_PROVIDERS = 20
