import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { decodeFrame } from '../../src/group/codec.js'
import { GroupShell } from '../../src/group/shell.js'
import { BatchChecks, signBlob } from '../../src/group/signing.js'
import { ElectionChecks, OrderingChecks } from '../../src/group/sim/checks.js'
import { FAULT_PHASE_MS, HEAL_LIMIT_MS, SIM_STALL_MS, SIM_TICK_MS, SIM_TIMING, SimNetwork, SimulationFailure, drawLinkFaults, pauseStream, planFaults, scenarioReport, summarize } from '../../src/group/sim/faults.js'
import type { ScenarioReport, SimEvent } from '../../src/group/sim/faults.js'
import { Prng } from '../../src/group/sim/prng.js'
import { GroupStore } from '../../src/group/store.js'
import { GroupConfig, PreferredHosts } from '../../src/group/wire.js'
import type { GroupRuntime } from '../../src/group/runtime.js'
import type { GroupMember } from '../../src/group/wire.js'
import { userIdFromKey, verifyEd25519 } from '../../src/identity/index.js'
import { VirtualClock } from '../../src/kernel/index.js'
import type { Logger } from '../../src/kernel/index.js'
import type { ParleyDatabase } from '../../src/store/index.js'
import { DatabasePool, incarnationClock, settle } from './harness.js'
import type { Incarnation } from './harness.js'

/**
 * The group simulator on the production shell: per seed, 3-5 members (and up to two who
 * join), each a real GroupShell (GroupRuntime, GroupTurns, Ed25519 entry signatures made by
 * signBlobs and checked on receipt by openEntries, GroupStore on SQLite), on one
 * VirtualClock, linked by simulated links that delay, drop, duplicate and partition frames.
 * A crash drops a member's shell and everything it had in memory; the restart builds a new
 * one from the member's database, so durability is checked through storage. A stop
 * (SIGSTOP) holds the member's timers and the frames and sends that reach it until it
 * resumes. The scenario (the fault plan) and the invariants are the core simulator's
 * (src/group/sim), unneeded elections included.
 *
 * Cost: signatures stay real, but what is signed is the same across seeds (one group id,
 * message ids per sender, no timestamps), keys and databases are made once per process,
 * and checks go through verifyEd25519's cache of real results, so a signature that was
 * checked in an earlier seed is not checked again.
 */

export interface ShellSimulationReport extends ScenarioReport {
  /** sends answered "committed" by the shell (the others were pending at the wait's end) */
  answeredCommitted: number
  /** frames that crossed the simulated links */
  frames: number
}

const GROUP_ID = 'sim-group'
const MAX_MEMBERS = 7
/** how long a send waits for its commit before it answers "pending" */
const COMMIT_WAIT_MS = 200

interface Identity { name: string, userId: string, secret: Uint8Array, member: GroupMember }

/** Keys, and the databases that outlive crashes, made once per process: a seed clears its tables. */
const identities: Identity[] = Array.from({ length: MAX_MEMBERS }, (_, i) => {
  const secret = new Uint8Array(createHash('sha256').update(`parley-group-sim-${i}`).digest())
  const userId = userIdFromKey(ed25519.getPublicKey(secret))
  return { name: `m${i}`, userId, secret, member: { userId, username: `m${i}`, peerId: `sim-peer-${i}`, addrs: [], encryptionKey: new Uint8Array(32) } }
})
const databases = new DatabasePool(['group_outbox', 'group_log', 'groups'])
/** a store per database: its prepared statements are the connection's, not the crashed process's memory */
const stores = new Map<ParleyDatabase, GroupStore>()

function storeOf (slot: number): GroupStore {
  const db = databases.take(slot)
  let store = stores.get(db)
  if (store == null) stores.set(db, store = new GroupStore(db))
  return store
}

/** Real checks, remembered across seeds (verifyEd25519 keeps the valid ones), always on the event loop. */
const verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean => verifyEd25519(signature, message, publicKey)

interface SimMember extends Identity {
  store: GroupStore
  shell: GroupShell | null
  /** the running incarnation: a crash ends it, and nothing it set up runs again */
  incarnation: Incarnation
  /** frames and user sends that reached it while it was stopped, in arrival order */
  inbox: Array<() => void>
  delivered: number
  sentCount: number
}

export function runShellSimulation (seed: number, options: { trace?: boolean } = {}): Promise<ShellSimulationReport> {
  return new ShellSimulation(seed, options.trace ?? false).run()
}

class ShellSimulation {
  readonly seed: number
  readonly rng: Prng
  readonly burstRng: Prng
  readonly clock = new VirtualClock()
  readonly members: SimMember[] = []
  readonly byName = new Map<string, SimMember>()
  readonly byPeer = new Map<string, SimMember>()
  readonly initialIds: string[]
  /** checks run inside the shells' callbacks, where a throw is caught and logged: the first violation is kept for the run to fail with */
  readonly checks = new OrderingChecks((message) => {
    this.violation ??= message
    this.fail(message)
  })
  violation: string | null = null
  readonly network: SimNetwork
  readonly elections: ElectionChecks
  readonly pauseRng: Prng
  readonly tracing: boolean
  readonly trace: string[] = []
  readonly preferredSigned: Uint8Array
  crashes = 0
  pauses = 0
  frames = 0
  answeredCommitted = 0
  /** the first error a shell logged (a bug: the run fails with it) */
  error: string | null = null
  /** a member whose shell is checking a frame's signatures: the run waits for it */
  receiving: GroupShell | null = null
  /** a send was queued: the run lets its promise chain move before the next event */
  drain = false

  constructor (seed: number, tracing: boolean) {
    this.seed = seed
    this.tracing = tracing
    this.rng = new Prng(seed)
    this.burstRng = new Prng(seed ^ 0x2545f491)
    const n = this.rng.int(3, 5)
    for (let i = 0; i < n; i++) this.addMember()
    this.initialIds = this.members.map((m) => m.userId)
    const preferred = this.rng.shuffle(this.initialIds)
    this.network = new SimNetwork(drawLinkFaults(this.rng), () => this.clock.now())
    this.pauseRng = pauseStream(seed)
    this.elections = new ElectionChecks((message) => {
      this.violation ??= message
      this.fail(message)
    }, this.network, 3 * SIM_TIMING.electionTimeoutMs, (name) => {
      // members by name, as the network knows them
      const current = this.group(this.byName.get(name)!)?.state?.current ?? []
      return current.map((id) => this.members.find((m) => m.userId === id)?.name ?? id)
    })
    const creator = this.members[0]
    const config = signBlob('config', GroupConfig.encode({ groupId: GROUP_ID, name: 'sim', creator: creator.userId, members: this.members.map((m) => m.member), version: 1n, createdAt: 0n }), creator.secret)
    this.preferredSigned = signBlob('preferred', PreferredHosts.encode({ groupId: GROUP_ID, configVersion: 1n, hosts: preferred, round: 1n, initialMembers: this.initialIds }), creator.secret)
    for (const m of this.members) {
      m.store.insertGroup(GROUP_ID, m.userId, config, 0)
      this.boot(m)
    }
  }

  fail (message: string): never {
    // members by name, not by their 44-character user ids
    for (const m of identities) message = message.replaceAll(m.userId, m.name)
    throw new SimulationFailure(this.seed, message, this.trace, 'PARLEY_SHELL_SIM_SEED')
  }

  log (line: string): void {
    if (this.tracing) this.trace.push(`${String(this.clock.now()).padStart(6)} ${line}`)
  }

  async run (): Promise<ShellSimulationReport> {
    try {
      return await this.#run()
    } catch (err) {
      if (err instanceof SimulationFailure) throw err
      throw new SimulationFailure(this.seed, `shell threw: ${(err as Error).stack}`, this.trace, 'PARLEY_SHELL_SIM_SEED')
    }
  }

  async #run (): Promise<ShellSimulationReport> {
    planFaults(this.rng, this.burstRng, this.pauseRng, this.members.map((m) => m.name), (at, event) => { this.clock.after(at, () => { this.handle(event) }) })
    this.clock.after(FAULT_PHASE_MS, () => { this.heal() })
    let nextCheck = FAULT_PHASE_MS
    for (;;) {
      if (!this.clock.runNext()) this.fail('no timer left')
      if (this.receiving != null) {
        const shell = this.receiving
        this.receiving = null
        await shell.received()
      }
      if (this.drain) {
        this.drain = false
        await settle()
      }
      if (this.violation != null) this.fail(this.violation)
      if (this.error != null) this.fail(this.error)
      const now = this.clock.now()
      if (!this.network.faulty && now >= nextCheck) {
        nextCheck = now + 50
        if (this.settled()) break
        if (now > FAULT_PHASE_MS + HEAL_LIMIT_MS) this.fail(`not settled ${HEAL_LIMIT_MS} ms after healing: ${this.describe()}`)
      }
    }
    this.finalChecks()
    return {
      ...scenarioReport(this.checks, this.elections, this.network, { seed: this.seed, members: this.members.length, initialIds: this.initialIds, crashes: this.crashes, pauses: this.pauses, healMs: this.clock.now() - FAULT_PHASE_MS, trace: this.trace }),
      answeredCommitted: this.answeredCommitted,
      frames: this.frames
    }
  }

  addMember (): SimMember {
    const identity = identities[this.members.length]
    const m: SimMember = { ...identity, store: storeOf(this.members.length), shell: null, incarnation: { alive: false }, inbox: [], delivered: 0, sentCount: 0 }
    this.members.push(m)
    this.byName.set(m.name, m)
    this.byPeer.set(m.member.peerId, m)
    return m
  }

  /** Starts an incarnation of `m` from its database (the first one takes the preferred list, as on an invitation). */
  boot (m: SimMember): void {
    const incarnation: Incarnation = { alive: true }
    m.incarnation = incarnation
    m.inbox = []
    this.elections.up(m.name, this.clock.now())
    const shell = new GroupShell({
      store: m.store,
      clock: incarnationClock(this.clock, incarnation),
      logger: this.#logger(m),
      sendFrame: (member, frame) => { if (incarnation.alive) this.send(m, member.peerId, frame) },
      signingSecret: () => m.secret,
      commitWaitMs: COMMIT_WAIT_MS,
      tickMs: SIM_TICK_MS,
      stallMs: SIM_STALL_MS,
      timing: { ...SIM_TIMING, rankDelayMs: this.network.faults.rankDelayMs },
      checks: new BatchChecks(4_096, verify),
      events: {
        committed: (_g, from, entries) => {
          m.delivered = this.checks.delivered(m.userId, m.delivered, from, entries)
          if (this.tracing) this.log(`${m.name} commits ${entries.map((e) => e.id).join(' ')}`)
        },
        role: (_g, role, term) => {
          this.log(`${m.name} is ${role} in term ${term}`)
          this.checks.role(m.userId, role, term)
          this.elections.role(m.name, role, term, this.clock.now())
        }
      }
    })
    m.shell = shell
    const [g] = shell.open(m.userId)
    if (g.state == null) shell.carryOut(g, g.setPreferred(this.preferredSigned, this.clock.now()))
    // members do not tick in step
    this.clock.after(this.rng.int(1, SIM_TICK_MS), () => { if (incarnation.alive) shell.start() })
  }

  #logger (m: SimMember): Logger {
    const error = (message: string, ...details: unknown[]): void => { this.error ??= `${m.name} logged: ${message} ${details.map((d) => d instanceof Error ? d.stack : String(d)).join(' ')}` }
    return { debug: () => {}, info: () => {}, warn: error, error }
  }

  group (m: SimMember): GroupRuntime | undefined {
    return m.shell?.get(GROUP_ID)
  }

  handle (event: SimEvent): void {
    switch (event.kind) {
      case 'client-send': this.userSends(this.byName.get(event.member)!, event.count); return
      case 'join': this.join(); return
      case 'crash': this.crash(this.byName.get(event.member)!); return
      case 'restart': this.restart(this.byName.get(event.member)!); return
      case 'crash-host': {
        const host = this.members.find((m) => this.group(m)?.state?.role === 'host')
        if (host == null) return
        this.crash(host)
        this.clock.after(event.downMs, () => { this.restart(host) })
        return
      }
      case 'partition':
        if (this.network.partition(event.sides)) this.log(`partition ${JSON.stringify(event.sides)}`)
        return
      case 'pause': this.pause(this.byName.get(event.member)!, event.ms); return
      case 'pause-host': {
        const host = this.members.find((m) => this.group(m)?.state?.role === 'host' && m.incarnation.stopped !== true)
        if (host != null) this.pause(host, event.ms)
        return
      }
      case 'tick': case 'deliver': case 'heal': case 'resume': throw new RangeError(`${event.kind} is not planned here`)
    }
  }

  /** SIGSTOP of `m` for `ms`: its timers and what reaches it wait. */
  pause (m: SimMember, ms: number): void {
    const incarnation = m.incarnation
    if (m.shell == null || incarnation.stopped === true || !this.network.faulty) return
    incarnation.stopped = true
    this.pauses++
    this.elections.down(m.name, false)
    this.log(`${m.name} stops for ${ms} ms`)
    this.clock.after(ms, () => { this.resume(m, incarnation) })
  }

  /** SIGCONT: the overdue timers and what arrived run, in either order (after a stop, timers or I/O may come first). */
  resume (m: SimMember, incarnation: Incarnation): void {
    if (m.incarnation !== incarnation || incarnation.stopped !== true) return
    incarnation.stopped = false
    this.elections.up(m.name, this.clock.now())
    this.log(`${m.name} resumes`)
    const timers = incarnation.overdue ?? []
    incarnation.overdue = []
    const arrived = m.inbox
    m.inbox = []
    const first = this.rng.chance(0.5) ? [timers, arrived] : [arrived, timers]
    for (const list of first) for (const run of list) if (m.incarnation === incarnation) run()
  }

  heal (): void {
    for (const m of this.members) this.resume(m, m.incarnation)
    this.network.heal()
    for (const m of this.members) if (m.shell == null) this.restart(m)
    this.log('heal')
  }

  /** The user sends `count` messages in one instant: each a submit to the shell, signed together at the end of the turn. */
  userSends (m: SimMember, count: number): void {
    if (m.incarnation.stopped === true) { m.inbox.push(() => { this.userSends(m, count) }); return }
    for (let i = 0; i < count; i++) {
      const g = this.group(m)
      if (m.shell == null || g?.state == null || !g.state.current.includes(m.userId)) return
      // the same bytes are signed for the same message in every seed (see the module comment)
      const id = `${m.name}:${++m.sentCount}`
      this.checks.sent(m.userId, id)
      this.log(`${m.name} user sends ${id}`)
      this.#submit(m, m.shell, g, { id, content: { groupId: GROUP_ID, id, seq: 0n, text: id, timestamp: 0n, nonce: new Uint8Array(0), ciphertext: new Uint8Array(0), keyEpoch: 0n, keyCrates: [] } })
    }
  }

  /** The creator adds the next member, as GroupService.addMember does; the new member gets the config and the preferred list. */
  join (): void {
    const creator = this.members[0]
    const g = this.group(creator)
    if (creator.shell == null || creator.incarnation.stopped === true || g?.state == null || !g.state.current.includes(creator.userId) || this.members.length >= MAX_MEMBERS) return
    if (g.state.outbox.some((e) => e.config != null)) return // the service refuses a change while one is pending
    const joiner = this.addMember()
    const config: GroupConfig = { ...g.definition.config, members: [...g.definition.config.members, joiner.member], version: g.definition.config.version + 1n }
    const signed = signBlob('config', GroupConfig.encode(config), creator.secret)
    joiner.store.insertGroup(GROUP_ID, joiner.userId, signed, this.clock.now())
    this.boot(joiner)
    const id = `${creator.name}:${++creator.sentCount}`
    this.checks.sent(creator.userId, id)
    this.log(`${creator.name} adds ${joiner.name} (${id})`)
    this.#submit(creator, creator.shell, g, { id, body: signed, config: config.members.map((member) => member.userId) })
  }

  #submit (m: SimMember, shell: GroupShell, g: GroupRuntime, entry: Parameters<GroupShell['submit']>[1]): void {
    this.drain = true
    shell.submit(g, entry).then((answer) => {
      if (answer.status !== 'committed') return
      this.answeredCommitted++
      if (!this.checks.committedSet.has(answer.id)) this.error ??= `${m.name} answered ${answer.id} committed before it was`
    }, (err) => { this.error ??= `${m.name}: send failed: ${(err as Error).stack}` })
  }

  crash (m: SimMember): void {
    if (m.shell == null || !this.network.faulty) return
    m.incarnation.alive = false
    m.shell = null
    m.inbox = []
    this.crashes++
    this.elections.down(m.name, true)
    this.log(`${m.name} crashes`)
  }

  restart (m: SimMember): void {
    if (m.shell != null) return
    this.boot(m)
    const s = this.group(m)!.state!
    if (s.commitIndex !== m.delivered) this.fail(`${m.name} restarted with commit index ${s.commitIndex}, had committed ${m.delivered}`)
    this.checks.committedPrefix({ id: m.name, log: s.log, commitIndex: s.commitIndex })
    this.log(`${m.name} restarts`)
  }

  send (from: SimMember, toPeer: string, frame: Uint8Array): void {
    const to = this.byPeer.get(toPeer)!
    if (this.tracing) this.log(`${from.name} -> ${to.name} ${describeFrame(frame)}`)
    this.frames++
    for (const delay of this.network.delays(this.rng, from.name, to.name)) {
      this.clock.after(delay, () => {
        const shell = to.shell
        if (shell == null || !this.network.connected(from.name, to.name)) return
        const receive = (): void => {
          shell.receiveFrame(from.member.peerId, frame)
          this.receiving = shell
        }
        if (to.incarnation.stopped === true) to.inbox.push(receive)
        else receive()
      })
    }
  }

  settled (): boolean {
    if (!this.checks.allCommitted(this.initialIds)) return false
    const members = this.checks.finalMembers(this.initialIds)
    return this.members.filter((m) => members.includes(m.userId)).every((m) => {
      const s = this.group(m)?.state
      return s != null && s.commitIndex === this.checks.committed.length && s.outbox.length === 0
    })
  }

  /** The run's end: every member's state, and what its database holds. */
  finalChecks (): void {
    this.checks.final(this.members.map((m) => {
      const s = this.group(m)!.state!
      return { id: m.name, log: s.log, commitIndex: s.commitIndex }
    }), this.initialIds)
    for (const m of this.members) {
      const row = m.store.get(GROUP_ID)!
      this.checks.committedPrefix({ id: `${m.name} (stored)`, log: m.store.log(GROUP_ID), commitIndex: row.commitIndex })
    }
  }

  describe (): string {
    return this.members.map((m) => {
      const s = this.group(m)?.state
      return `${m.name}: ${s == null ? 'down' : `${s.current.length} members, ${s.role} term ${s.term} commit ${s.commitIndex}/${s.log.length} outbox ${s.outbox.length}`}`
    }).join('; ') + ` (sent ${this.checks.sentCount}, committed ${this.checks.committed.length})`
  }
}

function describeFrame (frame: Uint8Array): string {
  const { message } = decodeFrame(frame)
  return message.kind === 'core' ? summarize(message.message) : message.kind
}
