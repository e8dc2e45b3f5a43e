import { createHash } from 'node:crypto'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { SimNetwork, SimulationFailure, drawLinkFaults } from '../../src/group/sim/faults.js'
import { Prng } from '../../src/group/sim/prng.js'
import { VirtualClock } from '../../src/kernel/index.js'
import { sortByDistance } from '../../src/mailbox/placement.js'
import { MailboxReplica } from '../../src/mailbox/replica.js'
import { ReplicaStore } from '../../src/mailbox/replica-store.js'
import { UpkeepRunner } from '../../src/mailbox/upkeep.js'
import { DatabasePool, incarnationClock, settle } from './harness.js'
import type { Incarnation } from './harness.js'
import type { PeerId } from '@libp2p/interface'
import type { ProtocolRegistrar } from '../../src/net/index.js'
import { Crate, admitCrate, depositorKey } from '../../src/crate/index.js'

/**
 * Mailbox replica upkeep on the production runner: per seed, holders each run a real
 * UpkeepRunner over a real ReplicaStore (SQLite), on one VirtualClock; DHT lookups, offers
 * and copies cross simulated links (the group simulators' network: delay, loss,
 * duplication, partitions) and are answered by the other holder's MailboxReplica as its
 * protocol handler would. Through 8 phases holders leave for good (with what they held),
 * crash and come back (their database kept), and new ones join. After each phase's faults
 * the K closest live holders must hold every crate, and no holder may ever drop a crate
 * while fewer than K others hold it.
 */

export interface UpkeepSimulationReport {
  seed: number
  holders: number
  left: number
  crashes: number
  partitions: number
  copies: number
  handOffs: number
  trace: string[]
}

const K = 3
const INTERVAL_MS = 1_000
const CRATE_COUNT = 4
/** a call unanswered this long fails, as the client's timeout does */
const CALL_TIMEOUT_MS = 300
const PHASES = 8
const FAULTY_MS = 3 * INTERVAL_MS
const SETTLE_LIMIT_MS = 20 * INTERVAL_MS
const MAX_HOLDERS = 10 + PHASES * 3

const peerIds: PeerId[] = await Promise.all(Array.from({ length: MAX_HOLDERS }, async (_, i) =>
  peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', new Uint8Array(createHash('sha256').update(`parley-upkeep-sim-${i}`).digest())))))
const databases = new DatabasePool(['mailbox_crates', 'mailbox_tombstones'])
/** MailboxReplica needs a node only to register its handler, which a simulation never does */
/** the replicas are driven by direct calls here: nothing registers a protocol */
const SIM_DEPOSITOR = depositorKey(new Uint8Array(createHash('sha256').update('sim-depositor').digest()))
const NO_REGISTRAR = {} as unknown as ProtocolRegistrar

interface Holder {
  name: string
  peerId: PeerId
  replica: MailboxReplica
  runner: UpkeepRunner | null
  incarnation: Incarnation
  /** left for good, with what it held */
  gone: boolean
}

export async function runUpkeepSimulation (seed: number, options: { trace?: boolean } = {}): Promise<UpkeepSimulationReport> {
  return new UpkeepSimulation(seed, options.trace ?? false).run()
}

class UpkeepSimulation {
  readonly seed: number
  readonly rng: Prng
  readonly clock = new VirtualClock()
  readonly holders: Holder[] = []
  readonly byPeer = new Map<string, Holder>()
  readonly mailbox: Uint8Array
  readonly crates: Array<{ id: Uint8Array, bytes: Uint8Array }>
  readonly tracing: boolean
  readonly trace: string[] = []
  network: SimNetwork
  partitions = 0
  crashes = 0
  left = 0
  copies = 0
  handOffs = 0
  /** the first invariant broken inside a runner's callbacks (thrown there it would reach the runner, not the test) */
  violation: string | null = null

  constructor (seed: number, tracing: boolean) {
    this.seed = seed
    this.tracing = tracing
    this.rng = new Prng(seed)
    this.network = new SimNetwork(drawLinkFaults(this.rng))
    this.network.heal()
    this.mailbox = new Uint8Array(createHash('sha256').update(`mailbox-${seed}`).digest())
    this.crates = Array.from({ length: CRATE_COUNT }, (_, i) => {
      const id = new Uint8Array(16).fill(i + 1)
      // admitted as a holder checks it: signed by one depositor key (stamps cost nothing here: stampBits 0)
      const bytes = admitCrate(Crate.encode({ mailbox: this.mailbox, id, expiresAt: BigInt(365 * 86_400_000), enc: new Uint8Array(32), ciphertext: new Uint8Array(8) }), { depositor: SIM_DEPOSITOR })
      return { id, bytes }
    })
  }

  fail (message: string): never {
    throw new SimulationFailure(this.seed, message, this.trace, 'PARLEY_UPKEEP_SIM_SEED')
  }

  log (line: string): void {
    if (this.tracing) this.trace.push(`${String(this.clock.now()).padStart(7)} ${line}`)
  }

  async run (): Promise<UpkeepSimulationReport> {
    for (let i = 0; i < 10; i++) this.join()
    for (const h of this.closest()) h.replica.holdLocal(this.crates.map((c) => c.bytes))
    for (let phase = 0; phase < PHASES; phase++) {
      this.churn()
      // a faulty stretch: loss, duplication, a partition, crashed holders coming back
      this.network = new SimNetwork(drawLinkFaults(this.rng))
      if (this.rng.chance(0.5)) {
        const sides: Record<string, number> = {}
        for (const h of this.live()) sides[h.name] = this.rng.int(0, 1)
        this.network.partition(sides)
        this.partitions++
      }
      await this.runFor(FAULTY_MS)
      this.network.heal()
      for (const h of this.holders) if (!h.gone && h.runner == null) this.boot(h)
      this.log(`phase ${phase}: healed`)
      const until = this.clock.now() + SETTLE_LIMIT_MS
      while (!this.settled()) {
        if (this.clock.now() > until) this.fail(`phase ${phase}: not settled ${SETTLE_LIMIT_MS} ms after the faults: ${this.describe()}`)
        await this.runFor(INTERVAL_MS)
      }
    }
    return { seed: this.seed, holders: this.holders.length, left: this.left, crashes: this.crashes, partitions: this.partitions, copies: this.copies, handOffs: this.handOffs, trace: this.trace }
  }

  /** Runs the clock for `ms`, letting each timer's promise chains finish before the next. */
  async runFor (ms: number): Promise<void> {
    const until = this.clock.now() + ms
    while (this.clock.runNext(until)) {
      await settle()
      if (this.violation != null) this.fail(this.violation)
    }
    this.clock.advanceTo(until)
  }

  /** Fewer than K holders of the crates leave for good; some crash for a while; some peers join. */
  churn (): void {
    const holding = this.live().filter((h) => this.held(h).length > 0)
    const leaving = this.rng.int(0, K - 1)
    for (let i = 0; i < leaving && holding.length > 0; i++) {
      const h = holding.splice(this.rng.int(0, holding.length - 1), 1)[0]
      this.stopRunner(h)
      h.gone = true
      this.left++
      this.log(`${h.name} leaves`)
    }
    const crashing = this.rng.int(0, 2)
    for (let i = 0; i < crashing; i++) {
      const h = this.rng.pick(this.live())
      this.stopRunner(h)
      this.crashes++
      this.log(`${h.name} crashes`)
      this.clock.after(this.rng.int(1, FAULTY_MS), () => { if (h.runner == null && !h.gone) this.boot(h) })
    }
    const joins = this.rng.int(0, 3)
    for (let i = 0; i < joins; i++) this.join()
  }

  join (): void {
    const slot = this.holders.length
    const peerId = peerIds[slot]
    const h: Holder = { name: `h${slot}`, peerId, replica: new MailboxReplica({ peerId, registrar: NO_REGISTRAR, clock: this.clock }, new ReplicaStore(databases.take(slot)), { stampBits: 0 }), runner: null, incarnation: { alive: false }, gone: false }
    this.holders.push(h)
    this.byPeer.set(peerId.toString(), h)
    this.boot(h)
  }

  /** Starts an incarnation of `h`'s runner on what its database holds. */
  boot (h: Holder): void {
    const incarnation = { alive: true }
    h.incarnation = incarnation
    const store = h.replica.store
    h.runner = new UpkeepRunner({
      self: h.peerId,
      k: K,
      intervalMs: INTERVAL_MS,
      store: {
        holdings: (now) => store.holdings(now),
        crates: (mailbox, ids) => store.crates(mailbox, ids),
        drop: (mailbox, ids) => { this.dropped(h, mailbox, ids) }
      },
      client: {
        offer: async (peer, mailbox, ids) => this.call(h, peer, 'offer', (other) => other.replica.store.missing(mailbox, ids)),
        deposit: async (peer, crates) => this.call(h, peer, 'copy', (other) => {
          const outcome = other.replica.holdLocal(crates)
          this.copies += outcome.filter((o) => o.ok).length
          return outcome
        })
      },
      closest: async () => this.call(h, h.peerId, 'find closest', () => ({ peers: this.closest().map((c) => c.peerId), flooded: false })),
      now: () => this.clock.now(),
      clock: incarnationClock(this.clock, incarnation)
    })
    this.clock.after(this.rng.int(0, INTERVAL_MS - 1), () => { if (incarnation.alive) h.runner?.start() })
    this.log(`${h.name} starts`)
  }

  stopRunner (h: Holder): void {
    h.incarnation.alive = false
    h.runner = null
  }

  /**
   * A call from `from` to `to` over the simulated links: the request and each answer may be
   * delayed, lost or duplicated; unanswered, it fails after CALL_TIMEOUT_MS. A caller that
   * crashed meanwhile never hears back (its process is gone).
   */
  async call<T> (from: Holder, to: PeerId, what: string, handle: (other: Holder) => T): Promise<T> {
    const caller = from.incarnation
    const other = this.byPeer.get(to.toString())!
    if (this.tracing) this.log(`${from.name} -> ${other.name} ${what}`)
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const answer = (fn: () => void): void => {
        if (settled || !caller.alive) return
        settled = true
        fn()
      }
      this.clock.after(CALL_TIMEOUT_MS, () => { answer(() => { this.log(`${from.name}: ${what} to ${other.name} timed out`); reject(new Error('call timed out')) }) })
      for (const delay of this.network.delays(this.rng, from.name, other.name)) {
        this.clock.after(delay, () => {
          if (other.runner == null) return // down: no answer
          const result = handle(other)
          for (const back of this.network.delays(this.rng, other.name, from.name)) this.clock.after(back, () => { answer(() => { resolve(result) }) })
        })
      }
    })
  }

  dropped (h: Holder, mailbox: Uint8Array, ids: Uint8Array[]): void {
    if (!h.incarnation.alive) this.violation ??= `${h.name} dropped crates after it crashed`
    h.replica.store.drop(mailbox, ids)
    this.handOffs += ids.length
    this.log(`${h.name} hands off ${ids.length} crates`)
    for (const id of ids) {
      const holders = this.holders.filter((o) => !o.gone && o.replica.store.crates(this.mailbox, [id]).length > 0).length
      if (holders < K) this.violation ??= `${h.name} dropped a crate held by ${holders} holders, fewer than K = ${K}`
    }
  }

  live (): Holder[] {
    return this.holders.filter((h) => !h.gone && h.runner != null)
  }

  /** the K live holders closest to the mailbox key, as a DHT walk finds them */
  closest (): Holder[] {
    const live = this.live()
    return sortByDistance(this.mailbox, live.map((h) => h.peerId)).slice(0, K).map((p) => this.byPeer.get(p.toString())!)
  }

  held (h: Holder): Uint8Array[] {
    return h.replica.store.crates(this.mailbox, this.crates.map((c) => c.id)).map((c) => c.id)
  }

  settled (): boolean {
    return this.closest().every((h) => this.held(h).length === CRATE_COUNT)
  }

  describe (): string {
    const closest = new Set(this.closest())
    return this.holders.filter((h) => !h.gone).map((h) => `${h.name}${closest.has(h) ? '*' : ''}${h.runner == null ? ' (down)' : ''} holds ${this.held(h).length}`).join(', ')
  }
}
