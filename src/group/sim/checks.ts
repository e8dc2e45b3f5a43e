import { majority, membersOf } from '../core/index.js'
import type { GroupEntry } from '../core/index.js'

/** What the checks need to see of one simulated member's core state. */
export interface MemberView {
  id: string
  log: readonly GroupEntry[]
  commitIndex: number
}

/**
 * The invariants of DESIGN.md "Group ordering", checked as a simulation runs and at its
 * end, whatever runs the members (bare cores or whole shells with storage): agreement (one
 * entry per position everywhere), no duplicate, durability (a restarted member holds every
 * committed entry where it was), one host per term, every message of a member in force
 * committed once things heal, each sender's messages in its send order. A violation
 * calls `fail`, which throws.
 */
export class OrderingChecks {
  readonly #fail: (message: string) => never
  readonly committed: string[] = []
  readonly committedEntries: GroupEntry[] = []
  readonly committedSet = new Set<string>()
  readonly hostOfTerm = new Map<number, string>()
  /** ids each member sent, in order */
  readonly sentBy = new Map<string, string[]>()
  readonly #senderOf = new Map<string, string>()
  sentCount = 0

  constructor (fail: (message: string) => never) {
    this.#fail = fail
  }

  /** the user of `member` sent `id` */
  sent (member: string, id: string): void {
    const list = this.sentBy.get(member) ?? []
    list.push(id)
    this.sentBy.set(member, list)
    this.#senderOf.set(id, member)
    this.sentCount++
  }

  /** `member` delivered (committed) `entries` from position `from` on, having delivered `had` before; returns how many it has delivered now */
  delivered (member: string, had: number, from: number, entries: readonly GroupEntry[]): number {
    if (from !== had) this.#fail(`${member} delivered from ${from}, expected ${had}`)
    entries.forEach((e, i) => {
      const pos = from + i
      if (pos < this.committed.length) {
        if (this.committed[pos] !== e.id) this.#fail(`agreement: position ${pos + 1} is ${this.committed[pos]} elsewhere, ${e.id} at ${member}`)
      } else {
        if (this.committedSet.has(e.id)) this.#fail(`duplicate: ${e.id} committed twice (again at ${pos + 1})`)
        this.committed.push(e.id)
        this.committedEntries.push(e)
        this.committedSet.add(e.id)
      }
    })
    return from + entries.length
  }

  /** `member` took `role` in `term` */
  role (member: string, role: string, term: number): void {
    if (role !== 'host') return
    const other = this.hostOfTerm.get(term)
    if (other != null && other !== member) this.#fail(`two hosts in term ${term}: ${other} and ${member}`)
    this.hostOfTerm.set(term, member)
  }

  /** a member (restarted, or at the end) holds every committed entry at its position */
  committedPrefix (m: MemberView): void {
    for (let i = 0; i < m.commitIndex; i++) {
      if (m.log[i]?.id !== this.committed[i]) this.#fail(`durability: ${m.id} holds ${m.log[i]?.id} at committed position ${i + 1}, expected ${this.committed[i]}`)
    }
  }

  /** the members in force after everything committed so far */
  finalMembers (initial: readonly string[]): string[] {
    return membersOf(this.committedEntries, [...initial])
  }

  /** messages that must commit: every one sent by a member in force at the end */
  expected (initial: readonly string[]): string[] {
    const members = this.finalMembers(initial)
    return [...this.sentBy].filter(([sender]) => members.includes(sender)).flatMap(([, ids]) => ids)
  }

  /** everything expected is committed */
  allCommitted (initial: readonly string[]): boolean {
    return this.expected(initial).every((id) => this.committedSet.has(id))
  }

  /** The checks at the end of a run, over every member's final state. */
  final (members: readonly MemberView[], initial: readonly string[]): void {
    for (const m of members) this.committedPrefix(m)
    for (const id of this.committed) if (!this.#senderOf.has(id)) this.#fail(`${id} committed but never sent`)
    for (const id of this.expected(initial)) if (!this.committedSet.has(id)) this.#fail(`${id} never committed`)
    // each sender's messages in its send order
    for (const [sender, sent] of this.sentBy) {
      const order = this.committed.filter((id) => this.#senderOf.get(id) === sender)
      if (order.join() !== sent.join()) this.#fail(`${sender}'s order: sent ${sent.join()}, committed ${order.join()}`)
    }
  }
}

/** What the election check asks the network (SimNetwork). */
export interface LinkHistory {
  /** `a` and `b` were on one side, and no frame between them was lost, from `from` until now */
  reliableSince: (a: string, b: string, from: number) => boolean
}

/**
 * Unneeded elections: a member stands (raises the term), or a host steps down in its own
 * term, while the host has been running and has been reachable by a majority of the members
 * in force throughout the last `windowMs` — running (not crashed, not stopped), on its side
 * of any partition, over links that lost nothing. Such an election displaces a host that
 * works (after a stopped member or a stopped old host resumes, say). Each one is counted and
 * fails the run. The window is three election timeouts: it covers a pre-vote round that
 * went out a wait earlier, and the heartbeat a member heard before it, with the delays.
 */
export class ElectionChecks {
  readonly #fail: (message: string) => never
  readonly #links: LinkHistory
  readonly #windowMs: number
  /** the members in force as the member `id` sees them */
  readonly #membersOf: (id: string) => readonly string[]
  /** since when each running member runs (absent: crashed or stopped) */
  readonly #upSince = new Map<string, number>()
  /** the host of the highest term, while it hosts */
  #host: { id: string, term: number, since: number } | null = null
  elections = 0
  unneeded = 0

  constructor (fail: (message: string) => never, links: LinkHistory, windowMs: number, membersOf: (id: string) => readonly string[]) {
    this.#fail = fail
    this.#links = links
    this.#windowMs = windowMs
    this.#membersOf = membersOf
  }

  /** `member` runs from `now` on (started, restarted, resumed) */
  up (member: string, now: number): void {
    this.#upSince.set(member, now)
  }

  /** `member` stops running: crashed (its state is gone) or stopped (it still holds its role) */
  down (member: string, crashed: boolean): void {
    this.#upSince.delete(member)
    if (crashed && this.#host?.id === member) this.#host = null
  }

  /** `member` took `role` in `term` */
  role (member: string, role: string, term: number, now: number): void {
    if (role === 'host') {
      if (this.#host == null || term >= this.#host.term) this.#host = { id: member, term, since: now }
      return
    }
    if (role === 'candidate') {
      this.elections++
      this.#check(`${member} stood for term ${term}`, now)
      return
    }
    if (this.#host?.id !== member) return
    // a host that steps down in its own term (check-quorum) leaves the members to elect
    if (term === this.#host.term) this.#check(`${member} stepped down in term ${term}`, now)
    this.#host = null
  }

  #check (what: string, now: number): void {
    const host = this.#host
    const from = now - this.#windowMs
    if (host == null || host.since > from || !this.#upThroughout(host.id, from)) return
    const members = this.#membersOf(host.id)
    const reachable = members.filter((m) => m !== host.id && this.#upThroughout(m, from) && this.#links.reliableSince(host.id, m, from))
    if (reachable.length + 1 < majority(members)) return
    this.unneeded++
    this.#fail(`unneeded election: ${what} at ${now} while ${host.id}, host of term ${host.term}, was reachable by ${reachable.join(', ')} throughout the last ${this.#windowMs} ms`)
  }

  #upThroughout (member: string, from: number): boolean {
    return (this.#upSince.get(member) ?? Infinity) <= from
  }
}
