import { rememberContent } from './codec.js'
import { MergingOutbox } from './coalesce.js'
import { MAX_BATCH, signBlobs } from './signing.js'
import { EntryContent } from './wire.js'
import type { GroupEntry, GroupMessage, GroupOutput } from './core/index.js'
import type { GroupRuntime } from './runtime.js'
import type { Clock, Logger } from '../kernel/index.js'

/** An own entry waiting for the end of the turn to be signed and handed to the core. */
export interface OwnEntry {
  id: string
  /** a message or key entry, signed with the others of its turn; `seq` is set then */
  content?: EntryContent
  /** a membership change: the creator-signed config as it is */
  body?: Uint8Array
  config?: string[]
}

type QueuedEntry = OwnEntry & { done: (err?: unknown) => void }

export interface TurnHooks {
  /** the signing key for a group's own entries; throws when they may not be sent (logged out, stopped) */
  signingSecret: (g: GroupRuntime) => Uint8Array
  /** carries out what a core step produced (through `stepped`, `message`, `delivered`) */
  carryOut: (g: GroupRuntime, outputs: GroupOutput[]) => void
  /** sends one (merged) core message */
  send: (g: GroupRuntime, to: string, message: GroupMessage) => void
  /** shows entries the turn committed, once stored (answers to sends, events) */
  show: (g: GroupRuntime, from: number, entries: GroupEntry[]) => void
}

/**
 * The end of each turn of the event loop for one node's groups. During a turn, own entries
 * are queued and core steps only change state in memory and queue messages; at its end
 * the own entries are signed together (one signature for a burst) and stepped in, every
 * changed core state is stored in one transaction per group, then what was committed is
 * shown and the turn's messages go out, merged per member. So a member never sends
 * anything its storage does not back, and a busy group pays once per turn, not per message.
 */
export class GroupTurns {
  readonly #hooks: TurnHooks
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #outbox: MergingOutbox<GroupRuntime>
  readonly #queued = new Map<GroupRuntime, QueuedEntry[]>()
  readonly #dirty = new Set<GroupRuntime>()
  readonly #delivered: Array<{ g: GroupRuntime, from: number, entries: GroupEntry[] }> = []

  constructor (hooks: TurnHooks, io: { clock: Clock, logger: Logger }) {
    this.#hooks = hooks
    this.#clock = io.clock
    this.#logger = io.logger
    this.#outbox = new MergingOutbox(hooks.send, () => this.#end(), io)
  }

  /**
   * Queues an own entry; resolves once it is in the core and its state (the outbox row) is
   * written at the end of the turn, rejects when it could not be signed, stepped or stored.
   */
  async queue (g: GroupRuntime, entry: OwnEntry): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      let list = this.#queued.get(g)
      if (list == null) {
        list = []
        this.#queued.set(g, list)
      }
      list.push({ ...entry, done: (err) => { if (err == null) resolve(); else reject(err) } })
      this.#outbox.schedule()
    })
  }

  /** After a core step of `g`: its state is stored at the end of the turn if it changed. */
  stepped (g: GroupRuntime): void {
    if (g.dirty && !this.#dirty.has(g)) {
      this.#dirty.add(g)
      this.#outbox.schedule()
    }
  }

  message (g: GroupRuntime, to: string, message: GroupMessage): void {
    this.#outbox.queue(g, to, message)
  }

  delivered (g: GroupRuntime, from: number, entries: GroupEntry[]): void {
    this.#delivered.push({ g, from, entries })
  }

  /** Stores and shows what is pending now (before the groups stop); queued messages still go at the turn's end. */
  storeNow (): void {
    this.#show(this.#persist())
  }

  #end (): Set<GroupRuntime> {
    const stepped = this.#stepQueued()
    const failed = this.#persist()
    // an own entry's sender hears of it only once the outbox row holding it is written
    for (const [g, entries] of stepped) for (const e of entries) e.done(failed.get(g))
    this.#show(failed)
    return new Set(failed.keys())
  }

  /**
   * Each group's queued own entries, signed as one batch, each with the next seq, stepped
   * in order. Returns those stepped in, to be settled once stored; a group whose entries
   * could not be signed or stepped has them settled with the error here.
   */
  #stepQueued (): Array<[GroupRuntime, QueuedEntry[]]> {
    const queued = [...this.#queued]
    this.#queued.clear()
    const stepped: Array<[GroupRuntime, QueuedEntry[]]> = []
    for (const [g, entries] of queued) {
      try {
        const secret = this.#hooks.signingSecret(g)
        let seq = g.state!.lastSeq
        for (const e of entries) if (e.content != null) e.content.seq = BigInt(++seq); else seq++
        const toSign = entries.filter((e) => e.content != null)
        for (let i = 0; i < toSign.length; i += MAX_BATCH) {
          const batch = toSign.slice(i, i + MAX_BATCH)
          // each body a copy that owns its bytes: the encoder's are views into Node's shared
          // 64 KiB Buffer pool, and the host's in-memory log keeps its own entries, so 1,221 of
          // them held 39 such slabs (2.4 MiB) resident at bench path's idle sender
          const bodies = signBlobs('entry', batch.map((e) => EntryContent.encode(e.content!)), secret).map((b) => new Uint8Array(b))
          batch.forEach((e, k) => { e.body = bodies[k]; rememberContent(bodies[k], e.content!) })
        }
        const now = this.#clock.now()
        for (const e of entries) {
          g.verified.add(e.id)
          this.#hooks.carryOut(g, g.step({ type: 'send', now, id: e.id, body: e.body!, config: e.config }))
        }
        stepped.push([g, entries])
      } catch (err) {
        for (const e of entries) e.done(err)
      }
    }
    return stepped
  }

  /** Stores every changed core state; returns the groups whose state could not be stored, with why. */
  #persist (): Map<GroupRuntime, unknown> {
    const failed = new Map<GroupRuntime, unknown>()
    for (const g of this.#dirty) {
      try {
        g.persist()
      } catch (err) {
        this.#logger.error(`group ${g.id}: storing the core state failed`, err)
        failed.set(g, err)
      }
    }
    this.#dirty.clear()
    return failed
  }

  #show (failed: Map<GroupRuntime, unknown>): void {
    for (const { g, from, entries } of this.#delivered.splice(0)) if (!failed.has(g)) this.#hooks.show(g, from, entries)
  }
}
