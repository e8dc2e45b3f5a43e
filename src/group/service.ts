import { randomUUID } from 'node:crypto'
import { TypedEventEmitter } from '@libp2p/interface'
import { rankPreferredHosts } from './core/index.js'
import { encodeFrame } from './codec.js'
import { encryptText, learnSenderKeys, ownSenderKey } from './keys.js'
import { measureRtts } from './latency.js'
import { INVITATION_RESEND_MS, LATENCY_ROUND_TIMEOUT_MS, MAX_GROUP_NAME_LENGTH, REJOIN_REMEASURE_DELAY_MS, MIN_REMEASURE_INTERVAL_MS, MAX_MEMBERS, MAX_TEXT_BYTES } from './constants.js'
import { GroupNotStartedError, MembershipChangePendingError, InvalidGroupMessageError, NotGroupCreatorError, NotGroupDeviceError, UnknownGroupError } from './errors.js'
import { GroupLinks } from './links.js'
import { GroupMirror } from './mirror.js'
import { GroupDefinition } from './runtime.js'
import type { GroupRuntime } from './runtime.js'
import { GroupShell } from './shell.js'
import type { GroupControlMessage } from './shell.js'
import { openBlob, signBlob } from './signing.js'
import { GroupStore } from './store.js'
import { GroupConfig, PreferredHosts } from './wire.js'
import { groupView, messageView, messageViews } from './views.js'
import type { GroupMessageView, GroupView } from './views.js'
import type { GroupEntry } from './core/index.js'
import type { GroupMember } from './wire.js'
import { AccountStore } from '../identity/index.js'
import type { AccountService, Session, UserDirectory } from '../identity/index.js'
import { memberCrateSender, resolveMember } from './members.js'
import { NotLoggedInError, noopMetrics } from '../kernel/index.js'
import type { Clock, Logger, Metrics, TimerHandle } from '../kernel/index.js'
import type { AddressSource, Dialer, NetworkComponents, PeerStore, ProtocolRegistrar, StreamLimitsInit } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

export type GroupEvent =
  | { kind: 'created' | 'started', groupId: string }
  | { kind: 'message', groupId: string, message: GroupMessageView }
  | { kind: 'host', groupId: string, role: string, term: number, host: string | null }

export interface GroupServiceEvents {
  group: CustomEvent<GroupEvent>
}


/** What the group service takes from the node (the js-libp2p components idea): the narrow parts it uses. */
export interface GroupComponents {
  peerId: PeerId
  addresses: AddressSource
  registrar: ProtocolRegistrar
  dialer: Dialer
  peerStore: PeerStore
  ping: NetworkComponents['ping']
  database: ParleyDatabase
  clock: Clock
  logger: Logger
  /** where commits and elections are counted (default: noopMetrics) */
  metrics?: Metrics
  /** the user logged in on this node, if any (and what its other devices publish: the mirror admits them) */
  accounts: Pick<AccountService, 'session' | 'observeProfile'>
  /** finds the members' users and devices by name, and the account's own profile (through the DHT) */
  directory: Pick<UserDirectory, 'resolveUser' | 'resolveProfile'>
}

export interface GroupServiceInit {
  /** how long POST messages waits for the commit before answering "pending" (default 2000 ms) */
  commitWaitMs?: number
  /**
   * whether anyone listens to the events this service's events are forwarded to (the
   * facade's); message events, which need a decryption each, are only made then
   */
  listened?: () => boolean
  /** limits of inbound group streams (default: GROUP_STREAM_LIMITS in constants.ts) */
  streams?: StreamLimitsInit
}

interface LatencyRound {
  round: number
  reports: Map<string, Record<string, number | null>>
  done: () => void
}

/** The group service as a js-libp2p style factory: `groupService(init)(components)`. */
export function groupService (init: GroupServiceInit = {}): (components: GroupComponents) => GroupService {
  return (components) => new GroupService(components, init)
}

/**
 * Group chats on this node: creation and invitations, latency measurement and host
 * choice (the creator is the pseudo-leader), keys and views; the ordering of each started
 * group runs in the GroupShell, on the group links.
 */
export class GroupService extends TypedEventEmitter<GroupServiceEvents> {
  readonly #components: GroupComponents
  readonly #init: GroupServiceInit
  readonly #store: GroupStore
  readonly #accountStore: AccountStore
  readonly #links: GroupLinks
  readonly #shell: GroupShell
  readonly #mirror: GroupMirror
  readonly #rounds = new Map<string, LatencyRound>()
  readonly #remeasure = new Map<string, TimerHandle>()
  /** invitations sent again while a new group waits to be started */
  readonly #invitations = new Set<TimerHandle>()
  readonly #lastRound = new Map<string, number>()
  #owner: string | null = null

  constructor (components: GroupComponents, init: GroupServiceInit = {}) {
    super()
    this.#components = components
    this.#init = init
    this.#store = new GroupStore(components.database)
    this.#accountStore = new AccountStore(components.database)
    const metrics = components.metrics ?? noopMetrics
    const committed = metrics.counter({ name: 'parley_group_entries_committed_total', help: 'group chat entries (messages, membership changes) committed, as this member learned them' })
    // a member that stands (candidate) after its pre-vote found the host silent, and one that wins (host): failovers
    const roles = metrics.counter({ name: 'parley_group_role_changes_total', help: "this member's role changes in its groups: candidate = an election started, host = an election won", labelNames: ['role'] })
    this.#links = new GroupLinks(components, (peer, bytes) => { if (this.#owner != null) this.#shell.receiveFrame(peer, bytes) }, { streams: init.streams })
    this.#shell = new GroupShell({
      store: this.#store,
      clock: components.clock,
      logger: components.logger,
      commitWaitMs: init.commitWaitMs,
      sendFrame: (m, frame) => { this.#links.send(m.peerId, m.addrs, frame) },
      signingSecret: () => this.#session().keys.signingSecret,
      device: components.peerId.toString(),
      events: {
        committed: (g, from, entries) => { committed.inc(undefined, entries.length); this.#mirror.pushCommitted(g, from, entries); this.#show(g, from, entries) },
        role: (g, role, term, host) => { roles.inc({ role }); this.#emit({ kind: 'host', groupId: g.id, role, term, host: host == null ? null : g.definition.username(host) }) },
        logged: (g, entries) => { learnSenderKeys(this.#components, g, entries) },
        config: (peerId, groupId, signed) => { this.#onConfig(peerId, groupId, signed) },
        control: (g, from, message) => { this.#onControl(g, from, message) }
      }
    })
    this.#mirror = new GroupMirror(components, {
      store: this.#store,
      streams: init.streams,
      commitWaitMs: init.commitWaitMs,
      groups: () => this.#shell.groups,
      get: (groupId) => this.#shell.get(groupId),
      adopt: (groupId, owner, config) => {
        this.#store.insertGroup(groupId, owner, config, this.#components.clock.now())
        const g = this.#shell.adopt(groupId)
        this.#emit({ kind: 'created', groupId })
        return g
      },
      send: async (g, id, text) => { await this.#sendAs(g, id, text, false) },
      committed: (g, from, entries) => {
        committed.inc(undefined, entries.length)
        learnSenderKeys(this.#components, g, entries)
        this.#show(g, from, entries)
      },
      started: (g) => { this.#emit({ kind: 'started', groupId: g.id }) }
    })
  }

  async start (): Promise<void> {
    await this.#links.start()
    await this.#mirror.start()
    this.#shell.start()
  }

  async stop (): Promise<void> {
    for (const timer of this.#remeasure.values()) timer.cancel()
    this.#remeasure.clear()
    this.#cancelInvitations()
    this.#owner = null
    this.#shell.stop()
    await this.#mirror.stop()
    await this.#links.stop()
  }

  /** Loads the groups of the user who just logged in. */
  open (session: Session): void {
    this.close()
    this.#owner = session.userId
    for (const g of this.#shell.open(session.userId)) {
      if (g.state != null) learnSenderKeys(this.#components, g, [...g.state.log, ...g.state.outbox])
    }
    this.#announceRejoin()
    this.#mirror.open()
  }

  /** Stops running the groups (logout). */
  close (): void {
    this.#owner = null
    this.#cancelInvitations()
    this.#mirror.close()
    this.#shell.close()
  }

  #cancelInvitations (): void {
    for (const timer of this.#invitations) timer.cancel()
    this.#invitations.clear()
  }

  /**
   * Group frames are best effort (a failed dial drops them): the invitation is sent again a
   * few times until the group starts, which sends it once more. A member behind a NAT missed
   * it when the first dial through its relay failed (the NAT lab, once in a CI run).
   */
  #resendInvitation (groupId: string, signed: Uint8Array): void {
    for (const delay of INVITATION_RESEND_MS) {
      const timer = this.#components.clock.after(delay, () => {
        this.#invitations.delete(timer)
        const g = [...this.#shell.groups].find((x) => x.id === groupId)
        if (g != null && !g.started) this.#shell.broadcast(g, { kind: 'config', signed })
      })
      this.#invitations.add(timer)
    }
  }

  // ---- API ----------------------------------------------------------------------------

  async create (name: string, usernames: string[], options?: AbortOptions): Promise<GroupView> {
    const session = this.#session()
    if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH) throw new InvalidGroupMessageError(`name must be 1-${MAX_GROUP_NAME_LENGTH} characters`)
    const others = [...new Set(usernames)].filter((u) => u !== session.username)
    if (others.length + 1 > MAX_MEMBERS) throw new InvalidGroupMessageError(`at most ${MAX_MEMBERS} members`)
    const resolved = await Promise.all(others.map(async (u) => resolveMember(this.#components.directory, u, options)))
    const self: GroupMember = { userId: session.userId, username: session.username, peerId: this.#components.peerId.toString(), addrs: this.#ownAddrs(), encryptionKey: session.keys.encryptionKey }
    const now = this.#components.clock.now()
    const config: GroupConfig = { groupId: randomUUID(), name, creator: session.userId, members: [self, ...resolved], version: 1n, createdAt: BigInt(now) }
    const signed = signBlob('config', GroupConfig.encode(config), session.keys.signingSecret)
    this.#store.insertGroup(config.groupId, session.userId, signed, now)
    const runtime = this.#shell.adopt(config.groupId)
    this.#shell.broadcast(runtime, { kind: 'config', signed })
    this.#resendInvitation(config.groupId, signed)
    this.#mirror.announce(runtime)
    this.#emit({ kind: 'created', groupId: config.groupId })
    return this.view(config.groupId)
  }

  async addMember (groupId: string, username: string, options?: AbortOptions): Promise<GroupView> {
    const session = this.#session()
    const g = this.#creatorOf(groupId, session)
    if (g.definition.config.members.some((m) => m.username === username)) return this.view(groupId)
    if (g.state != null && g.state.outbox.some((e) => e.config != null)) throw new MembershipChangePendingError('the previous member is still being added; try again once it is committed')
    const member = await resolveMember(this.#components.directory, username, options)
    const config: GroupConfig = { ...g.definition.config, members: [...g.definition.config.members, member], version: g.definition.config.version + 1n }
    if (config.members.length > MAX_MEMBERS) throw new InvalidGroupMessageError(`at most ${MAX_MEMBERS} members`)
    const signed = signBlob('config', GroupConfig.encode(config), session.keys.signingSecret)
    if (g.state == null) {
      this.#store.updateConfig(groupId, signed)
      g.definition = new GroupDefinition(signed)
      this.#shell.broadcast(g, { kind: 'config', signed })
      this.#mirror.announce(g)
      return this.view(groupId)
    }
    // a running chat: the change goes through the log (in force where it stands) and the
    // new member gets the signed config as its invitation
    this.#links.send(member.peerId, member.addrs, encodeFrame(groupId, { kind: 'config', signed }))
    await this.#shell.submit(g, { id: randomUUID(), body: signed, config: config.members.map((m) => m.userId) })
    return this.view(groupId)
  }

  /**
   * Pseudo-leader: every member measures RTTs and reports; the ranked list is signed and
   * sent. On a started group it re-runs the measurement (also done on every rejoin).
   */
  async startChat (groupId: string, options?: AbortOptions): Promise<GroupView> {
    const session = this.#session()
    const g = this.#creatorOf(groupId, session)
    const wasStarted = g.started
    const clock = this.#components.clock
    const round = Math.max(clock.now(), g.preferredRound + 1)
    const reports = new Map<string, Record<string, number | null>>()
    const others = g.definition.memberIds.filter((m) => m !== g.self)
    const all = new Promise<void>((resolve) => {
      this.#rounds.set(groupId, { round, reports, done: () => { if (reports.size >= others.length) resolve() } })
    })
    this.#shell.broadcast(g, { kind: 'config', signed: g.definition.signed })
    this.#shell.broadcast(g, { kind: 'latency-request', round })
    reports.set(g.self, await measureRtts(this.#components, g.definition.config.members.filter((m) => m.userId !== g.self)))
    let timer: TimerHandle | undefined
    const timeout = new Promise((resolve) => {
      timer = clock.after(LATENCY_ROUND_TIMEOUT_MS, () => { resolve(undefined) })
      options?.signal?.addEventListener('abort', resolve, { once: true })
    })
    await Promise.race([all, timeout])
    timer?.cancel()
    if (this.#rounds.get(groupId)?.round === round) this.#rounds.delete(groupId)
    this.#lastRound.set(groupId, round)
    const hosts = rankPreferredHosts(g.definition.memberIds, Object.fromEntries(reports) as any)
    const initialMembers = g.state?.members ?? g.definition.memberIds
    const payload = PreferredHosts.encode({ groupId, configVersion: g.definition.config.version, hosts, round: BigInt(round), initialMembers })
    const signed = signBlob('preferred', payload, session.keys.signingSecret)
    this.#shell.broadcast(g, { kind: 'preferred', signed })
    this.#shell.carryOut(g, g.setPreferred(signed, clock.now()))
    if (!wasStarted) {
      this.#mirror.announce(g)
      this.#emit({ kind: 'started', groupId })
    }
    return this.view(groupId)
  }

  /**
   * Sends `text` as the account. On a companion (the group runs on another of the
   * account's devices) it waits in this device's outbox and goes to the group device,
   * which sends it (group.md, "Devices"). With `wait` (default true) the answer waits a
   * while (commitWaitMs) for the commit; without, it comes once the entry is stored in
   * this device's outbox, `pending`, the commit following as a `message` event.
   */
  async send (groupId: string, text: string, options: { wait?: boolean } = {}): Promise<{ id: string, status: 'pending' | 'committed' }> {
    const wait = options.wait ?? true
    this.#session()
    const g = this.#group(groupId)
    if (g.state == null) throw new GroupNotStartedError('the group chat has not started')
    if (Buffer.byteLength(text) > MAX_TEXT_BYTES) throw new InvalidGroupMessageError(`text over ${MAX_TEXT_BYTES} bytes`)
    if (g.companion) return this.#mirror.forward(g, text, wait)
    return this.#sendAs(g, randomUUID(), text, wait)
  }

  /** An own message with entry id `id`: waits for its commit (a while) when `wait`, else only until it is stored. */
  async #sendAs (g: GroupRuntime, id: string, text: string, wait: boolean): Promise<{ id: string, status: 'pending' | 'committed' }> {
    const groupId = g.id
    if (g.state == null) throw new GroupNotStartedError('the group chat has not started')
    const epoch = g.definition.config.version
    const key = await ownSenderKey(g, epoch, { crateSender: () => memberCrateSender(this.#session(), this.#accountStore), queue: async (entry) => { await this.#shell.queue(g, entry) }, now: () => this.#components.clock.now() })
    const { nonce, ciphertext } = encryptText(key, groupId, id, text)
    const entry = { id, content: { groupId, id, seq: 0n, text: '', timestamp: BigInt(this.#components.clock.now()), nonce, ciphertext, keyEpoch: epoch, keyCrates: [] } }
    if (wait) return this.#shell.submit(g, entry)
    await this.#shell.queue(g, entry)
    return { id, status: 'pending' }
  }

  /** Shows what a turn committed, once stored (the shell answered the waiting sends): re-measures after joins, emits events. */
  #show (g: GroupRuntime, from: number, entries: GroupEntry[]): void {
    if (entries.some((e) => e.config != null)) this.#scheduleRemeasure(g, true)
    // events once the keys that came before them are open, in order; a message is
    // decrypted for its event, so only when someone listens
    if (!this.#listened()) return
    void g.keysReady.then(() => {
      entries.forEach((e, i) => {
        const message = messageView(g, e, from + i + 1)
        if (message != null) this.#emit({ kind: 'message', groupId: g.id, message })
      })
    })
  }

  view (groupId: string): GroupView {
    return groupView(this.#group(groupId))
  }

  list (): GroupView[] {
    return [...this.#shell.groups].map((g) => this.view(g.id))
  }

  /** Committed messages in order, then this member's pending ones. */
  messages (groupId: string, options: { after?: number, limit?: number } = {}): GroupMessageView[] {
    return messageViews(this.#group(groupId), options)
  }

  // ---- network ------------------------------------------------------------------------

  /** A member is back (or the creator itself): the creator re-runs the host choice shortly after. */
  #scheduleRemeasure (g: GroupRuntime, join = false): void {
    if (!g.started || g.companion || g.definition.config.creator !== this.#owner || this.#remeasure.has(g.id)) return
    // a new member cannot take part before it has a preferred list: no rate limit for joins
    const clock = this.#components.clock
    const wait = join ? REJOIN_REMEASURE_DELAY_MS : Math.max(REJOIN_REMEASURE_DELAY_MS, (this.#lastRound.get(g.id) ?? 0) + MIN_REMEASURE_INTERVAL_MS - clock.now())
    this.#remeasure.set(g.id, clock.after(wait, () => {
      this.#remeasure.delete(g.id)
      this.startChat(g.id).catch(() => {}) // a failed round leaves the previous list in force
    }))
  }

  #announceRejoin (): void {
    for (const g of this.#shell.groups) {
      if (!g.started || g.companion) continue
      if (g.definition.config.creator === g.self) this.#scheduleRemeasure(g)
      else {
        const creator = g.definition.byUser.get(g.definition.config.creator)!
        this.#links.send(creator.peerId, creator.addrs, encodeFrame(g.id, { kind: 'rejoin' }))
      }
    }
  }

  /** Host choice and rejoins (the shell checked that `from` is a member's device). */
  #onControl (g: GroupRuntime, from: string, message: GroupControlMessage): void {
    switch (message.kind) {
      case 'preferred': this.#onPreferred(g, from, message.signed); return
      case 'rejoin': this.#scheduleRemeasure(g); return
      case 'latency-request':
        if (from === g.definition.config.creator) void this.#reportLatency(g, message.round)
        return
      case 'latency-report': {
        const round = this.#rounds.get(g.id)
        if (round == null || round.round !== message.round) return
        round.reports.set(from, message.rtts)
        round.done()
      }
    }
  }

  #onConfig (peerId: string, groupId: string, signed: Uint8Array): void {
    if (this.#owner == null) return
    const definition = new GroupDefinition(signed)
    const config = definition.config
    openBlob('config', signed, config.creator)
    if (config.groupId !== groupId || definition.byUser.get(config.creator)?.peerId !== peerId) throw new InvalidGroupMessageError('config not sent by its creator')
    if (!definition.byUser.has(this.#owner!)) return
    const known = this.#shell.get(groupId)
    if (known == null) {
      this.#store.insertGroup(groupId, this.#owner, signed, this.#components.clock.now())
      this.#mirror.announce(this.#shell.adopt(groupId))
      this.#emit({ kind: 'created', groupId })
    } else if (config.version > known.definition.config.version && !known.started) {
      this.#store.updateConfig(groupId, signed)
      known.definition = definition
      this.#mirror.announce(known)
    }
  }

  #onPreferred (g: GroupRuntime, from: string, signed: Uint8Array): void {
    if (from !== g.definition.config.creator) throw new InvalidGroupMessageError('preferred hosts not from the creator')
    const list = PreferredHosts.decode(openBlob('preferred', signed, from))
    const members = g.definition.memberIds
    if (list.groupId !== g.id || list.configVersion !== g.definition.config.version ||
      list.hosts.length !== members.length || !members.every((m) => list.hosts.includes(m))) {
      throw new InvalidGroupMessageError('preferred hosts do not match the group')
    }
    if (Number(list.round) <= g.preferredRound) return // an older measurement, or a replay
    const wasStarted = g.started
    this.#shell.carryOut(g, g.setPreferred(signed, this.#components.clock.now()))
    if (!wasStarted) {
      this.#mirror.announce(g)
      this.#emit({ kind: 'started', groupId: g.id })
    }
  }

  async #reportLatency (g: GroupRuntime, round: number): Promise<void> {
    const rtts = await measureRtts(this.#components, g.definition.config.members.filter((m) => m.userId !== g.self))
    const creator = g.definition.byUser.get(g.definition.config.creator)!
    this.#links.send(creator.peerId, creator.addrs, encodeFrame(g.id, { kind: 'latency-report', round, rtts }))
  }

  // ---- helpers ------------------------------------------------------------------------

  /** someone listens to group events (the facade asks its own listeners) */
  #listened (): boolean {
    return this.#init.listened?.() ?? this.listenerCount('group') > 0
  }

  #emit (detail: GroupEvent): void {
    this.safeDispatchEvent('group', { detail })
  }

  #ownAddrs (): string[] {
    return this.#components.addresses.getMultiaddrs().map((a) => a.toString())
  }

  #session (): Session {
    const session = this.#components.accounts.session
    if (session == null || session.userId !== this.#owner) throw new NotLoggedInError('nobody is logged in on this node')
    return session
  }

  #group (groupId: string): GroupRuntime {
    const g = this.#shell.get(groupId)
    if (g == null) throw new UnknownGroupError(`no group ${groupId}`)
    return g
  }

  #creatorOf (groupId: string, session: Session): GroupRuntime {
    const g = this.#group(groupId)
    if (g.definition.config.creator !== session.userId) throw new NotGroupCreatorError('only the creator can do this')
    if (g.companion) throw new NotGroupDeviceError(`this group runs on your device ${g.definition.byUser.get(session.userId)?.peerId ?? ''}: do this there`)
    return g
  }
}
