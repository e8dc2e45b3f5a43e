import { join } from 'node:path'
import { TypedEventEmitter } from '@libp2p/interface'
import {
  AccountService, AccountStore, RECORD_REPUBLISH_INTERVAL_MS, UnknownUserError, UserDirectory, guardRecordReplacement,
  isOnline, loadOrCreateDeviceKey, recordSelectors, recordValidators, selectBestRecord, userIdFromKey
} from '../identity/index.js'
import { SessionNotices } from '../identity/session-protocol.js'
import { BOOTSTRAP_RETRY_INTERVAL_MS, GuardedDatastore, createParleyLibp2p, dhtRecordStore, dialBootstrap, networkComponents } from '../net/index.js'
import { consoleLogger, systemClock } from '../kernel/index.js'
import { FeedService, FeedStore, guardPointerReplacement, isPointerKey, pointerSelectors, pointerValidators } from '../feed/index.js'
import { ParleyDatabase } from '../store/index.js'
import type { FeedEvents } from '../feed/index.js'
import { DmService, crateSender } from '../dm/index.js'
import { MailboxService } from '../mailbox/index.js'
import type { MessageStatus, MessageView } from '../dm/index.js'
import type { MailboxInit } from '../mailbox/index.js'
import { groupService } from '../group/index.js'
import type { GroupService } from '../group/index.js'
import type { GroupEvent } from '../group/index.js'
import type { ScryptParams, Session } from '../identity/index.js'
import type { BootstrapResult, ParleyLibp2p, TransportFactory } from '../net/index.js'
import type { AbortOptions, ConnectionGater } from '@libp2p/interface'

export interface ParleyInit {
  /** the node's data folder: device key and database (required) */
  dataDir: string
  /** multiaddrs to listen on (default: TCP and WebSockets on 127.0.0.1, OS-chosen ports) */
  listen?: string[]
  /** multiaddrs of bootstrap peers (default: none) */
  bootstrap?: string[]
  /** 'tcp' (default), 'memory' for in-process simulated networks, or a transport of the caller's */
  transport?: 'tcp' | 'memory' | TransportFactory
  /** extra latency per message on the memory transport in ms (default 0) */
  memoryLatencyMs?: number
  /** scrypt cost for new keystores (default N = 2^17, r = 8, p = 1) */
  scrypt?: ScryptParams
  /** how often the logged-in user's profile is refreshed in the DHT, in ms (default 60 000) */
  presenceIntervalMs?: number
  /** how often the records of every account on this node are republished, in ms (default 1 hour) */
  recordRepublishIntervalMs?: number
  /** how long others' cached feed entries and blocks are kept, in ms (default 30 days) */
  feedRetentionMs?: number
  /** how often expired feed entries are deleted, in ms (default 1 hour) */
  feedGcIntervalMs?: number
  /** mailbox replica settings: K, quota, TTL, rate limit, upkeep interval (defaults in src/mailbox/constants.ts) */
  mailbox?: MailboxInit
  /** how often the logged-in user's mailbox is polled and owed receipts retried, ms (default 30 000) */
  dmPollIntervalMs?: number
  /** which peers may connect (default: all); tests use it to cut links */
  connectionGater?: ConnectionGater
}

export interface UserView {
  username: string
  userId: string
  online: boolean
  lastSeen: number
  followers: number
  following: number
  devices: Array<{ peerId: string, addrs: string[], addedAt: number }>
  activeDevice: string
}

export interface NetworkView {
  peerId: string
  addresses: string[]
  peers: Array<{ peerId: string, addresses: string[] }>
  dht: { routingTableSize: number }
}

/** Everything the API and the UI see change, one event per change. */
export interface ParleyEvents {
  session: CustomEvent<{ kind: 'login' | 'logout' | 'taken-over', username: string }>
  peer: CustomEvent<{ kind: 'connected' | 'disconnected', peerId: string }>
  post: FeedEvents['post']
  notification: FeedEvents['notification']
  /** a direct message arrived or was sent */
  message: CustomEvent<MessageView>
  /** an outgoing direct message moved on (stored, delivered, read, failed) */
  'message-status': CustomEvent<{ id: string, status: MessageStatus, recipients: MessageView['recipients'] }>
  group: CustomEvent<GroupEvent>
}

const STOP_LOGOUT_TIMEOUT_MS = 2_000

/** One Parley node: its network, storage and the user logged in on it. */
export class Parley extends TypedEventEmitter<ParleyEvents> {
  readonly libp2p: ParleyLibp2p
  readonly database: ParleyDatabase
  readonly accounts: AccountService
  readonly directory: UserDirectory
  readonly feed: FeedService
  readonly mailbox: MailboxService
  readonly dm: DmService
  readonly groups: GroupService
  readonly #init: ParleyInit
  readonly #sessionNotices: SessionNotices
  #bootstrapTimer?: NodeJS.Timeout
  readonly #timers = new Set<NodeJS.Timeout>()
  #running = false

  static async create (init: ParleyInit): Promise<Parley> {
    const privateKey = await loadOrCreateDeviceKey(init.dataDir)
    const datastore = new GuardedDatastore((key, incoming, held) => {
      (isPointerKey(key) ? guardPointerReplacement : guardRecordReplacement)(key, incoming, held)
    })
    const libp2p = await createParleyLibp2p({
      privateKey,
      listen: init.listen,
      transport: init.transport,
      memoryLatencyMs: init.memoryLatencyMs,
      validators: { ...recordValidators, ...pointerValidators },
      selectors: { ...recordSelectors, ...pointerSelectors },
      datastore,
      connectionGater: init.connectionGater
    })
    return new Parley(init, libp2p, datastore, new ParleyDatabase(join(init.dataDir, 'parley.sqlite')))
  }

  private constructor (init: ParleyInit, libp2p: ParleyLibp2p, datastore: GuardedDatastore, database: ParleyDatabase) {
    super()
    this.#init = init
    this.libp2p = libp2p
    this.database = database
    const records = dhtRecordStore({ libp2p, datastore, select: selectBestRecord })
    this.directory = new UserDirectory(records)
    this.accounts = new AccountService({
      directory: this.directory,
      accounts: new AccountStore(database),
      device: () => ({ peerId: libp2p.peerId.toString(), addrs: libp2p.getMultiaddrs().map((a) => a.toString()) }),
      connectedPeers: () => libp2p.getPeers().length,
      notifyTakeover: async (peerId, addrs, profile) => { await this.#sessionNotices.notify(peerId, addrs, profile) },
      scrypt: init.scrypt
    })
    this.#sessionNotices = new SessionNotices(libp2p, this.accounts)
    this.feed = new FeedService({
      libp2p,
      records,
      store: new FeedStore(database),
      accounts: this.accounts,
      directory: this.directory,
      retentionMs: init.feedRetentionMs,
      gcIntervalMs: init.feedGcIntervalMs
    })
    this.feed.addEventListener('post', (event) => { this.safeDispatchEvent('post', { detail: event.detail }) })
    this.feed.addEventListener('notification', (event) => { this.safeDispatchEvent('notification', { detail: event.detail }) })
    this.mailbox = new MailboxService(libp2p, database, init.mailbox)
    this.dm = new DmService({ node: libp2p, db: database, accounts: this.accounts, directory: this.directory, mailbox: this.mailbox, pollIntervalMs: init.dmPollIntervalMs })
    this.dm.addEventListener('message', (event) => { this.safeDispatchEvent('message', { detail: event.detail }) })
    this.dm.addEventListener('message-status', (event) => { this.safeDispatchEvent('message-status', { detail: event.detail }) })
    const groupAccounts = new AccountStore(database)
    this.groups = groupService({ listened: () => this.listenerCount('group') > 0 })({
      ...networkComponents(libp2p),
      database,
      clock: systemClock,
      logger: consoleLogger('group'),
      session: () => this.session,
      resolveMember: async (username, options) => {
        const resolved = await this.directory.resolveUser(username, options)
        if (resolved == null) throw new UnknownUserError(`no user "${username}"`)
        const record = resolved.profile?.record
        const device = record?.devices.find((d) => d.peerId === record.activeDevice) ?? record?.devices.at(-1)
        if (record == null || device == null) throw new UnknownUserError(`user "${username}" has no device`)
        return { username, userId: userIdFromKey(resolved.claim.record.userKey), peerId: device.peerId, addrs: device.addrs, encryptionKey: record.encryptionKey }
      },
      crateSender: () => {
        const session = this.accounts.requireSession()
        return crateSender(session.username, session.keys, groupAccounts.get(session.username)?.createdAt ?? 0)
      }
    })
    this.groups.addEventListener('group', (event) => { this.safeDispatchEvent('group', { detail: event.detail }) })
    this.accounts.addEventListener('session', (event) => {
      // the groups run for the user logged in here
      if (event.detail.kind === 'login' && this.session != null) this.groups.open(this.session)
      else this.groups.close()
      this.safeDispatchEvent('session', { detail: event.detail })
    })
    libp2p.addEventListener('peer:connect', (event) => { this.safeDispatchEvent('peer', { detail: { kind: 'connected', peerId: event.detail.toString() } }) })
    libp2p.addEventListener('peer:disconnect', (event) => { this.safeDispatchEvent('peer', { detail: { kind: 'disconnected', peerId: event.detail.toString() } }) })
  }

  get peerId (): string {
    return this.libp2p.peerId.toString()
  }

  get session (): Session | undefined {
    return this.accounts.session
  }

  /** Starts the network and dials the bootstrap peers; resolves once listening. */
  async start (): Promise<BootstrapResult> {
    if (this.#running) return { reached: [], unreachable: [] }
    this.#running = true
    await this.libp2p.start()
    await this.#sessionNotices.start()
    await this.feed.start()
    await this.mailbox.start()
    await this.dm.start()
    await this.groups.start()
    const result = await this.connectBootstrap()
    const bootstrap = this.#init.bootstrap ?? []
    if (bootstrap.length > 0) {
      this.#bootstrapTimer = setInterval(() => {
        if (this.libp2p.getPeers().length === 0) void this.connectBootstrap()
      }, BOOTSTRAP_RETRY_INTERVAL_MS)
      this.#bootstrapTimer.unref()
    }
    this.#repeat(this.#init.presenceIntervalMs ?? 60_000, async () => {
      await Promise.all([this.accounts.refreshPresence(), this.feed.refresh()])
    })
    this.#repeat(this.#init.recordRepublishIntervalMs ?? RECORD_REPUBLISH_INTERVAL_MS, async () => {
      await this.accounts.republishStored()
    })
    return result
  }

  /**
   * Runs `work` every interval ± 10 % until the node stops, each round after the previous
   * one ended: nodes started together (a devnet, a rack after a power cut) would otherwise
   * all republish in the same instant, round after round. A failed round waits for the next.
   */
  #repeat (intervalMs: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      work().catch(() => {})
        .finally(() => { if (this.#running) this.#repeat(intervalMs, work) })
    }, intervalMs * (0.9 + 0.2 * Math.random()))
    timer.unref()
    this.#timers.add(timer)
  }

  async connectBootstrap (options?: AbortOptions): Promise<BootstrapResult> {
    return dialBootstrap(this.libp2p, this.#init.bootstrap ?? [], options?.signal)
  }

  async stop (): Promise<void> {
    if (!this.#running) return
    this.#running = false
    clearInterval(this.#bootstrapTimer)
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    if (this.session != null) {
      // tell the network the user went offline; a dead network must not hold up the stop
      await this.accounts.logout({ signal: AbortSignal.timeout(STOP_LOGOUT_TIMEOUT_MS) }).catch(() => {})
    }
    await this.dm.stop()
    await this.mailbox.stop()
    await this.#sessionNotices.stop()
    await this.feed.stop()
    await this.groups.stop()
    await this.libp2p.stop()
    this.database.close()
  }

  /** Resolves a user by name through the DHT: name claim, then profile. */
  async lookupUser (username: string, options?: AbortOptions): Promise<UserView> {
    const resolved = await this.directory.resolveUser(username, options)
    if (resolved == null) throw new UnknownUserError(`no user "${username}"`)
    const { claim, profile } = resolved
    const record = profile?.record
    return {
      username,
      userId: userIdFromKey(claim.record.userKey),
      online: record != null && isOnline(record),
      lastSeen: Number(record?.lastSeen ?? 0n),
      ...this.feed.counts(claim.record.userKey),
      devices: (record?.devices ?? []).map((d) => ({ peerId: d.peerId, addrs: d.addrs, addedAt: Number(d.addedAt) })),
      activeDevice: record?.activeDevice ?? ''
    }
  }

  network (): NetworkView {
    return {
      peerId: this.peerId,
      addresses: this.libp2p.getMultiaddrs().map((a) => a.toString()),
      peers: this.libp2p.getConnections().map((c) => ({ peerId: c.remotePeer.toString(), addresses: [c.remoteAddr.toString()] })),
      dht: { routingTableSize: this.libp2p.services.dht.routingTable.size }
    }
  }
}
