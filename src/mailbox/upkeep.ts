import { peerIdFromString } from '@libp2p/peer-id'
import { initialUpkeepState, step } from './upkeep-core.js'
import { systemClock } from '../kernel/index.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import type { MailboxClient } from './client.js'
import type { ReplicaStore } from './replica-store.js'
import type { UpkeepInput, UpkeepOutput, UpkeepState } from './upkeep-core.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

export interface UpkeepRunnerInit {
  self: PeerId
  k: number
  /** how often each held mailbox gets a round, ms; 0 turns the timer off (rounds only on demand) */
  intervalMs: number
  store: Pick<ReplicaStore, 'holdings' | 'crates' | 'drop'>
  client: Pick<MailboxClient, 'offer' | 'deposit'>
  closest: (mailbox: Uint8Array, options?: AbortOptions) => Promise<{ peers: PeerId[], flooded: boolean }>
  now: () => number
  /** the timers of the rounds (default: the system clock; simulations pass a virtual one) */
  clock?: Clock
  /** where a failed tick or drop (a full disk, an I/O error) is reported (default: none) */
  logger?: Logger
}

/** How often the runner ticks the core; each mailbox still waits its own interval. */
const TICK_MS = 5_000

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

function bytes (hexString: string): Uint8Array {
  return new Uint8Array(Buffer.from(hexString, 'hex'))
}

/**
 * Runs the upkeep core: feeds it timer ticks and network answers, carries out its outputs
 * (DHT lookups, offers, copies, drops). Errors of single peers become inputs; the loop
 * itself never throws.
 */
export class UpkeepRunner {
  readonly #init: UpkeepRunnerInit
  #state: UpkeepState
  #timer?: TimerHandle
  #inFlight = new Set<Promise<void>>()
  #roundWaiters: Array<() => void> = []
  readonly #controller = new AbortController()
  /** totals since start, for tests and metrics */
  readonly stats = { rounds: 0, copied: 0, handedOff: 0 }
  /** the last finished round of each mailbox (hex): other holders confirmed, crates copied */
  readonly lastRounds = new Map<string, { holders: number, copied: number, handedOff: boolean }>()

  constructor (init: UpkeepRunnerInit) {
    this.#init = init
    this.#state = initialUpkeepState({ self: init.self.toString(), k: init.k, intervalMs: init.intervalMs })
  }

  start (): void {
    if (this.#timer != null || this.#init.intervalMs <= 0) return
    this.#timer = (this.#init.clock ?? systemClock).every(Math.min(TICK_MS, this.#init.intervalMs), () => { this.#tick(false) })
  }

  async stop (): Promise<void> {
    this.#timer?.cancel()
    this.#timer = undefined
    this.#controller.abort()
    await Promise.allSettled([...this.#inFlight])
  }

  /** Runs a round for every held mailbox now; resolves when every round has finished. */
  async runNow (): Promise<void> {
    this.#tick(true)
    while (Object.keys(this.#state.rounds).length > 0) {
      await new Promise<void>((resolve) => { this.#roundWaiters.push(resolve) })
    }
  }

  #tick (force: boolean): void {
    // a timer callback: a storage fault thrown here would end the process
    try {
      const now = this.#init.now()
      const held = [...this.#init.store.holdings(now).entries()].map(([mailbox, entry]) => ({ mailbox, ids: entry.ids.map(hex) }))
      this.#feed({ type: 'tick', now, held, force })
    } catch (err) {
      this.#init.logger?.error('mailbox upkeep: tick failed', (err as Error).message)
    }
  }

  #feed (input: UpkeepInput): void {
    const { state, outputs } = step(this.#state, input)
    this.#state = state
    for (const output of outputs) this.#carryOut(output)
    if (Object.keys(this.#state.rounds).length === 0) {
      const waiters = this.#roundWaiters
      this.#roundWaiters = []
      for (const wake of waiters) wake()
    }
  }

  #carryOut (output: UpkeepOutput): void {
    const signal = this.#controller.signal
    switch (output.type) {
      case 'find-closest':
        this.#track(async () => {
          try {
            const placement = await this.#init.closest(bytes(output.mailbox), { signal })
            if (placement.flooded) this.#feed({ type: 'closest-failed', mailbox: output.mailbox })
            else this.#feed({ type: 'closest', mailbox: output.mailbox, peers: placement.peers.map((p) => p.toString()) })
          } catch {
            this.#feed({ type: 'closest-failed', mailbox: output.mailbox })
          }
        })
        return
      case 'offer':
        this.#track(async () => {
          try {
            const missing = await this.#init.client.offer(peerIdFromString(output.peer), bytes(output.mailbox), output.ids.map(bytes), { signal })
            this.#feed({ type: 'offer-answered', mailbox: output.mailbox, peer: output.peer, missing: missing.map(hex) })
          } catch {
            this.#feed({ type: 'offer-failed', mailbox: output.mailbox, peer: output.peer })
          }
        })
        return
      case 'copy':
        this.#track(async () => {
          try {
            const held = this.#init.store.crates(bytes(output.mailbox), output.ids.map(bytes))
            const outcome = await this.#init.client.deposit(peerIdFromString(output.peer), held.map((c) => c.crate), { signal, copy: true })
            const stored = held.filter((_, i) => outcome[i].ok).map((c) => hex(c.id))
            this.#feed({ type: 'copy-done', mailbox: output.mailbox, peer: output.peer, stored })
          } catch {
            this.#feed({ type: 'copy-failed', mailbox: output.mailbox, peer: output.peer })
          }
        })
        return
      case 'drop':
        // a drop that fails keeps the crates: the next round offers them again
        try {
          this.#init.store.drop(bytes(output.mailbox), output.ids.map(bytes))
          this.stats.handedOff += output.ids.length
        } catch (err) {
          this.#init.logger?.error('mailbox upkeep: dropping handed-off crates failed', (err as Error).message)
        }
        return
      case 'round-finished':
        this.stats.rounds++
        this.stats.copied += output.copied
        this.lastRounds.set(output.mailbox, { holders: output.holders, copied: output.copied, handedOff: output.handedOff })
    }
  }

  #track (work: () => Promise<void>): void {
    const promise = work()
      .catch((err) => { this.#init.logger?.error('mailbox upkeep: a round step failed', (err as Error).message) })
      .finally(() => { this.#inFlight.delete(promise) })
    this.#inFlight.add(promise)
  }
}
