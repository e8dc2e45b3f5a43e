import type { DeliveryPath, MessageStatus, MessageStore } from './message-store.js'
import type { ParleyDatabase } from '../store/index.js'

interface PendingAdvance {
  owner: string
  id: string
  recipient: string
  status: MessageStatus
  now: number
  storedOn: number
  path?: DeliveryPath
  resolve: (changed: boolean) => void
  reject: (err: Error) => void
}

/**
 * Recipients' state changes of the sends that settle in one event-loop turn, written in one
 * transaction: a crate of many queued messages settles them all at once, and one commit
 * each (a WAL append and a lock round each) cost more than the rest of their bookkeeping
 * (bench path-profile). Each caller's promise resolves after the commit, so a state is
 * durable before it is shown; a failed commit rejects every change of that turn.
 */
export class StatusWrites {
  readonly #db: ParleyDatabase
  readonly #store: MessageStore
  #pending: PendingAdvance[] = []

  constructor (db: ParleyDatabase, store: MessageStore) {
    this.#db = db
    this.#store = store
  }

  /** MessageStore.advance, in this turn's transaction; resolves with whether it changed anything. */
  async advance (owner: string, id: string, recipient: string, status: MessageStatus, now: number, storedOn = 0, path?: DeliveryPath): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => { this.#flush() })
      this.#pending.push({ owner, id, recipient, status, now, storedOn, path, resolve, reject })
    })
  }

  #flush (): void {
    const pending = this.#pending
    this.#pending = []
    let changed: boolean[]
    try {
      changed = this.#db.transaction(() => pending.map((p) => this.#store.advance(p.owner, p.id, p.recipient, p.status, p.now, p.storedOn, p.path)))
    } catch (err: any) {
      for (const p of pending) p.reject(err)
      return
    }
    // committed: a message none of whose recipients is sending leaves the resend poll's candidates now
    pending.forEach((p, i) => { if (changed[i] && p.status !== 'sending') this.#store.settled(p.owner, p.id) })
    pending.forEach((p, i) => { p.resolve(changed[i]) })
  }
}
