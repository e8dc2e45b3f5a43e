import { decodeFrame, encodeFrame, entriesOf, openEntries } from './codec.js'
import { GROUP_TIMING, STALL_MS, TICK_INTERVAL_MS } from './constants.js'
import { GroupNotStartedError, InvalidGroupMessageError } from './errors.js'
import { GroupRuntime } from './runtime.js'
import { BatchChecks } from './signing.js'
import { GroupTurns } from './turns.js'
import type { GroupWireMessage } from './codec.js'
import type { GroupEntry, GroupMessage, GroupOutput, GroupTiming } from './core/index.js'
import type { GroupStore } from './store.js'
import type { OwnEntry } from './turns.js'
import type { GroupMember } from './wire.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import { RunState } from '../kernel/index.js'

/** A frame that is not for the ordering core: invitations, host choice, rejoins. */
export type GroupControlMessage = Exclude<GroupWireMessage, { kind: 'core' | 'config' }>

/** What the shell tells the service around it (each optional). */
export interface GroupShellEvents {
  /** entries a turn committed, once stored (after the sends waiting for them were answered) */
  committed?: (g: GroupRuntime, from: number, entries: GroupEntry[]) => void
  /** this member's role in a group changed */
  role?: (g: GroupRuntime, role: string, term: number, host: string | null) => void
  /** entries entered the log (or were taken back into it) */
  logged?: (g: GroupRuntime, entries: GroupEntry[]) => void
  /** a signed config arrived (an invitation or a membership change); throw InvalidGroupMessageError to drop it */
  config?: (peerId: string, groupId: string, signed: Uint8Array) => void
  /** a control frame from the member `from` of a running group on this node */
  control?: (g: GroupRuntime, from: string, message: GroupControlMessage) => void
}

export interface GroupShellInit {
  store: GroupStore
  clock: Clock
  logger: Logger
  /** sends a frame to a member's device; fire and forget (the core resends what matters), never throws */
  sendFrame: (member: GroupMember, frame: Uint8Array) => void
  /** the key that signs this node's own entries; throws when they may not be sent (nobody logged in) */
  signingSecret: () => Uint8Array
  events?: GroupShellEvents
  /** how long `submit` waits for the commit before answering "pending" (default 2000 ms) */
  commitWaitMs?: number
  /** how often each running group's core is ticked (default TICK_INTERVAL_MS) */
  tickMs?: number
  /**
   * a tick this much later than due means the process did not run (stopped, or its event
   * loop blocked): the cores are told, so that time does not count as silence (default STALL_MS)
   */
  stallMs?: number
  /** core timing (default GROUP_TIMING) */
  timing?: GroupTiming
  /** batch signatures this node checked (default: a fresh cache) */
  checks?: BatchChecks
  /** this node's peer id: a group whose config binds the account to another device is a companion here, never run (default: none, every group runs) */
  device?: string
}

/**
 * The ordering machinery of one node's groups, without the network or the accounts: the
 * running groups, the end of each turn (GroupTurns: sign, store, then send), the tick timer,
 * the receive path with its entry-signature checks, and the sends waiting for their
 * commit. Its I/O comes in through `GroupShellInit`, so GroupService runs it on libp2p and
 * the simulator (test/sim) on virtual time and simulated links.
 */
export class GroupShell {
  readonly #init: GroupShellInit
  readonly #events: GroupShellEvents
  readonly #groups = new Map<string, GroupRuntime>()
  readonly #waiters = new Map<string, () => void>()
  readonly #turns: GroupTurns
  readonly #checks: BatchChecks
  readonly #receiving = new Set<Promise<void>>()
  #timer?: TimerHandle
  /** when the tick timer last fired (undefined until it has) */
  #lastTick?: number
  readonly #run = new RunState()

  constructor (init: GroupShellInit) {
    this.#init = init
    this.#events = init.events ?? {}
    this.#checks = init.checks ?? new BatchChecks()
    this.#turns = new GroupTurns({
      signingSecret: (g) => {
        const secret = init.signingSecret()
        if (this.#groups.get(g.id) !== g || g.state == null) throw new GroupNotStartedError('the group chat is not running')
        return secret
      },
      carryOut: (g, outputs) => { this.carryOut(g, outputs) },
      send: (g, to, message) => { this.#sendTo(g, to, { kind: 'core', message }) },
      show: (g, from, entries) => { this.#show(g, from, entries) }
    }, init)
  }

  start (): void {
    this.#run.begin()
    this.#syncTimer()
  }

  stop (): void {
    this.#run.end()
    this.close()
  }

  /** Runs the groups `owner` has in storage (closing those running before). */
  open (owner: string): GroupRuntime[] {
    this.close()
    for (const row of this.#init.store.list(owner)) this.add(this.#runtime(row.id))
    return [...this.#groups.values()]
  }

  /** Stores what is pending and stops running the groups; waiting sends answer. */
  close (): void {
    this.#turns.storeNow()
    this.#groups.clear()
    this.#syncTimer()
    for (const done of this.#waiters.values()) done()
  }

  /** Runs a group just written to storage. */
  adopt (groupId: string): GroupRuntime {
    const g = this.#runtime(groupId)
    this.add(g)
    return g
  }

  add (g: GroupRuntime): void {
    this.#groups.set(g.id, g)
    this.#syncTimer()
  }

  get (groupId: string): GroupRuntime | undefined {
    return this.#groups.get(groupId)
  }

  get groups (): IterableIterator<GroupRuntime> {
    return this.#groups.values()
  }

  /** Settles once the frames received so far went through their signature checks (simulations wait for it). */
  async received (): Promise<void> {
    while (this.#receiving.size > 0) await Promise.all(this.#receiving)
  }

  /** Hands one own entry to the core (at the end of the turn) and waits a while for its commit. */
  async submit (g: GroupRuntime, entry: OwnEntry): Promise<{ id: string, status: 'pending' | 'committed' }> {
    const id = entry.id
    const committed = new Promise<void>((resolve) => { this.#waiters.set(id, resolve) })
    try {
      await this.#turns.queue(g, entry)
    } catch (err) {
      this.#waiters.delete(id)
      throw err
    }
    if (g.state?.outbox.some((e) => e.id === id) === true) {
      const wait = this.#init.commitWaitMs ?? 2_000
      let timer: TimerHandle | undefined
      if (wait > 0) await Promise.race([committed, new Promise((resolve) => { timer = this.#init.clock.after(wait, () => { resolve(undefined) }) })])
      timer?.cancel()
    }
    this.#waiters.delete(id)
    const pending = this.#groups.get(g.id)?.state?.outbox.some((e) => e.id === id) ?? true
    return { id, status: pending ? 'pending' : 'committed' }
  }

  /** Queues an own entry without waiting for its commit; resolves once it is in the core and stored. */
  async queue (g: GroupRuntime, entry: OwnEntry): Promise<void> {
    await this.#turns.queue(g, entry)
  }

  /** Carries out what a core step produced: messages at the end of the turn, once stored. */
  carryOut (g: GroupRuntime, outputs: GroupOutput[]): void {
    this.#turns.stepped(g)
    for (const out of outputs) {
      switch (out.type) {
        case 'send': this.#turns.message(g, out.to, out.message); break
        case 'deliver': this.#turns.delivered(g, out.from, out.entries); break
        case 'role': this.#events.role?.(g, out.role, out.term, out.host); break
        case 'log': this.#events.logged?.(g, out.entries); break
      }
    }
  }

  /** A frame from `peerId` (authenticated by the channel). Bad input is dropped; anything else is our bug, logged. */
  receiveFrame (peerId: string, bytes: Uint8Array): void {
    try {
      const { groupId, message } = decodeFrame(bytes)
      const g = this.#groups.get(groupId)
      const from = g?.memberOn(peerId)
      if (message.kind === 'config') {
        // a running group notes a newer config from any member (the creator's signature is what counts)
        if (g?.state != null && from != null) g.takeConfig(message.signed)
        this.#events.config?.(peerId, groupId, message.signed)
        return
      }
      if (g == null) return
      if (from == null) throw new InvalidGroupMessageError(`peer ${peerId} is not a member's device`)
      if (g.companion) return // the account's group device takes part, not this one
      if (message.kind !== 'core') { this.#events.control?.(g, from, message); return }
      // a member that stands with fewer members in force missed a change, and may not know the host
      const m = message.message
      if (m.type === 'pre-collect' && m.members < g.definition.config.members.length) this.#sendTo(g, from, { kind: 'config', signed: g.definition.signed })
      this.#receiveCore(g, from, m)
    } catch (err) {
      if (!(err instanceof InvalidGroupMessageError)) this.#init.logger.error('frame handling failed', err)
    }
  }

  /** Sends a frame to every other member of `g`. */
  broadcast (g: GroupRuntime, message: GroupWireMessage): void {
    const frame = encodeFrame(g.id, message)
    for (const m of g.definition.config.members) if (m.userId !== g.self) this.#init.sendFrame(m, frame)
  }

  #sendTo (g: GroupRuntime, to: string, message: GroupWireMessage): void {
    const m = g.device(to)
    if (m != null) this.#init.sendFrame(m, encodeFrame(g.id, message))
  }

  /**
   * Entry signatures are checked off the event loop; frames still reach the core one by
   * one in arrival order, each once its entries verified (a frame with a bad entry is dropped).
   */
  #receiveCore (g: GroupRuntime, from: string, message: GroupMessage): void {
    if (g.state == null) return
    const unverified = entriesOf(message).filter((e) => !g.verified.has(e.id))
    const deliver = (): void => {
      if (this.#groups.get(g.id) === g && g.state != null) this.carryOut(g, g.step({ type: 'receive', now: this.#init.clock.now(), from, message }))
    }
    if (unverified.length === 0 && g.inbound == null) { deliver(); return }
    const checked = openEntries(g.id, g.definition.config.creator, unverified, this.#checks)
    checked.catch(() => {}) // handled in turn below
    const turn = (g.inbound ?? Promise.resolve()).then(async () => {
      try {
        await checked
      } catch {
        return // bad input from the network: dropped
      }
      for (const e of unverified) g.verified.add(e.id)
      deliver()
    }).catch((err) => { this.#init.logger.error('frame handling failed', err) })
    g.inbound = turn
    this.#receiving.add(turn)
    void turn.then(() => {
      this.#receiving.delete(turn)
      if (g.inbound === turn) g.inbound = undefined
    })
  }

  /** What a turn committed, once stored: answers waiting sends, then tells the service. */
  #show (g: GroupRuntime, from: number, entries: GroupEntry[]): void {
    for (const e of entries) this.#waiters.get(e.id)?.()
    this.#events.committed?.(g, from, entries)
  }

  #runtime (groupId: string): GroupRuntime {
    const row = this.#init.store.get(groupId)
    if (row == null) throw new RangeError(`group ${groupId} is not in storage`)
    return new GroupRuntime(row, this.#init.store, this.#init.clock.now(), this.#init.timing ?? GROUP_TIMING, this.#init.device)
  }

  /** Ticks only while there are groups it runs: an idle node is not woken 100 times a second. */
  #syncTimer (): void {
    if (this.#run.running && [...this.#groups.values()].some((g) => !g.companion)) {
      this.#timer ??= this.#init.clock.every(this.#init.tickMs ?? TICK_INTERVAL_MS, () => { this.#tick() })
    } else if (this.#timer != null) {
      this.#timer.cancel()
      this.#timer = undefined
      this.#lastTick = undefined
    }
  }

  #tick (): void {
    const now = this.#init.clock.now()
    const late = this.#lastTick == null ? 0 : now - this.#lastTick - (this.#init.tickMs ?? TICK_INTERVAL_MS)
    this.#lastTick = now
    for (const g of this.#groups.values()) {
      if (g.state == null || g.companion) continue
      try {
        if (late > (this.#init.stallMs ?? STALL_MS)) this.carryOut(g, g.step({ type: 'resume', now, pausedMs: late }))
        this.carryOut(g, g.step({ type: 'tick', now }))
      } catch (err) {
        this.#init.logger.error(`group ${g.id}: tick failed`, err)
      }
    }
  }
}
