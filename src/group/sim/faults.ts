import type { ElectionChecks, OrderingChecks } from './checks.js'
import { Prng } from './prng.js'
import type { GroupMessage, GroupTiming } from '../core/index.js'

/**
 * What the group simulators share besides the checks: the scenario of a seed (sends, crashes,
 * partitions, joins in a fault phase, then a heal), the link faults it draws, and how a
 * failure names its seed. The core simulator (simulator.ts) and the shell simulator
 * (test/sim) play the same plan, one on `step()`, the other on GroupShells with storage.
 */

export const SIM_TIMING: GroupTiming = { heartbeatMs: 50, electionTimeoutMs: 200, rankDelayMs: 100, resendMs: 150, maxBatch: 8 }

/** how often a simulated member's core is ticked */
export const SIM_TICK_MS = 25
/** faults happen in the first FAULT_PHASE_MS, then every fault stops */
export const FAULT_PHASE_MS = 3_000
/** how long after the heal everything must be committed everywhere */
export const HEAL_LIMIT_MS = 20_000
/** a tick this much later than due tells the core its member was stopped (as STALL_MS does in the service) */
export const SIM_STALL_MS = 50

export type SimEvent =
  | { kind: 'tick', member: string, generation: number }
  | { kind: 'deliver', from: string, to: string, message: GroupMessage }
  /** the user sends `count` messages at one instant (a burst, as several sends in one turn) */
  | { kind: 'client-send', member: string, count: number }
  | { kind: 'crash', member: string }
  /** crashes whichever member is host at that moment */
  | { kind: 'crash-host', downMs: number }
  | { kind: 'restart', member: string }
  /** the member's process stops for `ms` (SIGSTOP): its timers do not fire and what is sent to it waits */
  | { kind: 'pause', member: string, ms: number }
  /** stops whichever member is host at that moment */
  | { kind: 'pause-host', ms: number }
  /** a stopped member runs again (SIGCONT); `generation` names the incarnation that was stopped */
  | { kind: 'resume', member: string, generation: number }
  | { kind: 'partition', sides: Record<string, number> }
  | { kind: 'heal' }
  /** a member in force proposes adding a new member */
  | { kind: 'join' }

/** the faults of a scenario's links */
export interface LinkFaults {
  dropRate: number
  dupRate: number
  maxDelay: number
  /** the rank delay of the core timing: a small one makes members stand at once (split votes, competing candidates) */
  rankDelayMs: number
}

/** Draws a scenario's link faults (in this order: the draws of a seed must stay what they are). */
export function drawLinkFaults (rng: Prng): LinkFaults {
  const rankDelayMs = rng.pick([100, 20, 5])
  return { rankDelayMs, dropRate: rng.pick([0, 0.02, 0.1, 0.25]), dupRate: rng.pick([0, 0.05, 0.2]), maxDelay: rng.pick([2, 10, 40]) }
}

/** What both simulators report of a scenario. */
export interface ScenarioReport {
  seed: number
  /** stops (SIGSTOP) of members and of hosts */
  pauses: number
  /** candidacies (terms stood for), and those while the host was reachable by a majority (must be 0) */
  elections: number
  unneededElections: number
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
  trace: string[]
}

/** The common part of a scenario's report, from its checks and its network. */
export function scenarioReport (checks: OrderingChecks, elections: ElectionChecks, network: SimNetwork, run: { seed: number, members: number, initialIds: readonly string[], crashes: number, pauses: number, healMs: number, trace: string[] }): ScenarioReport {
  const initial = run.initialIds.length
  return {
    seed: run.seed,
    pauses: run.pauses,
    elections: elections.elections,
    unneededElections: elections.unneeded,
    members: run.members,
    sent: checks.sentCount,
    committed: checks.committed.length,
    crashes: run.crashes,
    partitions: network.partitions,
    terms: checks.hostOfTerm.size,
    healMs: run.healMs,
    joined: run.members - initial,
    admitted: checks.finalMembers(run.initialIds).length - initial,
    trace: run.trace
  }
}

/**
 * The simulated network between members: the partition in force and the link faults, until
 * the heal. It remembers when partitions changed and when each link last lost a frame, so a
 * check can ask whether two members could hear each other throughout a span of time.
 */
export class SimNetwork {
  readonly faults: LinkFaults
  sides: Record<string, number> = {}
  partitions = 0
  /** false once healed: no partition, loss or duplication after that */
  faulty = true
  /** the sides in force from each time on, oldest first */
  readonly #history: Array<{ at: number, sides: Record<string, number> }> = [{ at: 0, sides: {} }]
  /** when a frame between two members (either way) was last lost, by `linkKey` */
  readonly #lastLoss = new Map<string, number>()
  readonly #now: () => number

  /** `now`: the simulation's time, for the history (default: always 0, for a run that never asks) */
  constructor (faults: LinkFaults, now: () => number = () => 0) {
    this.faults = faults
    this.#now = now
  }

  /** Splits the members into `sides` ({} joins them); false after the heal (nothing changes). */
  partition (sides: Record<string, number>): boolean {
    if (!this.faulty) return false
    this.sides = sides
    this.#history.push({ at: this.#now(), sides })
    if (Object.keys(sides).length > 0) this.partitions++
    return true
  }

  heal (): void {
    this.faulty = false
    this.sides = {}
    this.#history.push({ at: this.#now(), sides: {} })
    this.faults.dropRate = 0
    this.faults.dupRate = 0
  }

  connected (a: string, b: string): boolean {
    return (this.sides[a] ?? 0) === (this.sides[b] ?? 0)
  }

  /** After how long each copy of a message sent now from `a` to `b` arrives: none when it is lost, two when duplicated. */
  delays (rng: Prng, a: string, b: string): number[] {
    if (!this.connected(a, b)) return []
    if (rng.chance(this.faults.dropRate)) {
      this.#lastLoss.set(linkKey(a, b), this.#now())
      return []
    }
    const copies = rng.chance(this.faults.dupRate) ? 2 : 1
    return Array.from({ length: copies }, () => rng.int(1, this.faults.maxDelay))
  }

  /** `a` and `b` were on one side, and no frame between them was lost, from `from` until now. */
  reliableSince (a: string, b: string, from: number): boolean {
    if ((this.#lastLoss.get(linkKey(a, b)) ?? -Infinity) >= from) return false
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const { at, sides } = this.#history[i]
      if ((sides[a] ?? 0) !== (sides[b] ?? 0)) return false
      if (at <= from) break
    }
    return true
  }
}

function linkKey (a: string, b: string): string {
  return a < b ? `${a}\0${b}` : `${b}\0${a}`
}

/**
 * Schedules a scenario's user sends (bursts drawn from `burstRng`, a stream of its own, so
 * the fault plan of a seed stays what it was), crashes, host crashes, joins and partitions
 * among `ids` in the fault phase, and stops of members and of hosts (drawn from `pauseRng`,
 * another stream of its own, for the same reason).
 */
export function planFaults (rng: Prng, burstRng: Prng, pauseRng: Prng, ids: readonly string[], schedule: (at: number, event: SimEvent) => void): void {
  const sends = rng.int(3, 25)
  for (let i = 0; i < sends; i++) {
    const count = burstRng.chance(0.3) ? burstRng.int(2, 6) : 1
    schedule(rng.int(0, FAULT_PHASE_MS - 1), { kind: 'client-send', member: rng.pick(ids), count })
  }
  const crashes = rng.int(0, 4)
  for (let i = 0; i < crashes; i++) {
    const at = rng.int(0, FAULT_PHASE_MS - 100)
    const member = rng.pick(ids)
    schedule(at, { kind: 'crash', member })
    schedule(at + rng.int(10, 800), { kind: 'restart', member })
  }
  const hostCrashes = rng.int(0, 3)
  for (let i = 0; i < hostCrashes; i++) schedule(rng.int(300, FAULT_PHASE_MS - 100), { kind: 'crash-host', downMs: rng.int(10, 1_000) })
  const joins = rng.chance(0.3) ? rng.int(1, 2) : 0
  for (let i = 0; i < joins; i++) schedule(rng.int(0, FAULT_PHASE_MS - 500), { kind: 'join' })
  const partitions = rng.int(0, 3)
  for (let i = 0; i < partitions; i++) {
    const sides: Record<string, number> = {}
    for (const id of ids) sides[id] = rng.int(0, 1)
    const at = rng.int(0, FAULT_PHASE_MS - 100)
    schedule(at, { kind: 'partition', sides })
    schedule(at + rng.int(50, 900), { kind: 'partition', sides: {} })
  }
  // stops shorter and longer than the election timeout (a longer one of the host replaces it)
  const pauses = pauseRng.int(0, 2)
  for (let i = 0; i < pauses; i++) schedule(pauseRng.int(0, FAULT_PHASE_MS - 100), { kind: 'pause', member: pauseRng.pick(ids), ms: pauseRng.int(50, 1_500) })
  const hostPauses = pauseRng.int(0, 2)
  for (let i = 0; i < hostPauses; i++) schedule(pauseRng.int(300, FAULT_PHASE_MS - 100), { kind: 'pause-host', ms: pauseRng.int(50, 1_500) })
}

/** The stream of a seed's stops, apart from its other draws. */
export function pauseStream (seed: number): Prng {
  return new Prng(seed ^ 0x5bd1e995)
}

export class SimulationFailure extends Error {
  override readonly name = 'SimulationFailure'
  readonly seed: number
  readonly trace: string[]

  constructor (seed: number, message: string, trace: string[], replayVariable = 'PARLEY_SIM_SEED') {
    super(`seed ${seed}: ${message} (replay with ${replayVariable}=${seed})`)
    this.seed = seed
    this.trace = trace
  }
}

/** One line for a core message in a trace. */
export function summarize (msg: GroupMessage): string {
  switch (msg.type) {
    case 'append': return `append t${msg.term} prev ${msg.prev} +${msg.entries.length} commit ${msg.commitIndex}${msg.reset ? ' reset' : ''}${msg.notice === true ? ' notice' : ''}`
    case 'append-reply': return `append-reply t${msg.term} ${msg.ok ? 'ok' : 'nack'} logTerm ${msg.logTerm} len ${msg.length} commit ${msg.commitIndex}`
    case 'collect': return `collect t${msg.term} after ${msg.commitIndex}`
    case 'collect-reply': return `collect-reply t${msg.term} logTerm ${msg.logTerm} len ${msg.length} commit ${msg.commitIndex} +${msg.entries.length}`
    case 'pre-collect': return `pre-collect t${msg.term} (${msg.members} members)`
    case 'pre-collect-reply': return `pre-collect-reply t${msg.term} ${msg.granted ? 'granted' : 'refused'}`
    case 'submit': return `submit t${msg.term} ${msg.entries.map((e) => e.id).join(' ')}`
  }
}
