import type { GroupTiming } from './core/index.js'
import type { StreamLimits } from '../net/index.js'

/** 2.0.0: elections go through a pre-vote, which a 1.0.0 member would drop (it could never grant one) */
export const GROUP_PROTOCOL = '/parley/group/2.0.0'
/** largest frame on the wire (a reset append carries a member's whole uncommitted suffix) */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024
/**
 * Limits of each inbound group stream (src/net/inbound-streams.ts; `ParleyInit.streams`
 * overrides them). Links are long-lived and carry heartbeats every 50 ms while a group
 * runs, so 30 s without a byte means the sender is gone or hostile; the sender gives up a
 * write after SEND_TIMEOUT_MS and opens a new link, so four streams per peer leave room for
 * that while keeping what one peer can make us buffer to 4 × 9 MiB for 30 s.
 */
export const GROUP_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: 30_000,
  deadlineMs: 0,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxBufferedBytes: MAX_FRAME_BYTES + 1024 * 1024,
  maxStreamsPerPeer: 4
}
/** largest message text, as UTF-8 */
export const MAX_TEXT_BYTES = 16 * 1024
/** largest signed entry body: a key entry with a sealed key for each of 64 members, or a message */
export const MAX_ENTRY_BODY_BYTES = 64 * 1024
export const MAX_MEMBERS = 64
export const MAX_GROUP_NAME_LENGTH = 100
export const MAX_ID_LENGTH = 128
export const MAX_ADDRS_PER_MEMBER = 16

/** Core timing on real networks; see docs/protocols/group.md. */
export const GROUP_TIMING: GroupTiming = { heartbeatMs: 50, electionTimeoutMs: 250, rankDelayMs: 100, resendMs: 300, maxBatch: 512 }
/** how often the service ticks each running group's core */
export const TICK_INTERVAL_MS = 10
/**
 * a tick this much later than due means the process was not running (SIGSTOP, a blocked
 * event loop); the time beyond it does not count toward the cores' timeouts
 */
export const STALL_MS = 50
/** ping samples per member pair; the median counts */
export const PING_SAMPLES = 5
export const PING_TIMEOUT_MS = 2_000
/** how long the pseudo-leader waits for latency reports */
export const LATENCY_ROUND_TIMEOUT_MS = 10_000
/** dial and write timeout for one frame */
export const SEND_TIMEOUT_MS = 2_000
/** after a member's device reconnects, the creator re-runs the measurement this much later */
export const REJOIN_REMEASURE_DELAY_MS = 1_000
/** the creator measures at most this often on rejoins */
export const MIN_REMEASURE_INTERVAL_MS = 10_000

/** After creating a group, when its invitation is sent again while the group is not started yet (ms after creation). */
export const INVITATION_RESEND_MS: readonly number[] = [2_000, 6_000, 15_000]

/** Between the devices of one account: configs and committed entries to companions, their sends to the group device (group.md, "Devices"). */
export const MIRROR_PROTOCOL = '/parley/group-mirror/1.0.0'
/** committed entries in one mirror frame (a pull's answer comes in pages of this many) */
export const MIRROR_PAGE_ENTRIES = 512
/** groups one pull may name (a companion with more names the first ones, then pulls again) */
export const MAX_MIRROR_GROUPS = 1_024
/** largest mirror frame: a page of MIRROR_PAGE_ENTRIES entries of MAX_ENTRY_BODY_BYTES would be 32 MiB, so pages also stop at this size */
export const MAX_MIRROR_FRAME_BYTES = 4 * 1024 * 1024
/**
 * Limits of each inbound mirror stream. Like the group links, the sender keeps one
 * long-lived stream per device and writes frames fire and forget; a page is at most
 * MAX_MIRROR_FRAME_BYTES, and only the account's own devices are admitted at all.
 */
export const MIRROR_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: 60_000,
  deadlineMs: 0,
  maxFrameBytes: MAX_MIRROR_FRAME_BYTES,
  maxBufferedBytes: MAX_MIRROR_FRAME_BYTES + 1024 * 1024,
  maxStreamsPerPeer: 4
}
/** a companion sends its unanswered forwards again this often (while the group device is away) */
export const MIRROR_RETRY_MS = 1_000
/** a companion pulls this often besides at login and on a gap (a lost push at the end of a burst is found then) */
export const MIRROR_PULL_INTERVAL_MS = 15_000
/** an unknown peer opening a mirror stream makes at most one profile lookup per this long */
export const MIRROR_LOOKUP_INTERVAL_MS = 10_000
