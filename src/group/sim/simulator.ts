import { persistentPart, restore, initialState, step } from '../core/index.js'
import { EventQueue } from '../../kernel/index.js'
import { ElectionChecks, OrderingChecks } from './checks.js'
import { FAULT_PHASE_MS, HEAL_LIMIT_MS, SIM_STALL_MS, SIM_TICK_MS as TICK_MS, SIM_TIMING, SimNetwork, SimulationFailure, drawLinkFaults, pauseStream, planFaults, scenarioReport, summarize } from './faults.js'
import type { ScenarioReport, SimEvent } from './faults.js'
import { Prng } from './prng.js'
import type { GroupOutput, GroupState, GroupTiming, PersistentState } from '../core/index.js'

export { SIM_TIMING, SimulationFailure }

/**
 * Deterministic simulator of the group core: seeded randomness and virtual time, with
 * message delay, loss, duplication, partitions, crashes and restarts (the persistent
 * part of a member's state survives a crash), and stops (a stopped member's ticks wait, and
 * so does what is sent to it, until it resumes). One seed = one scenario: a fault phase,
 * then a heal phase in which every fault stops. The invariants of DESIGN.md "Group
 * ordering" are checked as the run goes and at its end; a violation throws
 * `SimulationFailure` naming the seed.
 */

export interface SimulationOptions {
  /** record a line per event (for replaying a seed) (default false) */
  trace?: boolean
}

export interface SimulationReport extends ScenarioReport {
  /** terms hosted by a member that joined during the run */
  joinerTerms: number
  /** appends sent with more than one entry, and commit notices sent (answered only if refused) */
  batchedAppends: number
  notices: number
}

interface SimMember {
  id: string
  state: GroupState | null
  persisted: PersistentState | null
  generation: number
  delivered: number
  /** stopped: its tick waits (`tickHeld`), and so do its inputs (`held`, in arrival order) */
  paused: boolean
  tickHeld: boolean
  held: Array<() => void>
  /** when it last ticked (a late tick tells the core it was stopped) */
  lastTick: number
}

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
  readonly timing: GroupTiming
  readonly network: SimNetwork
  readonly checks = new OrderingChecks((message) => this.fail(message))
  readonly elections: ElectionChecks
  readonly pauseRng: Prng
  crashes = 0
  pauses = 0

  constructor (seed: number, options: SimulationOptions) {
    this.seed = seed
    this.rng = new Prng(seed)
    this.burstRng = new Prng(seed ^ 0x2545f491)
    this.tracing = options.trace ?? false
    const n = this.rng.int(3, 5)
    this.ids = Array.from({ length: n }, (_, i) => `m${i}`)
    this.initialIds = [...this.ids]
    this.preferred = this.rng.shuffle(this.ids)
    this.members = this.ids.map((id) => this.newMember(id, initialState(id, this.ids, this.preferred, 0)))
    const faults = drawLinkFaults(this.rng)
    this.timing = { ...SIM_TIMING, rankDelayMs: faults.rankDelayMs }
    this.network = new SimNetwork(faults, () => this.now)
    this.pauseRng = pauseStream(seed)
    this.elections = new ElectionChecks((message) => this.fail(message), this.network, 3 * this.timing.electionTimeoutMs, (id) => this.member(id).state?.current ?? [])
    for (const m of this.members) this.elections.up(m.id, 0)
  }

  newMember (id: string, state: GroupState): SimMember {
    const m: SimMember = { id, state, persisted: null, generation: 0, delivered: 0, paused: false, tickHeld: false, held: [], lastTick: this.now }
    this.byId.set(id, m)
    return m
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
    planFaults(this.rng, this.burstRng, this.pauseRng, this.ids, (at, event) => { this.queue.push(at, event) })
    const healAt = FAULT_PHASE_MS
    this.queue.push(healAt, { kind: 'heal' })
    let healedAt = -1
    let nextCheck = healAt
    for (;;) {
      const event = this.queue.pop()
      if (event == null) this.fail('event queue ran dry')
      this.now = event.at
      this.handle(event.item)
      if (!this.network.faulty && this.now >= nextCheck) {
        nextCheck = this.now + 50
        if (this.settled()) { healedAt = this.now; break }
        if (this.now > healAt + HEAL_LIMIT_MS) this.fail(`not settled ${HEAL_LIMIT_MS} ms after healing: ${this.describe()}`)
      }
    }
    this.checks.final(this.members.map((m) => ({ id: m.id, log: m.state!.log, commitIndex: m.state!.commitIndex })), this.initialIds)
    return {
      ...scenarioReport(this.checks, this.elections, this.network, { seed: this.seed, members: this.ids.length, initialIds: this.initialIds, crashes: this.crashes, pauses: this.pauses, healMs: healedAt - healAt, trace: this.trace }),
      joinerTerms: [...this.checks.hostOfTerm.values()].filter((h) => !this.initialIds.includes(h)).length,
      batchedAppends: this.batchedAppends,
      notices: this.notices
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
        if (m.paused) { m.tickHeld = true; return }
        this.tick(m)
        return
      }
      case 'deliver': {
        const to = this.member(event.to)
        if (to.state == null || !this.network.connected(event.from, event.to)) return
        const deliver = (): void => { this.apply(to, { type: 'receive', now: this.now, from: event.from, message: event.message }) }
        if (to.paused) to.held.push(deliver)
        else deliver()
        return
      }
      case 'pause': this.pause(this.member(event.member), event.ms); return
      case 'pause-host': {
        const host = this.members.find((m) => m.state?.role === 'host' && !m.paused)
        if (host != null) this.pause(host, event.ms)
        return
      }
      case 'resume': this.resume(this.member(event.member), event.generation); return
      case 'client-send': {
        const m = this.member(event.member)
        if (m.paused) { m.held.push(() => { this.handle(event) }); return }
        for (let i = 0; i < event.count; i++) {
          if (m.state == null || !m.state.current.includes(m.id)) return
          const id = `${m.id}:${this.checks.sentCount}`
          this.checks.sent(m.id, id)
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
        if (this.network.partition(event.sides)) this.log(`partition ${JSON.stringify(event.sides)}`)
        return
      case 'heal':
        for (const m of this.members) if (m.paused) this.resume(m, m.generation)
        this.network.heal()
        for (const m of this.members) if (m.state == null) this.restart(m)
        this.log('heal')
    }
  }

  /** A tick; one that comes late (the member was stopped) first tells the core so. */
  tick (m: SimMember): void {
    const late = this.now - m.lastTick - TICK_MS
    m.lastTick = this.now
    if (late > SIM_STALL_MS) this.apply(m, { type: 'resume', now: this.now, pausedMs: late })
    this.apply(m, { type: 'tick', now: this.now })
    this.queue.push(this.now + TICK_MS, { kind: 'tick', member: m.id, generation: m.generation })
  }

  /** SIGSTOP: nothing of the member runs until `resume`. */
  pause (m: SimMember, ms: number): void {
    if (m.state == null || m.paused || !this.network.faulty) return
    m.paused = true
    this.pauses++
    this.elections.down(m.id, false)
    this.queue.push(this.now + ms, { kind: 'resume', member: m.id, generation: m.generation })
    this.log(`${m.id} stops for ${ms} ms`)
  }

  /** SIGCONT: its overdue tick and what arrived meanwhile run, in either order (as after a stop, timers or I/O may come first). */
  resume (m: SimMember, generation: number): void {
    if (!m.paused || m.generation !== generation) return
    m.paused = false
    this.elections.up(m.id, this.now)
    this.log(`${m.id} resumes`)
    const tick = (): void => {
      if (!m.tickHeld || m.state == null) return
      m.tickHeld = false
      this.tick(m)
    }
    const timersFirst = this.rng.chance(0.5)
    if (timersFirst) tick()
    const held = m.held
    m.held = []
    for (const input of held) if (m.state != null) input()
    if (!timersFirst) tick()
  }

  /** A new member starts knowing nobody (it learns the members from the log); someone in force proposes it. */
  join (): void {
    const proposers = this.members.filter((m) => m.state != null && !m.paused && m.state.current.includes(m.id))
    if (proposers.length === 0) return
    const proposer = this.rng.pick(proposers)
    const id = `m${this.ids.length}`
    this.ids.push(id)
    const joiner = this.newMember(id, initialState(id, [], this.preferred, this.now))
    this.members.push(joiner)
    this.elections.up(id, this.now)
    this.queue.push(this.now + this.rng.int(1, TICK_MS), { kind: 'tick', member: id, generation: 0 })
    const messageId = `${proposer.id}:${this.checks.sentCount}`
    this.checks.sent(proposer.id, messageId)
    this.log(`${proposer.id} proposes adding ${id} (${messageId})`)
    this.apply(proposer, { type: 'send', now: this.now, id: messageId, body: new Uint8Array(0), config: [...proposer.state!.current, id] })
  }

  crash (m: SimMember): void {
    if (m.state == null || !this.network.faulty) return
    const p = persistentPart(m.state)
    m.persisted = { ...p, members: [...p.members], preferred: [...p.preferred], log: [...p.log], outbox: [...p.outbox] }
    m.state = null
    m.generation++
    m.paused = false
    m.tickHeld = false
    m.held = []
    this.crashes++
    this.elections.down(m.id, true)
    this.log(`${m.id} crashes`)
  }

  restart (m: SimMember): void {
    if (m.state != null) return
    m.state = restore(m.persisted!, this.now)
    m.persisted = null
    if (m.state.commitIndex !== m.delivered) this.fail(`${m.id} restarted with commit index ${m.state.commitIndex}, had delivered ${m.delivered}`)
    this.checks.committedPrefix({ id: m.id, log: m.state.log, commitIndex: m.state.commitIndex })
    m.lastTick = this.now
    this.queue.push(this.now + this.rng.int(1, TICK_MS), { kind: 'tick', member: m.id, generation: m.generation })
    this.elections.up(m.id, this.now)
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
        for (const delay of this.network.delays(this.rng, m.id, out.to)) this.queue.push(this.now + delay, { kind: 'deliver', from: m.id, to: out.to, message: out.message })
        return
      }
      case 'deliver': {
        m.delivered = this.checks.delivered(m.id, m.delivered, out.from, out.entries)
        if (this.tracing) this.log(`${m.id} delivers ${out.entries.map((e) => e.id).join(' ')}`)
        return
      }
      case 'role':
        this.log(`${m.id} is ${out.role} in term ${out.term}`)
        this.checks.role(m.id, out.role, out.term)
        this.elections.role(m.id, out.role, out.term, this.now)
        return
      case 'log': return
    }
  }

  settled (): boolean {
    if (!this.checks.allCommitted(this.initialIds)) return false
    const members = this.checks.finalMembers(this.initialIds)
    return this.members.filter((m) => members.includes(m.id)).every((m) => m.state != null && m.state.commitIndex === this.checks.committed.length && m.state.outbox.length === 0)
  }

  describe (): string {
    return this.members.map((m) => `${m.id}: [${m.state?.current.join(',')}] ${m.state?.role} term ${m.state?.term} host ${m.state?.host} commit ${m.state?.commitIndex}/${m.state?.log.length} outbox ${m.state?.outbox.length}`).join('; ') + ` (sent ${this.checks.sentCount})`
  }
}
