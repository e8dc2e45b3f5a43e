import { membersOf, persistentPart, restore, initialState, step } from '../core/index.js'
import { EventQueue } from '../../kernel/index.js'
import { Prng } from './prng.js'
import type { GroupEntry, GroupMessage, GroupOutput, GroupState, GroupTiming, PersistentState } from '../core/index.js'

/**
 * Deterministic simulator of the group core: seeded randomness and virtual time, with
 * message delay, loss, duplication, partitions, crashes and restarts (the persistent
 * part of a member's state survives a crash). One seed = one scenario: a fault phase,
 * then a heal phase in which every fault stops. The invariants of DESIGN.md "Group
 * ordering" are checked as the run goes and at its end; a violation throws
 * `SimulationFailure` naming the seed.
 */

export const SIM_TIMING: GroupTiming = { heartbeatMs: 50, electionTimeoutMs: 200, rankDelayMs: 100, resendMs: 150, maxBatch: 8 }

export interface SimulationOptions {
  /** record a line per event (for replaying a seed) (default false) */
  trace?: boolean
}

export interface SimulationReport {
  seed: number
  members: number
  sent: number
  committed: number
  crashes: number
  partitions: number
  terms: number
  /** virtual ms from the end of the faults until everything was committed everywhere */
  healMs: number
  /** members proposed while the scenario ran */
  joined: number
  /** of those, members in force at the end */
  admitted: number
  /** terms hosted by a member that joined during the run */
  joinerTerms: number
  /** appends sent with more than one entry, and commit notices sent (answered only if refused) */
  batchedAppends: number
  notices: number
  trace: string[]
}

export class SimulationFailure extends Error {
  override readonly name = 'SimulationFailure'
  readonly seed: number
  readonly trace: string[]

  constructor (seed: number, message: string, trace: string[]) {
    super(`seed ${seed}: ${message} (replay with PARLEY_SIM_SEED=${seed})`)
    this.seed = seed
    this.trace = trace
  }
}

type SimEvent =
  | { kind: 'tick', member: string, generation: number }
  | { kind: 'deliver', from: string, to: string, message: GroupMessage }
  /** the user sends `count` messages at one instant (a burst, as several sends in one turn) */
  | { kind: 'client-send', member: string, count: number }
  | { kind: 'crash', member: string }
  /** crashes whichever member is host at that moment */
  | { kind: 'crash-host', downMs: number }
  | { kind: 'restart', member: string }
  | { kind: 'partition', sides: Record<string, number> }
  | { kind: 'heal' }
  /** a member in force proposes adding a new member */
  | { kind: 'join' }

interface SimMember {
  id: string
  state: GroupState | null
  persisted: PersistentState | null
  generation: number
  delivered: number
}

const TICK_MS = 25
const FAULT_PHASE_MS = 3_000
const HEAL_LIMIT_MS = 20_000

export function runSimulation (seed: number, options: SimulationOptions = {}): SimulationReport {
  return new Simulation(seed, options).run()
}

class Simulation {
  readonly seed: number
  readonly rng: Prng
  /** burst sizes: a stream of its own, so the fault plan of a seed stays what it was */
  readonly burstRng: Prng
  batchedAppends = 0
  notices = 0
  readonly queue = new EventQueue<SimEvent>()
  readonly members: SimMember[]
  readonly byId = new Map<string, SimMember>()
  readonly ids: string[]
  readonly initialIds: string[]
  readonly preferred: string[]
  readonly trace: string[] = []
  readonly tracing: boolean
  now = 0
  sides: Record<string, number> = {}
  faulty = true
  readonly timing: GroupTiming
  dropRate: number
  dupRate: number
  maxDelay: number
  // what the checks compare against
  readonly committed: string[] = []
  readonly committedEntries: GroupEntry[] = []
  readonly committedSet = new Set<string>()
  readonly hostOfTerm = new Map<number, string>()
  readonly sentBy = new Map<string, string[]>()
  sentCount = 0
  crashes = 0
  partitions = 0

  constructor (seed: number, options: SimulationOptions) {
    this.seed = seed
    this.rng = new Prng(seed)
    this.burstRng = new Prng(seed ^ 0x2545f491)
    this.tracing = options.trace ?? false
    const n = this.rng.int(3, 5)
    this.ids = Array.from({ length: n }, (_, i) => `m${i}`)
    this.initialIds = [...this.ids]
    this.preferred = this.rng.shuffle(this.ids)
    this.members = this.ids.map((id) => ({ id, state: initialState(id, this.ids, this.preferred, 0), persisted: null, generation: 0, delivered: 0 }))
    for (const m of this.members) this.byId.set(m.id, m)
    // a small rank delay makes members stand at once: split votes, competing candidates
    this.timing = { ...SIM_TIMING, rankDelayMs: this.rng.pick([100, 20, 5]) }
    this.dropRate = this.rng.pick([0, 0.02, 0.1, 0.25])
    this.dupRate = this.rng.pick([0, 0.05, 0.2])
    this.maxDelay = this.rng.pick([2, 10, 40])
  }

  fail (message: string): never {
    throw new SimulationFailure(this.seed, message, this.trace)
  }

  log (line: string): void {
    if (this.tracing) this.trace.push(`${String(this.now).padStart(6)} ${line}`)
  }

  run (): SimulationReport {
    try {
      return this.#run()
    } catch (err) {
      // a failed assertion inside the core is an invariant broken too: name the seed
      if (err instanceof SimulationFailure) throw err
      throw new SimulationFailure(this.seed, `core assertion: ${(err as Error).message}`, this.trace)
    }
  }

  #run (): SimulationReport {
    for (const m of this.members) this.queue.push(this.rng.int(0, TICK_MS), { kind: 'tick', member: m.id, generation: 0 })
    this.planFaults()
    const healAt = FAULT_PHASE_MS
    this.queue.push(healAt, { kind: 'heal' })
    let healedAt = -1
    let nextCheck = healAt
    for (;;) {
      const event = this.queue.pop()
      if (event == null) this.fail('event queue ran dry')
      this.now = event.at
      this.handle(event.item)
      if (!this.faulty && this.now >= nextCheck) {
        nextCheck = this.now + 50
        if (this.settled()) { healedAt = this.now; break }
        if (this.now > healAt + HEAL_LIMIT_MS) this.fail(`not settled ${HEAL_LIMIT_MS} ms after healing: ${this.describe()}`)
      }
    }
    this.finalChecks()
    return {
      seed: this.seed,
      members: this.ids.length,
      sent: this.sentCount,
      committed: this.committed.length,
      crashes: this.crashes,
      partitions: this.partitions,
      terms: this.hostOfTerm.size,
      healMs: healedAt - healAt,
      joined: this.ids.length - this.initialIds.length,
      admitted: this.finalMembers().length - this.initialIds.length,
      joinerTerms: [...this.hostOfTerm.values()].filter((h) => !this.initialIds.includes(h)).length,
      batchedAppends: this.batchedAppends,
      notices: this.notices,
      trace: this.trace
    }
  }

  planFaults (): void {
    const sends = this.rng.int(3, 25)
    for (let i = 0; i < sends; i++) {
      const count = this.burstRng.chance(0.3) ? this.burstRng.int(2, 6) : 1
      this.queue.push(this.rng.int(0, FAULT_PHASE_MS - 1), { kind: 'client-send', member: this.rng.pick(this.ids), count })
    }
    const crashes = this.rng.int(0, 4)
    for (let i = 0; i < crashes; i++) {
      const at = this.rng.int(0, FAULT_PHASE_MS - 100)
      const member = this.rng.pick(this.ids)
      this.queue.push(at, { kind: 'crash', member })
      this.queue.push(at + this.rng.int(10, 800), { kind: 'restart', member })
    }
    const hostCrashes = this.rng.int(0, 3)
    for (let i = 0; i < hostCrashes; i++) this.queue.push(this.rng.int(300, FAULT_PHASE_MS - 100), { kind: 'crash-host', downMs: this.rng.int(10, 1_000) })
    const joins = this.rng.chance(0.3) ? this.rng.int(1, 2) : 0
    for (let i = 0; i < joins; i++) this.queue.push(this.rng.int(0, FAULT_PHASE_MS - 500), { kind: 'join' })
    const partitions = this.rng.int(0, 3)
    for (let i = 0; i < partitions; i++) {
      const sides: Record<string, number> = {}
      for (const id of this.ids) sides[id] = this.rng.int(0, 1)
      const at = this.rng.int(0, FAULT_PHASE_MS - 100)
      this.queue.push(at, { kind: 'partition', sides })
      this.queue.push(at + this.rng.int(50, 900), { kind: 'partition', sides: {} })
    }
  }

  member (id: string): SimMember {
    return this.byId.get(id)!
  }

  handle (event: SimEvent): void {
    switch (event.kind) {
      case 'tick': {
        const m = this.member(event.member)
        if (m.state == null || m.generation !== event.generation) return
        this.apply(m, { type: 'tick', now: this.now })
        this.queue.push(this.now + TICK_MS, event)
        return
      }
      case 'deliver': {
        const to = this.member(event.to)
        if (to.state == null || !this.connected(event.from, event.to)) return
        this.apply(to, { type: 'receive', now: this.now, from: event.from, message: event.message })
        return
      }
      case 'client-send': {
        const m = this.member(event.member)
        for (let i = 0; i < event.count; i++) {
          if (m.state == null || !m.state.current.includes(m.id)) return
          const id = `${m.id}:${this.sentCount++}`
          const list = this.sentBy.get(m.id) ?? []
          list.push(id)
          this.sentBy.set(m.id, list)
          this.log(`${m.id} user sends ${id}`)
          this.apply(m, { type: 'send', now: this.now, id, body: new Uint8Array(0) })
        }
        return
      }
      case 'join': this.join(); return
      case 'crash': this.crash(this.member(event.member)); return
      case 'restart': this.restart(this.member(event.member)); return
      case 'crash-host': {
        const host = this.members.find((m) => m.state?.role === 'host')
        if (host == null) return
        this.crash(host)
        this.queue.push(this.now + event.downMs, { kind: 'restart', member: host.id })
        return
      }
      case 'partition':
        if (!this.faulty) return
        this.sides = event.sides
        if (Object.keys(event.sides).length > 0) this.partitions++
        this.log(`partition ${JSON.stringify(event.sides)}`)
        return
      case 'heal':
        this.faulty = false
        this.sides = {}
        this.dropRate = 0
        this.dupRate = 0
        for (const m of this.members) if (m.state == null) this.restart(m)
        this.log('heal')
    }
  }

  /** A new member starts knowing nobody (it learns the members from the log); someone in force proposes it. */
  join (): void {
    const proposers = this.members.filter((m) => m.state != null && m.state.current.includes(m.id))
    if (proposers.length === 0) return
    const proposer = this.rng.pick(proposers)
    const id = `m${this.ids.length}`
    this.ids.push(id)
    const joiner: SimMember = { id, state: initialState(id, [], this.preferred, this.now), persisted: null, generation: 0, delivered: 0 }
    this.members.push(joiner)
    this.byId.set(id, joiner)
    this.queue.push(this.now + this.rng.int(1, TICK_MS), { kind: 'tick', member: id, generation: 0 })
    const messageId = `${proposer.id}:${this.sentCount++}`
    const list = this.sentBy.get(proposer.id) ?? []
    list.push(messageId)
    this.sentBy.set(proposer.id, list)
    this.log(`${proposer.id} proposes adding ${id} (${messageId})`)
    this.apply(proposer, { type: 'send', now: this.now, id: messageId, body: new Uint8Array(0), config: [...proposer.state!.current, id] })
  }

  /** the members in force after everything committed so far */
  finalMembers (): string[] {
    return membersOf(this.committedEntries, this.initialIds)
  }

  /** messages that must commit: every one sent by a member in force at the end */
  expected (): string[] {
    const members = this.finalMembers()
    return [...this.sentBy].filter(([sender]) => members.includes(sender)).flatMap(([, ids]) => ids)
  }

  connected (a: string, b: string): boolean {
    return (this.sides[a] ?? 0) === (this.sides[b] ?? 0)
  }

  crash (m: SimMember): void {
    if (m.state == null || !this.faulty) return
    const p = persistentPart(m.state)
    m.persisted = { ...p, members: [...p.members], preferred: [...p.preferred], log: [...p.log], outbox: [...p.outbox] }
    m.state = null
    m.generation++
    this.crashes++
    this.log(`${m.id} crashes`)
  }

  restart (m: SimMember): void {
    if (m.state != null) return
    m.state = restore(m.persisted!, this.now)
    m.persisted = null
    if (m.state.commitIndex !== m.delivered) this.fail(`${m.id} restarted with commit index ${m.state.commitIndex}, had delivered ${m.delivered}`)
    this.checkCommittedPrefix(m)
    this.queue.push(this.now + this.rng.int(1, TICK_MS), { kind: 'tick', member: m.id, generation: m.generation })
    this.log(`${m.id} restarts`)
  }

  apply (m: SimMember, input: Parameters<typeof step>[1]): void {
    const { state, outputs } = step(m.state!, input, this.timing)
    m.state = state
    for (const out of outputs) this.carryOut(m, out)
  }

  carryOut (m: SimMember, out: GroupOutput): void {
    switch (out.type) {
      case 'send': {
        if (this.tracing) this.log(`${m.id} -> ${out.to} ${summarize(out.message)}`)
        if (out.message.type === 'append' && out.message.entries.length > 1) this.batchedAppends++
        if (out.message.type === 'append' && out.message.notice === true) this.notices++
        if (!this.connected(m.id, out.to)) return
        if (this.rng.chance(this.dropRate)) return
        const copies = this.rng.chance(this.dupRate) ? 2 : 1
        for (let i = 0; i < copies; i++) this.queue.push(this.now + this.rng.int(1, this.maxDelay), { kind: 'deliver', from: m.id, to: out.to, message: out.message })
        return
      }
      case 'deliver': {
        if (out.from !== m.delivered) this.fail(`${m.id} delivered from ${out.from}, expected ${m.delivered}`)
        out.entries.forEach((e, i) => {
          const pos = out.from + i
          if (pos < this.committed.length) {
            if (this.committed[pos] !== e.id) this.fail(`agreement: position ${pos + 1} is ${this.committed[pos]} elsewhere, ${e.id} at ${m.id}`)
          } else {
            if (this.committedSet.has(e.id)) this.fail(`duplicate: ${e.id} committed twice (again at ${pos + 1})`)
            this.committed.push(e.id)
            this.committedEntries.push(e)
            this.committedSet.add(e.id)
          }
        })
        m.delivered = out.from + out.entries.length
        if (this.tracing) this.log(`${m.id} delivers ${out.entries.map((e) => e.id).join(' ')}`)
        return
      }
      case 'role':
        this.log(`${m.id} is ${out.role} in term ${out.term}`)
        if (out.role === 'host') {
          const other = this.hostOfTerm.get(out.term)
          if (other != null && other !== m.id) this.fail(`two hosts in term ${out.term}: ${other} and ${m.id}`)
          this.hostOfTerm.set(out.term, m.id)
        }
        return
      case 'log': return
    }
  }

  checkCommittedPrefix (m: SimMember): void {
    const s = m.state!
    for (let i = 0; i < s.commitIndex; i++) {
      if (s.log[i]?.id !== this.committed[i]) this.fail(`durability: ${m.id} holds ${s.log[i]?.id} at committed position ${i + 1}, expected ${this.committed[i]}`)
    }
  }

  settled (): boolean {
    const members = this.finalMembers()
    const expected = this.expected()
    if (!expected.every((id) => this.committedSet.has(id))) return false
    return this.members.filter((m) => members.includes(m.id)).every((m) => m.state != null && m.state.commitIndex === this.committed.length && m.state.outbox.length === 0)
  }

  describe (): string {
    return this.members.map((m) => `${m.id}: [${m.state?.current.join(',')}] ${m.state?.role} term ${m.state?.term} host ${m.state?.host} commit ${m.state?.commitIndex}/${m.state?.log.length} outbox ${m.state?.outbox.length}`).join('; ') + ` (sent ${this.sentCount})`
  }

  finalChecks (): void {
    for (const m of this.members) this.checkCommittedPrefix(m)
    const sent = new Set([...this.sentBy.values()].flat())
    for (const id of this.committed) if (!sent.has(id)) this.fail(`${id} committed but never sent`)
    for (const id of this.expected()) if (!this.committedSet.has(id)) this.fail(`${id} never committed`)
    // each sender's messages in its send order
    for (const [sender, sent] of this.sentBy) {
      const order = this.committed.filter((id) => id.startsWith(`${sender}:`))
      if (order.join() !== sent.join()) this.fail(`${sender}'s order: sent ${sent.join()}, committed ${order.join()}`)
    }
  }
}

function summarize (msg: GroupMessage): string {
  switch (msg.type) {
    case 'append': return `append t${msg.term} prev ${msg.prev} +${msg.entries.length} commit ${msg.commitIndex}${msg.reset ? ' reset' : ''}${msg.notice === true ? ' notice' : ''}`
    case 'append-reply': return `append-reply t${msg.term} ${msg.ok ? 'ok' : 'nack'} logTerm ${msg.logTerm} len ${msg.length} commit ${msg.commitIndex}`
    case 'collect': return `collect t${msg.term} after ${msg.commitIndex}`
    case 'collect-reply': return `collect-reply t${msg.term} logTerm ${msg.logTerm} len ${msg.length} commit ${msg.commitIndex} +${msg.entries.length}`
    case 'submit': return `submit t${msg.term} ${msg.entries.map((e) => e.id).join(' ')}`
  }
}
