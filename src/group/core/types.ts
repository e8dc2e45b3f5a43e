/**
 * Types of the group ordering core. Positions are 1-based: `log[i]` is position i + 1,
 * `commitIndex` is the highest committed position (0 = none).
 */

/** One message as its sender made it; `seq` counts the sender's messages from 1. */
export interface GroupEntry {
  id: string
  sender: string
  seq: number
  body: Uint8Array
  /**
   * A membership change: the full member list from this position on (the previous list
   * plus one member). It takes effect where it stands in the log, committed or not.
   */
  config?: string[]
}

/** Timing of the core, in the same unit as `now` (ms in the service). */
export interface GroupTiming {
  /** host → members heartbeat interval (service default 50) */
  heartbeatMs: number
  /** silence after which the most preferred member starts an election (service default 200) */
  electionTimeoutMs: number
  /** extra wait per place in the preferred-host list (service default 100) */
  rankDelayMs: number
  /** how often a member resends its uncommitted messages to the host (service default 200) */
  resendMs: number
  /** most entries in one append, except for a reset which carries the whole suffix (default 512) */
  maxBatch: number
}

/** What survives a crash: the service writes it to storage before sending the messages a step produced. */
export interface PersistentState {
  self: string
  /**
   * the group's members before any membership change in the log: the members it started
   * with (the same list at every member; `[]` at one who joined later, until its log holds
   * the change that added it)
   */
  members: string[]
  /** members by preference as host, most preferred first (signed by the pseudo-leader) */
  preferred: string[]
  /** highest term seen */
  term: number
  /** whom this member answered a collect for (or followed as host) in `term` */
  votedFor: string | null
  /** term of the host whose log this member last accepted in full (VR's "last normal view") */
  logTerm: number
  log: GroupEntry[]
  commitIndex: number
  /** own messages not yet seen committed, in send order */
  outbox: GroupEntry[]
  /** seq of the last message this member sent */
  lastSeq: number
}

export interface HostState {
  /** log length when this term's host took over: a membership change waits until it is committed */
  startLength: number
  /** highest position known stored by each member in this term (self = log length) */
  match: Record<string, number>
  /** next position to send to each member (pipelined) */
  next: Record<string, number>
  /** members known to have accepted this term's log (logTerm = term) */
  synced: Record<string, boolean>
  /** highest seq in the log, by sender (per-sender order and resend idempotence) */
  lastSeqBySender: Record<string, number>
  lastHeartbeat: number
  /**
   * when each member last answered in this term (check-quorum: a host that has not heard a
   * majority within the election timeout steps down); the election time for the members then
   * in force, the first tick that counts it for one added later
   */
  heardAt: Record<string, number>
  /**
   * when this host last sent each member its log from the member's committed prefix (a
   * reset): a member of an older log refuses every append it was sent before the reset
   * reached it (a resumed member answers each heartbeat queued during its stop), and those
   * refusals get no further copy until the resend interval has passed
   */
  resetAt: Record<string, number>
}

export interface CandidateState {
  replies: Record<string, CollectReply>
}

/** A pre-vote round (Raft thesis §9.6): whether a majority would answer a collect of `term`. */
export interface PreVoteState {
  /** the term this member would stand in (its term + 1) */
  term: number
  /** members that said they would, self included */
  granted: string[]
  /** when the round was sent (the next one goes out a full election wait later) */
  at: number
}

export interface GroupState extends PersistentState {
  /** the members in force: those of the last membership change in the log, else `members` */
  current: string[]
  role: 'follower' | 'candidate' | 'host'
  /** the host of `term`, when known */
  host: string | null
  /** last time this member heard from its host or granted a collect (or adopted a newer term) */
  lastHeard: number
  lastResend: number
  hosting: HostState | null
  candidacy: CandidateState | null
  /** the pre-vote under way, if any (a follower or candidate whose election timer ran out) */
  preVote: PreVoteState | null
}

/** Host → member: "my log from position prev + 1 on is `entries`". Empty = heartbeat. */
export interface Append {
  type: 'append'
  term: number
  prev: number
  entries: GroupEntry[]
  commitIndex: number
  /** entries run to the end of the host's log: a member of an older log term may adopt it */
  reset: boolean
  /**
   * sent only because the commit index moved (no entries): a member that accepts it does
   * not reply (its reply would tell the host nothing new; heartbeats are still answered)
   */
  notice?: true
}

export interface AppendReply {
  type: 'append-reply'
  term: number
  ok: boolean
  logTerm: number
  length: number
  commitIndex: number
}

/** Candidate → all: "send me your state for `term`" (state migration). */
export interface Collect {
  type: 'collect'
  term: number
  /** entries after this position are wanted */
  commitIndex: number
}

export interface CollectReply {
  type: 'collect-reply'
  term: number
  logTerm: number
  length: number
  commitIndex: number
  /** entries after the candidate's commitIndex */
  entries: GroupEntry[]
}

/**
 * Would-be candidate → all (a pre-vote): "would you answer a collect of `term`?". Nobody's
 * term or vote changes; a member grants it only if it no longer hears a host.
 */
export interface PreCollect {
  type: 'pre-collect'
  /** the term the sender would stand in: its own term + 1 */
  term: number
  /**
   * how many members are in force at the sender (each membership change adds one): a
   * member that knows more sends it the newer config, so it can hear a host it did not know
   */
  members: number
  /** names the round (the sender's time when it sent it): a reply echoes it, so a late one does not count for the next round */
  round: number
}

export interface PreCollectReply {
  type: 'pre-collect-reply'
  /** granted: the asked term; refused: the replier's own term (a newer one ends the pre-vote) */
  term: number
  granted: boolean
  /** the round answered */
  round: number
}

/** Member → host: uncommitted own messages, in send order. */
export interface Submit {
  type: 'submit'
  term: number
  entries: GroupEntry[]
}

export type GroupMessage = Append | AppendReply | Collect | CollectReply | PreCollect | PreCollectReply | Submit

export type GroupInput =
  | { type: 'tick', now: number }
  | { type: 'receive', now: number, from: string, message: GroupMessage }
  /** the local user sends a message */
  | { type: 'send', now: number, id: string, body: Uint8Array, config?: string[] }
  | { type: 'set-preferred', now: number, preferred: string[] }
  /**
   * the member did not run for `pausedMs` before `now` (a stopped process, a blocked event
   * loop: its ticks came late): that time does not count toward its timeouts
   */
  | { type: 'resume', now: number, pausedMs: number }

export type GroupOutput =
  | { type: 'send', to: string, message: GroupMessage }
  /** newly committed entries, positions `from + 1` on, to deliver in order */
  | { type: 'deliver', from: number, entries: GroupEntry[] }
  /** the log was cut to `from` entries and `entries` appended (storage mirrors this) */
  | { type: 'log', from: number, entries: GroupEntry[] }
  | { type: 'role', role: GroupState['role'], term: number, host: string | null }

export interface StepResult {
  state: GroupState
  outputs: GroupOutput[]
}
