import { join } from 'node:path'
import { TypedEventEmitter } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { dmService } from '../dm/index.js'
import { feedService, followerSummarySelectors, followerSummaryValidators, guardFollowerSummaryReplacement, guardPointerReplacement, isFollowerSummaryKey, isPointerKey, pointerSelectors, pointerValidators, selectFollowerSummary } from '../feed/index.js'
import { groupService } from '../group/index.js'
import {
  RECORD_REPUBLISH_INTERVAL_MS, UserDirectory, accountService, guardRecordReplacement, isOnline,
  loadOrCreateDeviceKey, recordSelectors, recordValidators, selectBestRecord, userIdFromKey
} from '../identity/index.js'
import { UnknownUserError, consoleLogger, startAll, stopAll, systemClock } from '../kernel/index.js'
import { mailboxService } from '../mailbox/index.js'
import {
  BOOTSTRAP_RETRY_INTERVAL_MS, CLOCK_SKEW_WARNING_MS, DHT_STORE_SWEEP_INTERVAL_MS, GuardedDatastore, createParleyLibp2p, dhtRecordStore,
  dialBootstrap, dialKnownPeers, isRelayedConnection, networkComponents, reachabilityOf, rememberConnections
} from '../net/index.js'
import { ParleyDatabase, lockDataFolder } from '../store/index.js'
import type { DataFolderLock } from '../store/index.js'
import { Backups } from './backup.js'
import { DeviceLinking } from './link.js'
import type { BackupsInit } from './backup.js'
import { NodeMetrics } from './metrics.js'
import { PARLEY_MIGRATIONS } from './migrations.js'
import { RecurringJobs } from './upkeep.js'
import type { DmService, MessageStatus, MessageView } from '../dm/index.js'
import type { FeedArchiveInit, FeedEvents, FeedService } from '../feed/index.js'
import type { GroupEvent, GroupService } from '../group/index.js'
import type { AccountService, KdfQueueInit, LoginLimitsInit, ScryptParams, Session } from '../identity/index.js'
import type { Logger, Startable } from '../kernel/index.js'
import type { MailboxInit, MailboxService } from '../mailbox/index.js'
import type { BootstrapResult, DhtStoreLimits, KnownPeersResult, NetworkScope, ParleyLibp2p, RelayServiceLimits, StreamLimitsInit, TransportFactory } from '../net/index.js'
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
  /** scrypt cost for new keystores (default N = 2^17, r = 8, p = 1; at most KDF_BOUND: 128 MiB, N·r·p ≤ 2^21) */
  scrypt?: ScryptParams
  /** how many key derivations (scrypt, 128 MiB each at the default cost) run at once and wait (default 1 running, 8 waiting) */
  kdf?: KdfQueueInit
  /** login attempts per client and per username (default 5 free, then waits of 1 s doubling up to 15 min) */
  loginLimits?: LoginLimitsInit
  /** this device's name in the account's device list (default: the host name) */
  deviceName?: string
  /** how often the logged-in user's profile is refreshed in the DHT, in ms (default 60 000) */
  presenceIntervalMs?: number
  /** how often the records of every account on this node are republished, in ms (default 1 hour) */
  recordRepublishIntervalMs?: number
  /** how long others' cached feed entries and blocks are kept, in ms (default 30 days) */
  feedRetentionMs?: number
  /** how often expired feed entries are deleted, in ms (default 1 hour) */
  feedGcIntervalMs?: number
  /** feeds this node keeps: usernames, sync interval (default: none; every 5 min, see FeedArchiveInit) */
  archive?: FeedArchiveInit
  /** mailbox replica settings: K, stamp difficulty, quotas (per depositor, per mailbox, in total), TTL, rate limit, upkeep interval (defaults in src/mailbox/constants.ts) */
  mailbox?: MailboxInit
  /** how often the logged-in user's mailbox is polled and owed receipts retried, ms (default 30 000) */
  dmPollIntervalMs?: number
  /** how long a sent copy or read mark waits before going to the account's other devices, ms (default 0; queued on disk meanwhile) */
  dmDeviceSyncDelayMs?: number
  /** which peers may connect (default: all); tests use it to cut links */
  connectionGater?: ConnectionGater
  /**
   * limits of inbound streams, by protocol id or '*' for all: idle timeout, deadline, frame
   * size, bytes buffered, streams per peer (defaults: each protocol's *_STREAM_LIMITS;
   * docs/protocols/ lists them)
   */
  streams?: StreamLimitsInit
  /** how many DHT records and provider records the node holds for other peers (defaults in src/net/record-datastore.ts) */
  dhtStore?: DhtStoreLimits
  /** 'internet' (default: safe among strangers) or 'local' (one machine or LAN: devnet, tests); see NetworkScope */
  network?: NetworkScope
  /** addresses others can dial this node at besides the ones it finds (default: none) */
  announce?: string[]
  /** a public node: relays for NATed nodes, always serves the DHT (default false) */
  publicNode?: boolean
  /** relays to keep a reservation on (default 2 on the internet unless public, 0 locally) */
  relayReservations?: number
  /** inbound connections one remote IP may hold (default 8 on the internet, unlimited locally) */
  maxInboundPerIp?: number
  /** what a public node's relay allows: reservations, time and bytes per relayed connection (defaults in src/net/constants.ts) */
  relayService?: RelayServiceLimits
  /** backups of the logged-in user: scrypt cost of new ones (default N = 2^15, r = 8, p = 1; src/app/backup-file.ts) */
  backup?: BackupsInit
  /** where services log operational errors (default: warnings and errors as JSON on standard error) */
  logger?: Logger
}

/** What a start or a reconnection reached: the bootstrap peers, and the peers known from before. */
export interface ConnectResult extends BootstrapResult {
  known: KnownPeersResult
}

export interface UserView {
  username: string
  userId: string
  online: boolean
  lastSeen: number
  followers: number
  following: number
  /** true when the counts could not read the whole graph (see FollowerCounts in src/feed/counts.ts) */
  countsPartial: boolean
  /** ms: when the user's node signed the follower summary the counts come from */
  countsAsOf: number
  devices: Array<{ peerId: string, addrs: string[], addedAt: number }>
  activeDevice: string
}

/** Why a node is not ready to serve its user (GET /api/health). */
export interface HealthReason {
  code: 'no_peers' | 'empty_routing_table' | 'unreachable' | 'clock_skew'
  message: string
}

export interface HealthView {
  ok: true
  /** true when nothing in `reasons` holds the node back */
  ready: boolean
  reasons: HealthReason[]
}

export interface NetworkView {
  peerId: string
  addresses: string[]
  /** connections: `relayed` when one runs through a relay */
  peers: Array<{ peerId: string, addresses: string[], direction: 'inbound' | 'outbound', relayed: boolean }>
  /**
   * 'public': others can dial the node at an address it confirmed or was told to announce;
   * 'relayed': only through its relays; 'unknown': neither yet (just started, or no relay)
   */
  reachability: 'public' | 'relayed' | 'unknown'
  /** addresses given with `--announce` */
  announce: string[]
  /** peer ids of the relays this node holds a reservation on */
  relays: string[]
  /**
   * how far the peers' clocks are ahead of this node's (negative: behind), the median of a
   * few peers' answers; null before any peer answered
   */
  clockSkewMs: number | null
  dht: {
    routingTableSize: number
    /** the DHT records and provider records this node holds for other peers */
    heldForOthers: { records: number, providers: number }
  }
}

/** Everything the API and the UI see change, one event per change. */
export interface ParleyEvents {
  session: CustomEvent<{ kind: 'login' | 'logout' | 'removed', username: string }>
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
/** address changes come in bursts (two reservations, a confirmation): one publication for each burst */
const ADDRESS_REFRESH_DELAY_MS = 1_000

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
  /** backup and restore of an account (backup.ts) */
  readonly backups: Backups
  /** new devices of the logged-in user's account, linked by code */
  readonly linking: DeviceLinking
  /** libp2p's and Parley's metrics, for GET /metrics */
  readonly metrics: NodeMetrics
  /** everything that starts and stops, in start order (stopped in reverse) */
  readonly services: Startable[]
  readonly #init: ParleyInit
  readonly #lock: DataFolderLock
  readonly #datastore: GuardedDatastore
  #running = false
  #publishedAddrs = ''
  readonly #peerTime: () => number
  #addressRefresh: ReturnType<typeof setTimeout> | undefined

  static async create (init: ParleyInit): Promise<Parley> {
    // one node per data folder: two would share a peer id and fork the user's feed
    const lock = await lockDataFolder(init.dataDir)
    try {
      return await Parley.#open(init, lock)
    } catch (err) {
      await lock.release()
      throw err
    }
  }

  static async #open (init: ParleyInit, lock: DataFolderLock): Promise<Parley> {
    const privateKey = await loadOrCreateDeviceKey(init.dataDir)
    // libp2p keeps its peer store and kad-dht its records in the node's database
    const database = new ParleyDatabase(join(init.dataDir, 'parley.sqlite'), PARLEY_MIGRATIONS, { logger: init.logger ?? consoleLogger('parley') })
    try {
      const datastore = new GuardedDatastore({
        database,
        self: peerIdFromPrivateKey(privateKey),
        limits: init.dhtStore,
        guard: (key, incoming, held) => { (isPointerKey(key) ? guardPointerReplacement : isFollowerSummaryKey(key) ? guardFollowerSummaryReplacement : guardRecordReplacement)(key, incoming, held) }
      })
      const metrics = new NodeMetrics()
      const libp2p = await createParleyLibp2p({
        metrics: metrics.libp2p(),
        privateKey,
        listen: init.listen,
        transport: init.transport,
        memoryLatencyMs: init.memoryLatencyMs,
        validators: { ...recordValidators, ...pointerValidators, ...followerSummaryValidators },
        selectors: { ...recordSelectors, ...pointerSelectors, ...followerSummarySelectors },
        datastore,
        connectionGater: init.connectionGater,
        network: init.network,
        announce: init.announce,
        publicNode: init.publicNode,
        relayReservations: init.relayReservations,
        maxInboundPerIp: init.maxInboundPerIp,
        relayService: init.relayService,
        ...(init.logger != null ? { clockProbe: { logger: init.logger } } : {})
      })
      return new Parley(init, libp2p, datastore, database, lock, metrics)
    } catch (err) {
      database.close()
      throw err
    }
  }

  private constructor (init: ParleyInit, libp2p: ParleyLibp2p, datastore: GuardedDatastore, database: ParleyDatabase, lock: DataFolderLock, metrics: NodeMetrics) {
    super()
    this.#init = init
    this.libp2p = libp2p
    this.database = database
    this.metrics = metrics
    this.#datastore = datastore
    const network = networkComponents(libp2p)
    this.#peerTime = network.peerTime
    const base = {
      ...network,
      records: dhtRecordStore({ ...network, datastore, select: (key, values) => isFollowerSummaryKey(key) ? selectFollowerSummary(key, values) : selectBestRecord(key, values), metrics }),
      database,
      clock: systemClock,
      logger: init.logger ?? consoleLogger('parley'),
      metrics
    }
    this.directory = new UserDirectory(base)
    const streams = init.streams
    this.accounts = accountService({ scrypt: init.scrypt, kdf: init.kdf, loginLimits: init.loginLimits, streams, deviceName: init.deviceName })({ ...base, directory: this.directory })
    const users = { ...base, accounts: this.accounts, directory: this.directory }
    this.feed = feedService({ retentionMs: init.feedRetentionMs, gcIntervalMs: init.feedGcIntervalMs, streams, archive: init.archive })(users)
    this.mailbox = mailboxService({ streams, ...init.mailbox })(base)
    this.dm = dmService({ pollIntervalMs: init.dmPollIntervalMs, ownDeviceSyncDelayMs: init.dmDeviceSyncDelayMs, streams })({ ...users, mailbox: this.mailbox, peerId: libp2p.peerId })
    this.backups = new Backups({ database, accounts: this.accounts, clock: systemClock }, init.backup)
    this.linking = new DeviceLinking({ ...users, peerId: libp2p.peerId }, streams)
    this.groups = groupService({ listened: () => this.listenerCount('group') > 0, streams })(users)
    const jobs = new RecurringJobs([
      { name: 'presence refresh', intervalMs: init.presenceIntervalMs ?? 60_000, work: async () => Promise.all([this.accounts.refreshPresence(), this.feed.refresh()]) },
      { name: 'record republication', intervalMs: init.recordRepublishIntervalMs ?? RECORD_REPUBLISH_INTERVAL_MS, work: async () => this.accounts.republishStored() },
      // alone: the bootstrap peers and the peers known from before, again
      { name: 'reconnection', intervalMs: BOOTSTRAP_RETRY_INTERVAL_MS, work: async () => { if (libp2p.getPeers().length === 0) await this.connectBootstrap() } },
      { name: 'dht store sweep', intervalMs: DHT_STORE_SWEEP_INTERVAL_MS, work: async () => datastore.sweepExpired() }
    ], base)
    // which peers it was connected to, and where they listened, for the next start
    rememberConnections(libp2p)
    // the database closes last, after every service that writes to it stopped; then the folder is free
    this.#lock = lock
    const storage: Startable = { start: () => {}, stop: async () => { await this.#close() } }
    this.services = [storage, libp2p, this.accounts, this.linking, this.feed, this.mailbox, this.dm, this.groups, jobs]
    this.#forwardEvents()
  }

  #forwardEvents (): void {
    this.feed.addEventListener('post', (event) => { this.safeDispatchEvent('post', { detail: event.detail }) })
    this.feed.addEventListener('notification', (event) => { this.safeDispatchEvent('notification', { detail: event.detail }) })
    this.dm.addEventListener('message', (event) => { this.safeDispatchEvent('message', { detail: event.detail }) })
    this.dm.addEventListener('message-status', (event) => { this.safeDispatchEvent('message-status', { detail: event.detail }) })
    this.groups.addEventListener('group', (event) => { this.safeDispatchEvent('group', { detail: event.detail }) })
    this.accounts.addEventListener('session', (event) => {
      // the groups run for the user logged in here
      if (event.detail.kind === 'login' && this.session != null) this.groups.open(this.session)
      else this.groups.close()
      this.safeDispatchEvent('session', { detail: event.detail })
    })
    this.libp2p.addEventListener('self:peer:update', () => { this.#onOwnAddresses() })
    // a clock found off (or right again) changes the last-seen time the profile should carry
    this.libp2p.services.clock.addEventListener('skew', () => {
      if (this.#running && this.session != null) void this.accounts.refreshPresence().catch(() => {}) // the next round retries
    })
    this.libp2p.addEventListener('peer:connect', (event) => { this.safeDispatchEvent('peer', { detail: { kind: 'connected', peerId: event.detail.toString() } }) })
    this.libp2p.addEventListener('peer:disconnect', (event) => { this.safeDispatchEvent('peer', { detail: { kind: 'disconnected', peerId: event.detail.toString() } }) })
  }

  /**
   * The node's addresses changed (a relay reservation, an address AutoNAT confirmed, one
   * lost): the profile carries them to everyone who looks the user up, so it is published
   * again at once instead of at the next presence refresh, a minute later.
   */
  #onOwnAddresses (): void {
    const addrs = this.libp2p.getMultiaddrs().map(String).sort().join(' ')
    if (addrs === this.#publishedAddrs) return
    this.#publishedAddrs = addrs
    if (this.session == null || this.#addressRefresh != null) return
    this.#addressRefresh = setTimeout(() => {
      this.#addressRefresh = undefined
      if (this.#running) void this.accounts.refreshPresence().catch(() => {}) // the next round retries
    }, ADDRESS_REFRESH_DELAY_MS)
    this.#addressRefresh.unref()
  }

  get peerId (): string {
    return this.libp2p.peerId.toString()
  }

  get session (): Session | undefined {
    return this.accounts.session
  }

  /**
   * Starts every service in order (storage, network, accounts, feed, mailbox, dm, groups,
   * recurring jobs), then dials the bootstrap peers and the peers it was connected to
   * before (src/net/bootstrap.ts); resolves once listening. When a service fails to start,
   * the ones started before it are stopped again, in reverse order.
   */
  async start (): Promise<ConnectResult> {
    if (this.#running) return { reached: [], unreachable: [], known: { tried: 0, reached: [] } }
    // a stop closed the database (libp2p's peer store lives there too) and freed the folder
    if (!this.database.db.isOpen) throw new Error('this node was stopped; open its data folder again with Parley.create')
    await startAll(this.services)
    this.#running = true
    return this.connectBootstrap()
  }

  /** Dials the bootstrap peers and, at the same time, the peers known from before. */
  async connectBootstrap (options?: AbortOptions): Promise<ConnectResult> {
    const [bootstrap, known] = await Promise.all([
      dialBootstrap(this.libp2p, this.#init.bootstrap ?? [], options?.signal),
      dialKnownPeers(this.libp2p, undefined, options?.signal).catch(() => ({ tried: 0, reached: [] }))
    ])
    return { ...bootstrap, known }
  }

  /** Tells the network the user went offline, then stops every service in reverse start order. */
  async stop (): Promise<void> {
    if (!this.#running) {
      await this.#close() // created but never started (or its start failed): the folder is free again
      return
    }
    this.#running = false
    clearTimeout(this.#addressRefresh)
    if (this.session != null) {
      // a dead network must not hold up the stop
      await this.accounts.logout({ signal: AbortSignal.timeout(STOP_LOGOUT_TIMEOUT_MS) }).catch(() => {})
    }
    await stopAll(this.services)
  }

  /** Closes the database and frees the data folder; harmless when done already. */
  async #close (): Promise<void> {
    this.database.close()
    await this.#lock.release()
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
      online: record != null && isOnline(record, this.#peerTime()),
      lastSeen: Number(record?.lastSeen ?? 0n),
      ...(await this.feed.counts(claim.record.userKey, options)),
      devices: (record?.devices ?? []).map((d) => ({ peerId: d.peerId, addrs: d.addrs, addedAt: Number(d.addedAt) })),
      activeDevice: record?.activeDevice ?? ''
    }
  }

  /** What keeps the node from serving its user now, if anything. */
  health (): HealthView {
    const reasons: HealthReason[] = []
    const network = this.network()
    if (network.peers.length === 0) reasons.push({ code: 'no_peers', message: 'connected to no peer: check the bootstrap addresses and the network' })
    else if (network.dht.routingTableSize === 0) reasons.push({ code: 'empty_routing_table', message: 'no DHT server known yet: users cannot be looked up' })
    if ((this.#init.network ?? 'internet') === 'internet' && this.#init.publicNode !== true && network.reachability === 'unknown' && network.peers.length > 0) {
      reasons.push({ code: 'unreachable', message: 'no public address and no relay reservation: others cannot dial this node, only its mailboxes reach it' })
    }
    const skew = network.clockSkewMs
    if (skew != null && Math.abs(skew) > CLOCK_SKEW_WARNING_MS) {
      reasons.push({ code: 'clock_skew', message: `this node's clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} its peers': set the system clock right (records more than 15 min off are refused)` })
    }
    return { ok: true, ready: reasons.length === 0, reasons }
  }

  network (): NetworkView {
    return {
      peerId: this.peerId,
      addresses: this.libp2p.getMultiaddrs().map((a) => a.toString()),
      peers: this.libp2p.getConnections().map((c) => ({ peerId: c.remotePeer.toString(), addresses: [c.remoteAddr.toString()], direction: c.direction, relayed: isRelayedConnection(c) })),
      ...reachabilityOf(this.libp2p.getMultiaddrs()),
      announce: this.#init.announce ?? [],
      clockSkewMs: this.libp2p.services.clock.skewMs() ?? null,
      dht: { routingTableSize: this.libp2p.services.dht.routingTable.size, heldForOthers: this.#datastore.heldForOthers() }
    }
  }
}
