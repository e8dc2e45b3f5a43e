import type { GroupEntry, GroupState, PersistentState } from './types.js'

/** Majorities, the members in force, and a member's state made, restored and persisted. */

export function majority (members: readonly string[]): number {
  return Math.floor(members.length / 2) + 1
}

/** The members in force after `log`: those of its last membership change, else `base`. */
export function membersOf (log: readonly GroupEntry[], base: string[], end = log.length): string[] {
  for (let i = end - 1; i >= 0; i--) if (log[i].config != null) return log[i].config!
  return base
}

/** A fresh member state, or one restarted from what it persisted. */
export function restore (persisted: PersistentState, now: number): GroupState {
  return {
    ...persisted,
    current: membersOf(persisted.log, persisted.members),
    role: 'follower',
    host: null,
    lastHeard: now,
    lastResend: now,
    hosting: null,
    candidacy: null,
    preVote: null
  }
}

export function initialState (self: string, members: string[], preferred: string[], now: number): GroupState {
  return restore({ self, members: [...members], preferred: [...preferred], term: 0, votedFor: null, logTerm: 0, log: [], commitIndex: 0, outbox: [], lastSeq: 0 }, now)
}

/** The persistent part of a state (what storage keeps). */
export function persistentPart (s: GroupState): PersistentState {
  return { self: s.self, members: s.members, preferred: s.preferred, term: s.term, votedFor: s.votedFor, logTerm: s.logTerm, log: s.log, commitIndex: s.commitIndex, outbox: s.outbox, lastSeq: s.lastSeq }
}
