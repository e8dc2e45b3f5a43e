import type { GroupMessage } from './core/index.js'
import type { Clock, Logger } from '../kernel/index.js'

/**
 * Merges the core messages queued for one member within one turn of the event loop, so a
 * burst of sends costs one frame per member instead of one per message: contiguous
 * appends of a term become one append, replies to the host keep only the newest, submits
 * are concatenated. The merged messages mean exactly what the originals meant in order.
 */
export function coalesce (messages: GroupMessage[]): GroupMessage[] {
  const out: GroupMessage[] = []
  for (const m of messages) {
    const last = out.at(-1)
    if (last != null && last.type === m.type && last.term === m.term) {
      if (m.type === 'append' && last.type === 'append' && !m.reset && last.prev + last.entries.length === m.prev) {
        const merged: GroupMessage = { ...last, entries: last.entries.concat(m.entries), commitIndex: Math.max(last.commitIndex, m.commitIndex) }
        // unanswered only if both were (a merged one with entries is answered anyway)
        if (last.notice !== true || m.notice !== true) delete merged.notice
        out[out.length - 1] = merged
        continue
      }
      if (m.type === 'append-reply' && last.type === 'append-reply' && last.ok && m.ok && last.logTerm === m.logTerm && m.length >= last.length) {
        out[out.length - 1] = m
        continue
      }
      if (m.type === 'submit' && last.type === 'submit') {
        out[out.length - 1] = { ...last, entries: last.entries.concat(m.entries) }
        continue
      }
    }
    out.push(m)
  }
  return out
}

/**
 * Queues core messages per group and member and sends them, merged by `coalesce`, at the
 * end of the current turn of the event loop, after `beforeFlush` (which may queue more, and
 * returns the groups whose messages must not go out: their state could not be stored).
 * The end of the turn is the clock's `soon`.
 */
export class MergingOutbox<G> {
  readonly #send: (group: G, to: string, message: GroupMessage) => void
  readonly #beforeFlush: () => Set<G> | void
  readonly #clock: Pick<Clock, 'soon'>
  readonly #logger: Logger
  readonly #queued = new Map<G, Map<string, GroupMessage[]>>()
  #scheduled = false

  constructor (send: (group: G, to: string, message: GroupMessage) => void, beforeFlush: () => Set<G> | void, io: { clock: Pick<Clock, 'soon'>, logger: Logger }) {
    this.#send = send
    this.#beforeFlush = beforeFlush
    this.#clock = io.clock
    this.#logger = io.logger
  }

  /** Makes sure the end of this turn comes (`beforeFlush`, then the sends). */
  schedule (): void {
    if (!this.#scheduled) {
      this.#scheduled = true
      this.#clock.soon(() => { this.#flush() })
    }
  }

  queue (group: G, to: string, message: GroupMessage): void {
    let perMember = this.#queued.get(group)
    if (perMember == null) {
      perMember = new Map()
      this.#queued.set(group, perMember)
    }
    const list = perMember.get(to)
    if (list == null) perMember.set(to, [message])
    else list.push(message)
    this.schedule()
  }

  #flush (): void {
    let held: Set<G> | void = undefined
    try {
      held = this.#beforeFlush() // still scheduled: what it queues goes out below
    } catch (err) {
      this.#logger.error('end of turn failed', err)
    }
    this.#scheduled = false
    const queued = [...this.#queued]
    this.#queued.clear()
    for (const [group, perMember] of queued) {
      if (held?.has(group) === true) continue
      for (const [to, messages] of perMember) for (const message of coalesce(messages)) this.#send(group, to, message)
    }
  }
}
