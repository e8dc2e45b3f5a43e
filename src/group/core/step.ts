import { majority, membersOf } from './state.js'
import type {
  Append, AppendReply, Collect, CollectReply, GroupEntry, GroupInput, GroupMessage, GroupOutput, GroupState,
  GroupTiming, PreCollect, PreCollectReply, StepResult
} from './types.js'

/**
 * The group ordering state machine (sans-IO): `step(state, input)` returns the next state
 * and what to do (send, deliver, store). It reads no clock and draws no random numbers:
 * time comes in on every input. The passed state is consumed (it may be updated in place,
 * so the log is not copied on every message); keep a `structuredClone` to compare.
 *
 * Protocol (docs/protocols/group.md): one host per term assigns positions and replicates;
 * an entry commits once a majority has stored it in the host's term. A new host collects
 * the state of a majority first and continues from the most advanced log, compared by
 * (logTerm, length) as in Viewstamped Replication. Elections go through a pre-vote and the
 * host checks its quorum (Raft thesis §9.6), so a member that was away (partitioned, a
 * stopped process) cannot displace a host that a majority still hears.
 */

export function step (state: GroupState, input: GroupInput, timing: GroupTiming): StepResult {
  const m = new Machine(state, timing, input.now)
  switch (input.type) {
    case 'tick': m.tick(); break
    case 'send': m.sendOwn(input.id, input.body, input.config); break
    case 'set-preferred': state.preferred = [...input.preferred]; break
    case 'receive': m.receive(input.from, input.message); break
    case 'resume': m.resume(input.pausedMs); break
  }
  return { state, outputs: m.outputs }
}

class Machine {
  readonly s: GroupState
  readonly t: GroupTiming
  readonly now: number
  readonly outputs: GroupOutput[] = []

  constructor (s: GroupState, t: GroupTiming, now: number) {
    this.s = s
    this.t = t
    this.now = now
  }

  send (to: string, message: GroupMessage): void {
    this.outputs.push({ type: 'send', to, message })
  }

  others (): string[] {
    return this.s.current.filter((m) => m !== this.s.self)
  }

  /** After the log changed from index `from` on (0: rewritten): the members in force. */
  logChanged (from: number): void {
    const s = this.s
    for (let i = s.log.length - 1; i >= from; i--) {
      if (s.log[i].config != null) { s.current = s.log[i].config!; return }
    }
    if (from === 0) s.current = s.members
  }

  roleChanged (): void {
    this.outputs.push({ type: 'role', role: this.s.role, term: this.s.term, host: this.s.host })
  }

  // ---- inputs -------------------------------------------------------------------------

  tick (): void {
    const s = this.s
    if (s.role === 'host') {
      if (!this.hearsMajority()) { this.stepDown(); return }
      if (this.now - s.hosting!.lastHeartbeat >= this.t.heartbeatMs) this.heartbeat()
      return
    }
    const rank = s.preferred.indexOf(s.self)
    const wait = this.t.electionTimeoutMs + (rank < 0 ? s.current.length : rank) * this.t.rankDelayMs
    // only a member in force stands; one still joining waits for the log that adds it. A
    // pre-vote that found no majority is sent again a full wait later.
    if (this.now - (s.preVote?.at ?? s.lastHeard) >= wait && s.current.includes(s.self)) {
      this.startPreVote()
      return
    }
    if (s.outbox.length > 0 && this.now - s.lastResend >= this.t.resendMs) this.resend()
  }

  /**
   * The member did not run for `pausedMs`: its silence timers move on by that much (never
   * past now), so a stopped process that resumes neither stands at once nor, as host,
   * steps down for answers it could not read while stopped. A pre-vote under way is dropped.
   */
  resume (pausedMs: number): void {
    const s = this.s
    const later = (at: number): number => Math.min(this.now, at + Math.max(0, pausedMs))
    s.lastHeard = later(s.lastHeard)
    s.preVote = null
    const heard = s.hosting?.heardAt
    if (heard != null) for (const m of Object.keys(heard)) heard[m] = later(heard[m])
  }

  sendOwn (id: string, body: Uint8Array, config?: string[]): void {
    const s = this.s
    const entry: GroupEntry = { id, sender: s.self, seq: s.lastSeq + 1, body }
    if (config != null) entry.config = [...config]
    s.lastSeq = entry.seq
    s.outbox.push(entry)
    if (s.role === 'host') this.hostAppend([entry], s.self)
    else if (s.host != null) this.send(s.host, { type: 'submit', term: s.term, entries: [entry] })
  }

  receive (from: string, msg: GroupMessage): void {
    const s = this.s
    if (from === s.self) return // who may talk to the group is the service's check
    // a pre-vote changes nobody's term
    if (msg.type === 'pre-collect') { this.onPreCollect(from, msg); return }
    if (msg.type === 'pre-collect-reply') { this.onPreCollectReply(from, msg); return }
    // a member that still hears its host does not help anyone displace it (a candidate that
    // won a pre-vote gets its majority from the others)
    if (msg.type === 'collect' && msg.term > s.term && this.inLease()) return
    if (msg.term > s.term) this.adoptTerm(msg.term)
    if (s.role === 'host' && msg.term === s.term && (msg.type === 'append-reply' || msg.type === 'submit')) s.hosting!.heardAt[from] = this.now
    switch (msg.type) {
      case 'append': this.onAppend(from, msg); break
      case 'append-reply': this.onAppendReply(from, msg); break
      case 'collect': this.onCollect(from, msg); break
      case 'collect-reply': this.onCollectReply(from, msg); break
      case 'submit': if (s.role === 'host') this.hostAppend(msg.entries, from); break
    }
  }

  /** A newer term: follow (a host or candidate steps down), and restart the election timer. */
  adoptTerm (term: number): void {
    const s = this.s
    const wasLeading = s.role !== 'follower'
    s.term = term
    s.votedFor = null
    s.role = 'follower'
    s.host = null
    s.hosting = null
    s.candidacy = null
    s.preVote = null
    // a host that learns it was replaced (it was stopped, or cut off) waits for the new
    // host's appends instead of standing at once on its old silence timer
    s.lastHeard = this.now
    if (wasLeading) this.roleChanged()
  }

  /** A host while it hears a majority (else it steps down at its next tick); a follower while it heard its host within the election timeout. */
  inLease (): boolean {
    const s = this.s
    if (s.role === 'host') return true
    return s.host != null && this.now - s.lastHeard < this.t.electionTimeoutMs
  }

  // ---- member side --------------------------------------------------------------------

  onAppend (from: string, msg: Append): void {
    const s = this.s
    const reply = (ok: boolean): void => {
      this.send(from, { type: 'append-reply', term: s.term, ok, logTerm: s.logTerm, length: s.log.length, commitIndex: s.commitIndex })
    }
    if (msg.term < s.term) { reply(false); return } // a stale host: tell it the new term
    if (s.role === 'host') return // one host per term: only a forged append gets here
    s.lastHeard = this.now
    s.preVote = null
    if (s.host !== from) {
      s.role = 'follower'
      s.candidacy = null
      s.host = from
      s.votedFor ??= from
      this.roleChanged()
      if (s.outbox.length > 0) this.resend()
    }
    if (s.logTerm === s.term) {
      if (msg.prev > s.log.length) { reply(false); return }
      // same host log: only extend, never cut (an old append may arrive late)
      const end = msg.prev + msg.entries.length
      if (end > s.log.length) {
        const fresh = msg.entries.slice(s.log.length - msg.prev)
        const from = s.log.length
        this.outputs.push({ type: 'log', from, entries: fresh })
        s.log.push(...fresh)
        this.logChanged(from)
      }
    } else {
      if (!msg.reset || msg.prev > s.commitIndex) { reply(false); return }
      // adopt the host's log whole: keep the agreed committed prefix, replace the rest
      s.log.length = msg.prev
      s.log.push(...msg.entries)
      s.logTerm = s.term
      this.logChanged(0)
      this.outputs.push({ type: 'log', from: msg.prev, entries: msg.entries })
    }
    this.advanceCommit(Math.min(msg.commitIndex, s.log.length))
    if (msg.notice !== true || msg.entries.length > 0) reply(true)
  }

  onCollect (from: string, msg: Collect): void {
    const s = this.s
    if (msg.term < s.term) {
      // a stale candidate learns the newer term from a refusal: a collect-reply of that term
      // would count as a vote if it has meanwhile stood in that very term (two hosts)
      this.send(from, { type: 'pre-collect-reply', term: s.term, granted: false, round: 0 })
      return
    }
    if (s.votedFor != null && s.votedFor !== from) return
    s.votedFor = from
    s.lastHeard = this.now
    this.send(from, { type: 'collect-reply', term: s.term, logTerm: s.logTerm, length: s.log.length, commitIndex: s.commitIndex, entries: s.log.slice(msg.commitIndex) })
  }

  resend (): void {
    const s = this.s
    s.lastResend = this.now
    if (s.host == null || s.host === s.self) return
    this.send(s.host, { type: 'submit', term: s.term, entries: s.outbox.slice(0, this.t.maxBatch) })
  }

  advanceCommit (to: number): void {
    const s = this.s
    if (to <= s.commitIndex) return
    const from = s.commitIndex
    const entries = s.log.slice(from, to)
    s.commitIndex = to
    this.outputs.push({ type: 'deliver', from, entries })
    let mine = 0
    for (const e of entries) if (e.sender === s.self) mine = e.seq
    if (mine > 0) s.outbox = s.outbox.filter((e) => e.seq > mine)
  }

  // ---- election -----------------------------------------------------------------------

  /**
   * The election timer ran out: ask whether a majority would vote before raising the term
   * (a member that was away would otherwise force every member, host included, into its
   * newer term).
   */
  startPreVote (): void {
    const s = this.s
    s.preVote = { term: s.term + 1, granted: [s.self], at: this.now }
    for (const m of new Set([...s.current, ...s.members])) if (m !== s.self) this.send(m, { type: 'pre-collect', term: s.preVote.term, members: s.current.length, round: this.now })
    this.maybeStand()
  }

  /** Granted only to a newer term, by a member that no longer hears a host. */
  onPreCollect (from: string, msg: PreCollect): void {
    const s = this.s
    const granted = msg.term > s.term && !this.inLease()
    this.send(from, { type: 'pre-collect-reply', term: granted ? msg.term : s.term, granted, round: msg.round })
  }

  onPreCollectReply (from: string, msg: PreCollectReply): void {
    const s = this.s
    if (!msg.granted) {
      if (msg.term > s.term) this.adoptTerm(msg.term) // behind: follow that term's host instead
      return
    }
    // a grant counts for the round it answered, while it is fresh: one that waited out a
    // stop of this member says nothing about who hears a host now
    if (s.preVote == null || msg.term !== s.preVote.term || msg.round !== s.preVote.at || this.now - s.preVote.at >= this.t.electionTimeoutMs) return
    if (!s.preVote.granted.includes(from)) s.preVote.granted.push(from)
    this.maybeStand()
  }

  /** A majority of the members in force granted the pre-vote: the real election. */
  maybeStand (): void {
    const s = this.s
    if (s.preVote!.granted.filter((m) => s.current.includes(m)).length < majority(s.current)) return
    s.preVote = null
    this.startElection()
  }

  /** Check-quorum: a host that has not heard from a majority within the election timeout steps down. */
  hearsMajority (): boolean {
    const s = this.s
    const heardAt = s.hosting!.heardAt
    let heard = 0
    for (const m of s.current) if (m === s.self || this.now - (heardAt[m] ??= this.now) < this.t.electionTimeoutMs) heard++
    return heard >= majority(s.current)
  }

  /** Stays in its term as a follower of nobody; the members elect once their timers run out. */
  stepDown (): void {
    const s = this.s
    s.role = 'follower'
    s.host = null
    s.hosting = null
    s.lastHeard = this.now
    this.roleChanged()
  }

  startElection (): void {
    const s = this.s
    s.term += 1
    s.votedFor = s.self
    s.role = 'candidate'
    s.host = null
    s.hosting = null
    s.lastHeard = this.now
    s.candidacy = { replies: {} }
    this.roleChanged()
    s.candidacy.replies[s.self] = { type: 'collect-reply', term: s.term, logTerm: s.logTerm, length: s.log.length, commitIndex: s.commitIndex, entries: s.log.slice(s.commitIndex) }
    for (const m of new Set([...s.current, ...s.members])) if (m !== s.self) this.send(m, { type: 'collect', term: s.term, commitIndex: s.commitIndex })
    this.maybeWin()
  }

  onCollectReply (from: string, msg: CollectReply): void {
    const s = this.s
    if (s.role !== 'candidate' || msg.term !== s.term) return
    s.candidacy!.replies[from] = msg
    this.maybeWin()
  }

  maybeWin (): void {
    const s = this.s
    const replies = s.candidacy!.replies
    // state migration: continue from the most advanced log among the replies; the votes
    // count among the members in force in that log (as if its holder stood, Raft-style)
    let best = replies[s.self]
    let maxCommit = s.commitIndex
    for (const r of Object.values(replies)) {
      if (r.logTerm > best.logTerm || (r.logTerm === best.logTerm && r.length > best.length)) best = r
      maxCommit = Math.max(maxCommit, r.commitIndex)
    }
    const members = membersOf(best.entries, membersOf(s.log, s.members, s.commitIndex))
    if (!members.includes(s.self)) return
    if (Object.keys(replies).filter((m) => members.includes(m)).length < majority(members)) return
    const base = s.commitIndex
    if (best.length < base) throw new Error(`group core: best log (${best.length}) shorter than commit index ${base}`)
    if (best !== replies[s.self] || s.log.length !== base + best.entries.length) {
      s.log.length = base
      s.log.push(...best.entries)
      this.logChanged(0)
      this.outputs.push({ type: 'log', from: base, entries: best.entries })
    }
    if (maxCommit > s.log.length) throw new Error(`group core: commit index ${maxCommit} beyond the adopted log (${s.log.length})`)
    s.logTerm = s.term
    s.role = 'host'
    s.host = s.self
    s.candidacy = null
    const lastSeqBySender: Record<string, number> = {}
    for (const e of s.log) lastSeqBySender[e.sender] = e.seq
    s.hosting = { startLength: s.log.length, match: { [s.self]: s.log.length }, next: {}, synced: { [s.self]: true }, lastSeqBySender, lastHeartbeat: this.now, heardAt: Object.fromEntries(s.current.map((m) => [m, this.now])), resetAt: {} }
    this.roleChanged()
    this.advanceCommit(maxCommit)
    for (const m of this.others()) {
      const r = replies[m]
      if (r != null) this.sendReset(m, r.commitIndex)
      else this.send(m, this.append(s.log.length, []))
    }
    this.hostAppend(s.outbox, s.self)
  }

  // ---- host side ----------------------------------------------------------------------

  append (prev: number, entries: GroupEntry[], reset = false): Append {
    return { type: 'append', term: this.s.term, prev, entries, commitIndex: this.s.commitIndex, reset }
  }

  sendReset (to: string, from: number): void {
    const s = this.s
    if (from > s.log.length) throw new Error(`group core: member ${to} committed ${from}, beyond the host log (${s.log.length})`)
    this.send(to, this.append(from, s.log.slice(from), true))
    s.hosting!.next[to] = s.log.length
    s.hosting!.resetAt[to] = this.now
  }

  /**
   * Appends the next in-order messages of `from` (a member in force); the rest are
   * duplicates or gaps. A membership change waits (the sender resends) until the last one
   * is committed and this term's log is established at a majority; one that does not add
   * exactly one member to those in force goes in without effect.
   */
  hostAppend (entries: GroupEntry[], from: string): void {
    const s = this.s
    const h = s.hosting!
    if (!s.current.includes(from)) return
    let added = 0
    for (const e of entries) {
      if (e.sender !== from) continue
      const last = h.lastSeqBySender[e.sender] ?? 0
      if (e.seq <= last) continue // already in the log: resends are idempotent
      if (e.seq !== last + 1) break // a gap: the sender resends in order
      let entry = e
      if (e.config != null) {
        if (!this.mayChangeMembers()) break
        if (!addsOneMember(s.current, e.config)) entry = { id: e.id, sender: e.sender, seq: e.seq, body: e.body }
      }
      h.lastSeqBySender[e.sender] = e.seq
      s.log.push(entry)
      if (entry.config != null) s.current = entry.config
      this.outputs.push({ type: 'log', from: s.log.length - 1, entries: [entry] })
      added++
    }
    if (added === 0) return
    h.match[s.self] = s.log.length
    this.updateCommit()
    this.replicate()
  }

  mayChangeMembers (): boolean {
    const s = this.s
    const h = s.hosting!
    let lastChange = 0
    for (let i = s.log.length - 1; i >= 0; i--) if (s.log[i].config != null) { lastChange = i + 1; break }
    const synced = s.current.filter((m) => h.synced[m] === true).length
    return lastChange <= s.commitIndex && s.commitIndex >= h.startLength && synced >= majority(s.current)
  }

  /**
   * Sends each synced member what it has not been sent yet, or else an empty append: a
   * heartbeat, or with `notice` (the commit index moved) one that is not answered.
   */
  replicate (notice = false): void {
    for (const m of this.others()) if (this.s.hosting!.synced[m] === true) this.sendNext(m, notice)
  }

  sendNext (to: string, notice = false): void {
    const s = this.s
    const h = s.hosting!
    const next = h.next[to] ?? s.log.length
    const entries = s.log.slice(next, next + this.t.maxBatch)
    const append = this.append(next, entries)
    if (notice && entries.length === 0) append.notice = true
    this.send(to, append)
    h.next[to] = next + entries.length
  }

  heartbeat (): void {
    const s = this.s
    s.hosting!.lastHeartbeat = this.now
    if (s.outbox.length > 0) this.hostAppend(s.outbox, s.self) // own messages that had to wait
    for (const m of this.others()) {
      if (s.hosting!.synced[m] === true) this.sendNext(m)
      else this.send(m, this.append(s.log.length, []))
    }
  }

  onAppendReply (from: string, msg: AppendReply): void {
    const s = this.s
    if (s.role !== 'host' || msg.term !== s.term) return
    const h = s.hosting!
    if (msg.logTerm !== s.term) {
      // the member still holds an older log: send it ours from its committed prefix on, once
      // per resend interval (each copy carries the whole uncommitted suffix: a resumed member
      // refusing its ~30 queued heartbeats drew 30 copies of 400-1,100 entries, whose
      // encoding and checks stalled the processes past the election timeout)
      if (!msg.ok && this.now - (h.resetAt[from] ?? -Infinity) >= this.t.resendMs) this.sendReset(from, msg.commitIndex)
      return
    }
    h.synced[from] = true
    if (msg.ok) {
      if (msg.length > (h.match[from] ?? 0)) {
        h.match[from] = msg.length
        if ((h.next[from] ?? 0) < msg.length) h.next[from] = msg.length
        if (this.updateCommit()) this.replicate(true)
      }
      if ((h.next[from] ?? 0) < s.log.length) this.sendNext(from)
    } else {
      h.next[from] = msg.length
      this.sendNext(from)
    }
  }

  /** Commits the highest position a majority stored in this term; true if it moved. */
  updateCommit (): boolean {
    const s = this.s
    const matches = s.current.map((m) => m === s.self ? s.log.length : s.hosting!.match[m] ?? 0).sort((a, b) => b - a)
    const stored = matches[majority(s.current) - 1]
    if (stored <= s.commitIndex) return false
    this.advanceCommit(stored)
    return true
  }
}

/** `next` is `current` plus exactly one member. */
function addsOneMember (current: readonly string[], next: readonly string[]): boolean {
  const unique = new Set(next)
  return unique.size === next.length && next.length === current.length + 1 && current.every((m) => unique.has(m))
}
