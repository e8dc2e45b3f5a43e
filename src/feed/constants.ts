/** Limits and defaults of feeds and remote logs. */

/** Largest SignedEntry accepted, in bytes. */
export const MAX_ENTRY_BYTES = 4096
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

/** Remote-log layouts (see docs/protocols/remote-log.md). */
export type FeedMode = 'inline' | 'paged' | 'linked'
export const DEFAULT_FEED_MODE: FeedMode = 'paged'

/** Per mode: entries a page covers, and how many of its newest are inline (the rest by CID). */
export const PAGE_LAYOUT: Record<FeedMode, { perPage: number, inline: number }> = {
  inline: { perPage: 64, inline: 64 },
  paged: { perPage: 128, inline: 16 },
  linked: { perPage: 1, inline: 1 }
}
