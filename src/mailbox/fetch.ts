import { MAX_CRATES_PER_FRAME } from './constants.js'
import type { HolderSession } from './client.js'

/**
 * What the owner did with a batch of fetched crates: per crate it could read the id of,
 * `ok` when a valid copy is now stored (this one or an earlier one; `digest` is then the
 * hex SHA-256 of the valid copy), false when this copy was rejected (altered or forged)
 * and another holder's copy should be tried.
 */
export type Take = (crates: Uint8Array[]) => Promise<Array<{ id: Uint8Array, ok: boolean, digest?: string }>>

/** Crates asked of one holder at a time: small enough to spread a mailbox over its holders. */
export const FETCH_BATCH = 128

const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex')

/**
 * One fetch of a mailbox from several holders, by id: each holder has listed its ids, and
 * every crate is transferred from one holder only. Holders take batches of ids nobody else
 * is fetching (so the work spreads over them); an id whose copy is missing or rejected at
 * one holder goes back to the pool for the others that listed it. Once every id a holder
 * listed is settled (a valid copy stored from anywhere, or its own copy useless) the holder
 * gets one acknowledgement for all of them. Holders can join while others are running.
 */
export class MailboxFetch {
  readonly #take: Take
  readonly #onAltered: () => void
  readonly #batch: number
  /** ids with a valid copy stored → the hex SHA-256 of that copy */
  readonly #settled = new Map<string, string | undefined>()
  /** ids being fetched right now, from some holder */
  readonly #claimed = new Set<string>()
  #waiters: Array<() => void> = []
  /** crates transferred */
  crates = 0

  /** `onAltered`: a holder listed a copy whose digest differs from the valid one (never transferred) */
  constructor (take: Take, onAltered: () => void = () => {}, batch = FETCH_BATCH) {
    this.#take = take
    this.#onAltered = onAltered
    this.#batch = Math.min(batch, MAX_CRATES_PER_FRAME)
  }

  /** Fetches what `holder` can contribute, acknowledges its ids, and closes it. Throws when the holder fails. */
  async run (holder: HolderSession): Promise<void> {
    const useless = new Set<string>() // ids this holder cannot provide (missing, rejected, not answered)
    try {
      await this.#drain(holder, useless)
      holder.ids.forEach((id, i) => {
        const h = hex(id)
        const valid = this.#settled.get(h)
        if (valid != null && !useless.has(h) && holder.digests[i] != null && Buffer.from(holder.digests[i]).toString('hex') !== valid) {
          this.#onAltered()
          useless.add(h)
        }
      })
      const done = holder.ids.filter((id) => { const h = hex(id); return this.#settled.has(h) || useless.has(h) })
      if (done.length > 0) await holder.ack(done)
      await holder.close()
    } catch (err) {
      holder.abort(err as Error)
      throw err
    }
  }

  async #drain (holder: HolderSession, useless: Set<string>): Promise<void> {
    for (;;) {
      const pick: Uint8Array[] = []
      let pending = false
      for (const id of holder.ids) {
        const h = hex(id)
        if (this.#settled.has(h) || useless.has(h)) continue
        if (this.#claimed.has(h)) {
          pending = true
          continue
        }
        pick.push(id)
        if (pick.length === this.#batch) break
      }
      if (pick.length === 0) {
        if (!pending) return
        await new Promise<void>((resolve) => { this.#waiters.push(resolve) }) // another holder may fail them
        continue
      }
      for (const id of pick) this.#claimed.add(hex(id))
      try {
        await this.#fetchBatch(holder, pick, useless)
      } finally {
        for (const id of pick) this.#claimed.delete(hex(id))
        const waiters = this.#waiters
        this.#waiters = []
        for (const wake of waiters) wake()
      }
    }
  }

  async #fetchBatch (holder: HolderSession, pick: Uint8Array[], useless: Set<string>): Promise<void> {
    let rest = pick
    while (rest.length > 0) {
      const { crates, missing, more } = await holder.get(rest)
      for (const id of missing) useless.add(hex(id))
      this.crates += crates.length
      for (const { id, ok, digest } of crates.length === 0 ? [] : await this.#take(crates)) {
        if (ok) this.#settled.set(hex(id), digest)
        else useless.add(hex(id))
      }
      rest = rest.filter((id) => { const h = hex(id); return !this.#settled.has(h) && !useless.has(h) })
      if (!more || crates.length === 0) {
        for (const id of rest) useless.add(hex(id)) // asked and not answered, or not a valid crate
        return
      }
    }
  }
}
