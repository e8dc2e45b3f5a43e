import { MailboxClient } from './client.js'
import { MailboxFetch } from './fetch.js'
import type { Take } from './fetch.js'
import { DEFAULT_STAMP_BITS, PLACEMENT_CACHE_MS, REPLICATION_FACTOR, SWEEP_INTERVAL_MS, UPKEEP_INTERVAL_MS } from './constants.js'
import { placeMailbox, sortByDistance } from './placement.js'
import { MailboxReplica } from './replica.js'
import { ReplicaStore } from './replica-store.js'
import { UpkeepRunner } from './upkeep.js'
import type { MailboxOwner } from './client.js'
import type { MailboxReplicaInit } from './replica.js'
import type { ReplicaStoreInit } from './replica-store.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import { noopMetrics } from '../kernel/index.js'
import type { Clock, Logger, Metrics, TimerHandle } from '../kernel/index.js'
import type { Dialer, ProtocolRegistrar } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { SingleKadDHT } from '@libp2p/kad-dht'

export interface MailboxInit extends ReplicaStoreInit, MailboxReplicaInit {
  /** replicas per mailbox, K (default 5) */
  replicas?: number
  /** how often held mailboxes get an upkeep round, ms (default 60 000; 0 turns the timer off) */
  upkeepIntervalMs?: number
}

/** What the mailbox service takes from the node. */
export interface MailboxComponents {
  peerId: PeerId
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol' | 'getPeers'>
  dht: SingleKadDHT
  database: ParleyDatabase
  clock: Clock
  logger: Logger
  /** where the crates held are reported (default: noopMetrics) */
  metrics?: Metrics
}

/** The mailbox service (holder and client) in the js-libp2p service shape. */
export function mailboxService (init: MailboxInit = {}): (components: MailboxComponents) => MailboxService {
  return (components) => new MailboxService(components, init)
}

export interface DepositReport {
  /** holders that now hold the crate */
  stored: number
  /** holders asked (K, or every connected peer when flooding) */
  of: number
  flooded: boolean
  /** why the other holders refused, by peer id */
  errors: Record<string, Error>
}

/**
 * Mailboxes: this node as a holder of other people's crates (replica + upkeep) and as a
 * client that deposits crates at the K closest peers to a mailbox key and fetches its
 * own user's crates from them.
 */
export class MailboxService {
  readonly replica: MailboxReplica
  readonly client: MailboxClient
  readonly upkeep: UpkeepRunner
  readonly #components: MailboxComponents
  readonly #k: number
  readonly #stampBits: number
  readonly #now: () => number
  #sweepTimer?: TimerHandle
  /** recent placements for deposits: a run of messages to one offline user walks the DHT once */
  readonly #placements = new Map<string, { placement: { peers: PeerId[], flooded: boolean }, at: number }>()
  /** a walk for the logged-in user's own mailbox, started at login */
  #prepared?: { key: string, walk: Promise<{ peers: PeerId[], flooded: boolean }>, at: number }

  constructor (components: MailboxComponents, init: MailboxInit = {}) {
    this.#components = components
    this.#k = init.replicas ?? REPLICATION_FACTOR
    this.#stampBits = init.stampBits ?? DEFAULT_STAMP_BITS
    this.#now = () => components.clock.now()
    const store = new ReplicaStore(components.database, init)
    // read at each scrape: one count(*) on an indexed table
    ;(components.metrics ?? noopMetrics).gauge({ name: 'parley_mailbox_crates_held', help: 'crates this node holds for other users as one of their mailbox holders', collect: () => store.count() })
    this.replica = new MailboxReplica(components, store, init)
    this.client = new MailboxClient(components.dialer)
    this.upkeep = new UpkeepRunner({
      self: components.peerId,
      k: this.#k,
      intervalMs: init.upkeepIntervalMs ?? UPKEEP_INTERVAL_MS,
      store,
      client: this.client,
      closest: async (mailbox, options) => this.closest(mailbox, options),
      now: this.#now,
      logger: components.logger
    })
  }

  get replicas (): number {
    return this.#k
  }

  /** The stamp difficulty this node asks of crates, and mints for its own deposits (holders are assumed to ask the same). */
  get stampBits (): number {
    return this.#stampBits
  }

  async start (): Promise<void> {
    await this.replica.start()
    this.upkeep.start()
    this.#sweepTimer ??= this.#components.clock.every(SWEEP_INTERVAL_MS, () => {
      try {
        this.replica.store.sweep(this.#now())
      } catch (err) {
        this.#components.logger.error('mailbox: sweeping expired crates failed', err)
      }
    })
  }

  async stop (): Promise<void> {
    this.#sweepTimer?.cancel()
    this.#sweepTimer = undefined
    await this.upkeep.stop()
    await this.replica.stop()
  }

  /** The K closest peers to a mailbox key (self included when among them), or a flood set. */
  async closest (mailbox: Uint8Array, options?: AbortOptions): Promise<{ peers: PeerId[], flooded: boolean }> {
    const { dht, dialer, peerId } = this.#components
    return placeMailbox({ dht, connectedPeers: () => dialer.getPeers(), routingTableSize: () => dht.routingTable.size, self: peerId }, mailbox, this.#k, options)
  }

  /** The placement for a deposit: a recent DHT walk's answer, or a new walk. */
  async #depositPlacement (mailbox: Uint8Array, options?: AbortOptions): Promise<{ peers: PeerId[], flooded: boolean }> {
    const key = Buffer.from(mailbox).toString('hex')
    const recent = this.#placements.get(key)
    if (recent != null && this.#now() - recent.at < PLACEMENT_CACHE_MS) return recent.placement
    const placement = await this.closest(mailbox, options)
    if (!placement.flooded) {
      if (this.#placements.size >= 1024) this.#placements.delete(this.#placements.keys().next().value!)
      this.#placements.set(key, { placement, at: this.#now() })
    }
    return placement
  }

  /**
   * Deposits crates of one mailbox at its K closest peers (flooding when the DHT fails).
   * When fewer holders than K take them, the placement is looked up afresh next time.
   */
  async deposit (mailbox: Uint8Array, crates: Uint8Array[], options?: AbortOptions): Promise<DepositReport[]> {
    const placement = await this.#depositPlacement(mailbox, options)
    const reports: DepositReport[] = crates.map(() => ({ stored: 0, of: placement.peers.length, flooded: placement.flooded, errors: {} }))
    await Promise.all(placement.peers.map(async (peer) => {
      try {
        const outcome = peer.equals(this.#components.peerId)
          ? this.replica.holdLocal(crates)
          : await this.client.deposit(peer, crates, options)
        outcome.forEach((o, i) => {
          if (o.ok) reports[i].stored++
          else reports[i].errors[peer.toString()] = o.error
        })
      } catch (err: any) {
        for (const report of reports) report.errors[peer.toString()] = err
      }
    }))
    if (reports.some((r) => r.stored < Math.min(this.#k, r.of))) this.#placements.delete(Buffer.from(mailbox).toString('hex'))
    return reports
  }

  /**
   * Fetches every crate of the owner's mailbox from its holders, by id (see fetch.ts):
   * each crate is transferred once, from one holder, and handed to `take`; every holder is
   * then acknowledged for what is settled, and deletes it. The K closest of the peers this
   * node is connected to are asked at once, while the DHT walk looks for the true K
   * closest (or, when it fails, every connected peer), who are asked as they are found; a
   * walk started shortly before by `prepareFetch` is used instead of a new one. Resolves
   * to the holders reached and asked, and the crates transferred.
   */
  async fetch (owner: MailboxOwner, take: Take, options?: AbortOptions & { onAltered?: () => void }): Promise<{ reached: number, asked: number, crates: number }> {
    const round = new MailboxFetch(take, options?.onAltered)
    const asked = new Set<string>()
    let reached = 0
    const fetchFrom = async (peer: PeerId): Promise<void> => {
      if (asked.has(peer.toString())) return
      asked.add(peer.toString())
      try {
        const holder = peer.equals(this.#components.peerId)
          ? this.replica.localFetch(owner.mailbox)
          : await this.client.openFetch(peer, owner, options)
        await round.run(holder)
        reached++
      } catch {}
    }
    const walk = this.#fetchPlacement(owner.mailbox, options)
    const known = [this.#components.peerId, ...this.#components.dialer.getPeers()]
    const early = Promise.all(sortByDistance(owner.mailbox, known).slice(0, this.#k).map(fetchFrom))
    const placement = await walk
    await Promise.all([early, ...placement.peers.map(fetchFrom)])
    return { reached, asked: asked.size, crates: round.crates }
  }

  /**
   * Starts the DHT walk for a mailbox a fetch is about to need (at login, while the
   * profile is being published); a fetch within PLACEMENT_CACHE_MS uses its answer.
   */
  prepareFetch (mailbox: Uint8Array, options?: AbortOptions): void {
    const walk = this.closest(mailbox, options)
    walk.catch(() => {})
    this.#prepared = { key: Buffer.from(mailbox).toString('hex'), walk, at: this.#now() }
  }

  async #fetchPlacement (mailbox: Uint8Array, options?: AbortOptions): Promise<{ peers: PeerId[], flooded: boolean }> {
    const prepared = this.#prepared
    this.#prepared = undefined
    if (prepared != null && prepared.key === Buffer.from(mailbox).toString('hex') && this.#now() - prepared.at < PLACEMENT_CACHE_MS) {
      try {
        return await prepared.walk
      } catch {} // aborted with the login that started it: walk afresh
    }
    return this.closest(mailbox, options)
  }
}
