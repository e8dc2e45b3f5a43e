import { CRATE_PAYLOAD_BUDGET, MAX_CRATES_IN_FLIGHT, MAX_MESSAGES_PER_CRATE } from './constants.js'
import type { Contact } from './contacts.js'
import type { DeliveryPath } from './message-store.js'
import type { TextMessage } from './wire.js'

/** What happened to one crate sent to one user. */
export type Delivery =
  | { status: 'delivered', path: Exclude<DeliveryPath, 'mailbox'> }
  | { status: 'stored', storedOn: number, path: 'mailbox' }
  | { status: 'failed', error: Error }

export type DeliverBatch = (contact: Contact, messages: TextMessage[]) => Promise<Delivery>

interface Queued {
  contact: Contact
  message: TextMessage
  size: number
  done: (delivery: Delivery) => void
}

/** Rough encoded size of a message inside a payload. */
function sizeOf (message: TextMessage): number {
  return Buffer.byteLength(message.text) + message.to.reduce((n, name) => n + name.length + 2, 0) + 64
}

/**
 * Per-recipient send queues. A lone message leaves at once; while MAX_CRATES_IN_FLIGHT
 * crates to a recipient await their acknowledgement, further messages wait and then
 * travel together in one crate (up to 256 messages or 56 KiB), so a burst costs a few
 * seals, signatures and acknowledgements instead of one per message. Order per recipient
 * is kept: batches leave in queue order and the receiver sorts by the sender's timestamps.
 */
export class Outbox {
  readonly #deliver: DeliverBatch
  readonly #queues = new Map<string, { waiting: Queued[], inFlight: number }>()

  constructor (deliver: DeliverBatch) {
    this.#deliver = deliver
  }

  /** Queues one message for `contact`; resolves with the delivery of the crate it went in. */
  async send (contact: Contact, message: TextMessage): Promise<Delivery> {
    return new Promise((resolve) => {
      let queue = this.#queues.get(contact.username)
      if (queue == null) {
        queue = { waiting: [], inFlight: 0 }
        this.#queues.set(contact.username, queue)
      }
      queue.waiting.push({ contact, message, size: sizeOf(message), done: resolve })
      this.#pump(contact.username)
    })
  }

  #pump (username: string): void {
    const queue = this.#queues.get(username)
    if (queue == null) return
    while (queue.inFlight < MAX_CRATES_IN_FLIGHT && queue.waiting.length > 0) {
      const batch: Queued[] = []
      let size = 0
      while (queue.waiting.length > 0 && batch.length < MAX_MESSAGES_PER_CRATE && (batch.length === 0 || size + queue.waiting[0].size <= CRATE_PAYLOAD_BUDGET)) {
        const next = queue.waiting.shift()!
        batch.push(next)
        size += next.size
      }
      queue.inFlight++
      // the newest contact seen for this user: a later send may have refreshed the profile
      const contact = batch[batch.length - 1].contact
      void this.#deliver(contact, batch.map((q) => q.message))
        .catch((err: Error): Delivery => ({ status: 'failed', error: err }))
        .then((delivery) => {
          for (const queued of batch) queued.done(delivery)
          queue.inFlight--
          if (queue.inFlight === 0 && queue.waiting.length === 0) this.#queues.delete(username)
          else this.#pump(username)
        })
    }
  }
}
