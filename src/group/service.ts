import { randomUUID } from 'node:crypto'
import { TypedEventEmitter } from '@libp2p/interface'
import { rankPreferredHosts } from './core/index.js'
import { decodeFrame, encodeFrame, entriesOf, openEntries, readEntry } from './codec.js'
import { decryptText, encryptText, newSenderKey, openSenderKey, sealSenderKey } from './keys.js'
import { measureRtts } from './latency.js'
import {
  LATENCY_ROUND_TIMEOUT_MS, MAX_GROUP_NAME_LENGTH, REJOIN_REMEASURE_DELAY_MS, MIN_REMEASURE_INTERVAL_MS, MAX_MEMBERS, MAX_TEXT_BYTES, TICK_INTERVAL_MS
} from './constants.js'
import { GroupNotStartedError, MembershipChangePendingError, InvalidGroupMessageError, NotGroupCreatorError, UnknownGroupError } from './errors.js'
import { GroupLinks } from './links.js'
import { GroupDefinition, GroupRuntime } from './runtime.js'
import { BatchChecks, openBlob, signBlob } from './signing.js'
import { GroupTurns } from './turns.js'
import type { OwnEntry } from './turns.js'
import { GroupStore } from './store.js'
import { GroupConfig, PreferredHosts } from './wire.js'
import type { GroupWireMessage } from './codec.js'
import type { GroupEntry, GroupMessage, GroupOutput } from './core/index.js'
import type { GroupMember } from './wire.js'
import type { Session } from '../identity/index.js'
import type { ParleyLibp2p } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions } from '@libp2p/interface'
import { NotLoggedInError } from '../kernel/index.js'
import type { CrateSender } from '../crate/index.js'

export interface GroupView {
  id: string
  name: string
  creator: string
  members: Array<{ username: string, userId: string, peerId: string }>
  started: boolean
  host: string | null
  term: number
  preferredHosts: string[]
  /** when the preferred hosts were measured (ms since the epoch; 0 = not yet) */
  measuredAt: number
  commitIndex: number
}

export interface GroupMessageView {
  id: string
  /** position in the agreed order; null while pending */
  seq: number | null
  from: string
  text: string
  timestamp: number
  status: 'pending' | 'committed'
}

export type GroupEvent =
  | { kind: 'created' | 'started', groupId: string }
  | { kind: 'message', groupId: string, message: GroupMessageView }
  | { kind: 'host', groupId: string, role: string, term: number, host: string | null }

export interface GroupServiceEvents {
  group: CustomEvent<GroupEvent>
}

export interface ResolvedMember { username: string, userId: string, peerId: string, addrs: string[], encryptionKey: Uint8Array }

export interface GroupServiceInit {
  libp2p: ParleyLibp2p
  database: ParleyDatabase
  session: () => Session | undefined
  /** resolves a username to the user and the device it is on (through the DHT) */
  resolveMember: (username: string, options?: AbortOptions) => Promise<ResolvedMember>
  /** the logged-in user as it signs sealed crates (key entries) */
  crateSender: () => CrateSender
  /** how long POST messages waits for the commit before answering "pending" (default 2000 ms) */
  commitWaitMs?: number
  /**
   * whether anyone listens to the events this service's events are forwarded to (the
   * facade's); message events, which need a decryption each, are only made then
   */
  listened?: () => boolean
}

interface LatencyRound {
  round: number
  reports: Map<string, Record<string, number | null>>
  done: () => void
}

/**
 * Group chats on this node: creation and invitations, latency measurement and host
 * choice (the creator is the pseudo-leader), and the ordering core of each started group,
 * fed with frames and timer ticks, its state in SQLite.
 */
export class GroupService extends TypedEventEmitter<GroupServiceEvents> {
  readonly #init: GroupServiceInit
  readonly #store: GroupStore
  readonly #links: GroupLinks
  readonly #groups = new Map<string, GroupRuntime>()
  readonly #rounds = new Map<string, LatencyRound>()
  readonly #waiters = new Map<string, () => void>()
  readonly #remeasure = new Map<string, NodeJS.Timeout>()
  readonly #lastRound = new Map<string, number>()
  readonly #turns: GroupTurns
  /** batch signatures this node checked */
  readonly #checks = new BatchChecks()
  #owner: string | null = null
  #timer?: NodeJS.Timeout
  #running = false

  constructor (init: GroupServiceInit) {
    super()
    this.#init = init
    this.#store = new GroupStore(init.database)
    this.#links = new GroupLinks(init.libp2p, (peer, bytes) => { this.#onFrame(peer, bytes) })
    this.#turns = new GroupTurns({
      signingSecret: (g) => {
        const session = this.#session()
        if (this.#groups.get(g.id) !== g || g.state == null) throw new GroupNotStartedError('the group chat is not running')
        return session.keys.signingSecret
      },
      carryOut: (g, outputs) => { this.#carryOut(g, outputs) },
      send: (g, to, message) => {
        const m = g.definition.byUser.get(to)
        if (m != null) this.#links.send(m.peerId, m.addrs, encodeFrame(g.id, { kind: 'core', message }))
      },
      show: (g, from, entries) => { this.#show(g, from, entries) }
    })
  }

  async start (): Promise<void> {
    await this.#links.start()
    this.#running = true
    this.#syncTimer()
  }

  async stop (): Promise<void> {
    for (const timer of this.#remeasure.values()) clearTimeout(timer)
    this.#remeasure.clear()
    this.#running = false
    this.close()
    await this.#links.stop()
  }

  /** Loads the groups of the user who just logged in. */
  open (session: Session): void {
    this.close()
    this.#owner = session.userId
    for (const row of this.#store.list(session.userId)) {
      const g = new GroupRuntime(row, this.#store, Date.now())
      this.#addGroup(g)
      if (g.state != null) this.#learnKeys(g, [...g.state.log, ...g.state.outbox])
    }
    this.#announceRejoin()
  }

  /** Stops running the groups (logout). */
  close (): void {
    this.#turns.storeNow()
    this.#owner = null
    this.#groups.clear()
    this.#syncTimer()
    for (const done of this.#waiters.values()) done()
  }

  // ---- API ----------------------------------------------------------------------------

  async create (name: string, usernames: string[], options?: AbortOptions): Promise<GroupView> {
    const session = this.#session()
    if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH) throw new InvalidGroupMessageError(`name must be 1-${MAX_GROUP_NAME_LENGTH} characters`)
    const others = [...new Set(usernames)].filter((u) => u !== session.username)
    if (others.length + 1 > MAX_MEMBERS) throw new InvalidGroupMessageError(`at most ${MAX_MEMBERS} members`)
    const resolved = await Promise.all(others.map(async (u) => this.#init.resolveMember(u, options)))
    const self: GroupMember = { userId: session.userId, username: session.username, peerId: this.#init.libp2p.peerId.toString(), addrs: this.#ownAddrs(), encryptionKey: session.keys.encryptionKey }
    const config: GroupConfig = { groupId: randomUUID(), name, creator: session.userId, members: [self, ...resolved], version: 1n, createdAt: BigInt(Date.now()) }
    const signed = signBlob('config', GroupConfig.encode(config), session.keys.signingSecret)
    this.#store.insertGroup(config.groupId, session.userId, signed, Date.now())
    const runtime = new GroupRuntime(this.#store.get(config.groupId)!, this.#store, Date.now())
    this.#addGroup(runtime)
    this.#broadcast(runtime, { kind: 'config', signed })
    this.#emit({ kind: 'created', groupId: config.groupId })
    return this.view(config.groupId)
  }

  async addMember (groupId: string, username: string, options?: AbortOptions): Promise<GroupView> {
    const session = this.#session()
    const g = this.#creatorOf(groupId, session)
    if (g.definition.config.members.some((m) => m.username === username)) return this.view(groupId)
    if (g.state != null && g.state.outbox.some((e) => e.config != null)) throw new MembershipChangePendingError('the previous member is still being added; try again once it is committed')
    const member = await this.#init.resolveMember(username, options)
    const config: GroupConfig = { ...g.definition.config, members: [...g.definition.config.members, member], version: g.definition.config.version + 1n }
    if (config.members.length > MAX_MEMBERS) throw new InvalidGroupMessageError(`at most ${MAX_MEMBERS} members`)
    const signed = signBlob('config', GroupConfig.encode(config), session.keys.signingSecret)
    if (g.state == null) {
      this.#store.updateConfig(groupId, signed)
      g.definition = new GroupDefinition(signed)
      this.#broadcast(g, { kind: 'config', signed })
      return this.view(groupId)
    }
    // a running chat: the change goes through the log (in force where it stands) and the
    // new member gets the signed config as its invitation
    this.#links.send(member.peerId, member.addrs, encodeFrame(groupId, { kind: 'config', signed }))
    await this.#submit(g, { id: randomUUID(), body: signed, config: config.members.map((m) => m.userId) })
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
    const round = Math.max(Date.now(), g.preferredRound + 1)
    const reports = new Map<string, Record<string, number | null>>()
    const others = g.definition.memberIds.filter((m) => m !== g.self)
    const all = new Promise<void>((resolve) => {
      this.#rounds.set(groupId, { round, reports, done: () => { if (reports.size >= others.length) resolve() } })
    })
    this.#broadcast(g, { kind: 'config', signed: g.definition.signed })
    this.#broadcast(g, { kind: 'latency-request', round })
    reports.set(g.self, await measureRtts(this.#init.libp2p, g.definition.config.members.filter((m) => m.userId !== g.self)))
    const timeout = AbortSignal.any([AbortSignal.timeout(LATENCY_ROUND_TIMEOUT_MS), ...(options?.signal != null ? [options.signal] : [])])
    await Promise.race([all, new Promise((resolve) => { timeout.addEventListener('abort', resolve, { once: true }) })])
    if (this.#rounds.get(groupId)?.round === round) this.#rounds.delete(groupId)
    this.#lastRound.set(groupId, round)
    const hosts = rankPreferredHosts(g.definition.memberIds, Object.fromEntries(reports) as any)
    const initialMembers = g.state?.members ?? g.definition.memberIds
    const payload = PreferredHosts.encode({ groupId, configVersion: g.definition.config.version, hosts, round: BigInt(round), initialMembers })
    const signed = signBlob('preferred', payload, session.keys.signingSecret)
    this.#broadcast(g, { kind: 'preferred', signed })
    this.#carryOut(g, g.setPreferred(signed, Date.now()))
    if (!wasStarted) this.#emit({ kind: 'started', groupId })
    return this.view(groupId)
  }

  async send (groupId: string, text: string): Promise<{ id: string, status: 'pending' | 'committed' }> {
    this.#session()
    const g = this.#group(groupId)
    if (g.state == null) throw new GroupNotStartedError('the group chat has not started')
    if (Buffer.byteLength(text) > MAX_TEXT_BYTES) throw new InvalidGroupMessageError(`text over ${MAX_TEXT_BYTES} bytes`)
    const epoch = g.definition.config.version
    const key = await this.#ownKey(g, epoch)
    const id = randomUUID()
    const { nonce, ciphertext } = encryptText(key, groupId, id, text)
    return this.#submit(g, { id, content: { groupId, id, seq: 0n, text: '', timestamp: BigInt(Date.now()), nonce, ciphertext, keyEpoch: epoch, keyCrates: [] } })
  }

  /**
   * This member's key for the membership `epoch`: made, sealed to every member and put in
   * the log (a key entry, ahead of the messages it opens) on the first send of the epoch.
   */
  async #ownKey (g: GroupRuntime, epoch: bigint): Promise<Uint8Array> {
    await g.keysReady
    const known = g.senderKeys.get(senderKeyId(g.self, epoch))
    if (known != null) return known
    let making = g.makingKey.get(epoch)
    if (making == null) {
      making = (async () => {
        const key = newSenderKey()
        const keyCrates = await sealSenderKey(key, g.definition.config.members, this.#init.crateSender())
        if (g.state == null || g.senderKeys.has(senderKeyId(g.self, epoch))) return g.senderKeys.get(senderKeyId(g.self, epoch)) ?? key
        g.senderKeys.set(senderKeyId(g.self, epoch), key)
        const id = randomUUID()
        await this.#turns.queue(g, { id, content: { groupId: g.id, id, seq: 0n, text: '', timestamp: BigInt(Date.now()), nonce: new Uint8Array(0), ciphertext: new Uint8Array(0), keyEpoch: epoch, keyCrates } })
        return key
      })()
      g.makingKey.set(epoch, making)
      void making.finally(() => { g.makingKey.delete(epoch) }).catch(() => {})
    }
    return making
  }

  /** Learns the sender keys sealed to us in entries that entered our log (or outbox), in order. */
  #learnKeys (g: GroupRuntime, entries: GroupEntry[]): void {
    const withKeys = entries.flatMap((e) => {
      const content = e.config == null ? readEntry(e) : null
      return content != null && content.keyCrates.length > 0 ? [{ sender: e.sender, content }] : []
    })
    if (withKeys.length === 0) return
    const session = this.#init.session()
    if (session == null) return
    const keys = { userKey: session.keys.userKey, encryptionKey: session.keys.encryptionKey, encryptionSecret: session.keys.encryptionSecret }
    g.keysReady = g.keysReady.then(async () => {
      for (const { sender, content } of withKeys) {
        const key = await openSenderKey(content.keyCrates, g.self, sender, keys)
        if (key != null && !g.senderKeys.has(senderKeyId(sender, content.keyEpoch))) g.senderKeys.set(senderKeyId(sender, content.keyEpoch), key)
      }
    }).catch((err) => { console.error('group: key entry failed', err) })
  }

  /** Shows what a turn committed, once stored: answers waiting sends, emits events. */
  #show (g: GroupRuntime, from: number, entries: GroupEntry[]): void {
    if (entries.some((e) => e.config != null)) this.#scheduleRemeasure(g, true)
    for (const e of entries) this.#waiters.get(e.id)?.()
    // events once the keys that came before them are open, in order; a message is
    // decrypted for its event, so only when someone listens
    if (!this.#listened()) return
    void g.keysReady.then(() => {
      entries.forEach((e, i) => {
        const message = this.#messageView(g, e, from + i + 1)
        if (message != null) this.#emit({ kind: 'message', groupId: g.id, message })
      })
    })
  }

  /** Hands one own entry to the core (at the end of the turn) and waits a while for its commit. */
  async #submit (g: GroupRuntime, entry: OwnEntry): Promise<{ id: string, status: 'pending' | 'committed' }> {
    const id = entry.id
    const committed = new Promise<void>((resolve) => { this.#waiters.set(id, resolve) })
    try {
      await this.#turns.queue(g, entry)
    } catch (err) {
      this.#waiters.delete(id)
      throw err
    }
    if (g.state?.outbox.some((e) => e.id === id) === true) {
      const wait = this.#init.commitWaitMs ?? 2_000
      if (wait > 0) await Promise.race([committed, new Promise((resolve) => setTimeout(resolve, wait).unref())])
    }
    this.#waiters.delete(id)
    const pending = this.#groups.get(g.id)?.state?.outbox.some((e) => e.id === id) ?? true
    return { id, status: pending ? 'pending' : 'committed' }
  }

  view (groupId: string): GroupView {
    const g = this.#group(groupId)
    const s = g.state
    const member = (userId: string): string => g.definition.username(userId)
    return {
      id: g.id,
      name: g.definition.config.name,
      creator: member(g.definition.config.creator),
      members: g.definition.config.members.map((m) => ({ username: m.username, userId: m.userId, peerId: m.peerId })),
      started: s != null,
      host: s?.host == null ? null : member(s.host),
      term: s?.term ?? 0,
      preferredHosts: g.preferred.map(member),
      measuredAt: g.preferredRound,
      commitIndex: s?.commitIndex ?? 0
    }
  }

  list (): GroupView[] {
    return [...this.#groups.keys()].map((id) => this.view(id))
  }

  /** Committed messages in order, then this member's pending ones. */
  messages (groupId: string, options: { after?: number, limit?: number } = {}): GroupMessageView[] {
    const g = this.#group(groupId)
    const after = options.after ?? 0
    const limit = options.limit ?? 1_000
    // up to `limit` messages after position `after`; key entries are skipped, not counted
    const log = g.committed()
    const committed: GroupMessageView[] = []
    for (let i = after; i < log.length && committed.length < limit; i++) {
      const view = this.#messageView(g, log[i], i + 1)
      if (view != null) committed.push(view)
    }
    const pending = (g.state?.outbox ?? []).map((e) => this.#messageView(g, e, null)).filter((m) => m != null)
    return [...committed, ...pending]
  }

  // ---- network ------------------------------------------------------------------------

  /** A member is back (or the creator itself): the creator re-runs the host choice shortly after. */
  #scheduleRemeasure (g: GroupRuntime, join = false): void {
    if (!g.started || g.definition.config.creator !== this.#owner || this.#remeasure.has(g.id)) return
    // a new member cannot take part before it has a preferred list: no rate limit for joins
    const wait = join ? REJOIN_REMEASURE_DELAY_MS : Math.max(REJOIN_REMEASURE_DELAY_MS, (this.#lastRound.get(g.id) ?? 0) + MIN_REMEASURE_INTERVAL_MS - Date.now())
    const timer = setTimeout(() => {
      this.#remeasure.delete(g.id)
      this.startChat(g.id).catch(() => {}) // a failed round leaves the previous list in force
    }, wait)
    timer.unref()
    this.#remeasure.set(g.id, timer)
  }

  #announceRejoin (): void {
    for (const g of this.#groups.values()) {
      if (!g.started) continue
      if (g.definition.config.creator === g.self) this.#scheduleRemeasure(g)
      else {
        const creator = g.definition.byUser.get(g.definition.config.creator)!
        this.#links.send(creator.peerId, creator.addrs, encodeFrame(g.id, { kind: 'rejoin' }))
      }
    }
  }

  #onFrame (peerId: string, bytes: Uint8Array): void {
    if (this.#owner == null) return
    try {
      const { groupId, message } = decodeFrame(bytes)
      if (message.kind === 'config') { this.#onConfig(peerId, groupId, message.signed); return }
      const g = this.#groups.get(groupId)
      if (g == null) return
      const from = g.definition.byPeer.get(peerId)
      if (from == null) throw new InvalidGroupMessageError(`peer ${peerId} is not a member's device`)
      switch (message.kind) {
        case 'preferred': this.#onPreferred(g, from, message.signed); return
        case 'rejoin': this.#scheduleRemeasure(g); return
        case 'latency-request':
          if (from === g.definition.config.creator) void this.#reportLatency(g, message.round)
          return
        case 'latency-report': {
          const round = this.#rounds.get(groupId)
          if (round == null || round.round !== message.round) return
          round.reports.set(from, message.rtts)
          round.done()
          return
        }
        case 'core': this.#receiveCore(g, from, message.message)
      }
    } catch (err) {
      // bad input from the network is dropped; anything else is our bug, logged loudly
      if (!(err instanceof InvalidGroupMessageError)) console.error('group: frame handling failed', err)
    }
  }

  /**
   * Entry signatures are checked off the event loop; frames still reach the core one by
   * one in arrival order, each once its entries verified (a frame with a bad entry is dropped).
   */
  #receiveCore (g: GroupRuntime, from: string, message: GroupMessage): void {
    if (g.state == null) return
    const unverified = entriesOf(message).filter((e) => !g.verified.has(e.id))
    const deliver = (): void => {
      if (this.#groups.get(g.id) === g && g.state != null) this.#carryOut(g, g.step({ type: 'receive', now: Date.now(), from, message }))
    }
    if (unverified.length === 0 && g.inbound == null) { deliver(); return }
    const checked = openEntries(g.id, g.definition.config.creator, unverified, this.#checks)
    checked.catch(() => {}) // handled in turn below
    const turn = (g.inbound ?? Promise.resolve()).then(async () => {
      try {
        await checked
      } catch {
        return // bad input from the network: dropped
      }
      for (const e of unverified) g.verified.add(e.id)
      deliver()
    }).catch((err) => { console.error('group: frame handling failed', err) })
    g.inbound = turn
    void turn.then(() => { if (g.inbound === turn) g.inbound = undefined })
  }

  #onConfig (peerId: string, groupId: string, signed: Uint8Array): void {
    const definition = new GroupDefinition(signed)
    const config = definition.config
    openBlob('config', signed, config.creator)
    if (config.groupId !== groupId || definition.byUser.get(config.creator)?.peerId !== peerId) throw new InvalidGroupMessageError('config not sent by its creator')
    if (!definition.byUser.has(this.#owner!)) return
    const known = this.#groups.get(groupId)
    if (known == null) {
      this.#store.insertGroup(groupId, this.#owner!, signed, Date.now())
      this.#addGroup(new GroupRuntime(this.#store.get(groupId)!, this.#store, Date.now()))
      this.#emit({ kind: 'created', groupId })
    } else if (config.version > known.definition.config.version && !known.started) {
      this.#store.updateConfig(groupId, signed)
      known.definition = definition
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
    this.#carryOut(g, g.setPreferred(signed, Date.now()))
    if (!wasStarted) this.#emit({ kind: 'started', groupId: g.id })
  }

  async #reportLatency (g: GroupRuntime, round: number): Promise<void> {
    const rtts = await measureRtts(this.#init.libp2p, g.definition.config.members.filter((m) => m.userId !== g.self))
    const creator = g.definition.byUser.get(g.definition.config.creator)!
    this.#links.send(creator.peerId, creator.addrs, encodeFrame(g.id, { kind: 'latency-report', round, rtts }))
  }

  #carryOut (g: GroupRuntime, outputs: GroupOutput[]): void {
    this.#turns.stepped(g)
    for (const out of outputs) {
      switch (out.type) {
        case 'send': this.#turns.message(g, out.to, out.message); break
        case 'deliver': this.#turns.delivered(g, out.from, out.entries); break
        case 'role':
          this.#emit({ kind: 'host', groupId: g.id, role: out.role, term: out.term, host: out.host == null ? null : g.definition.username(out.host) })
          break
        case 'log': this.#learnKeys(g, out.entries); break
      }
    }
  }

  #broadcast (g: GroupRuntime, message: GroupWireMessage): void {
    const frame = encodeFrame(g.id, message)
    for (const m of g.definition.config.members) if (m.userId !== g.self) this.#links.send(m.peerId, m.addrs, frame)
  }

  #addGroup (g: GroupRuntime): void {
    this.#groups.set(g.id, g)
    this.#syncTimer()
  }

  /** Ticks only while the logged-in user has groups: an idle node is not woken 100 times a second. */
  #syncTimer (): void {
    if (this.#running && this.#groups.size > 0) {
      this.#timer ??= setInterval(() => { this.#tick() }, TICK_INTERVAL_MS)
    } else if (this.#timer != null) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }

  #tick (): void {
    const now = Date.now()
    for (const g of this.#groups.values()) {
      if (g.state == null) continue
      try {
        this.#carryOut(g, g.step({ type: 'tick', now }))
      } catch (err) {
        console.error(`group ${g.id}: tick failed`, err)
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------

  /** What the API shows of an entry; null for a key entry (protocol, not conversation). */
  #messageView (g: GroupRuntime, e: GroupEntry, seq: number | null): GroupMessageView | null {
    const status = seq == null ? 'pending' : 'committed'
    const content = readEntry(e)
    if (content != null && content.keyCrates.length > 0) return null
    if (content != null) {
      let text = content.text
      if (content.ciphertext.byteLength > 0) {
        const key = g.senderKeys.get(senderKeyId(e.sender, content.keyEpoch))
        text = (key == null ? null : decryptText(key, g.id, e.id, content.nonce, content.ciphertext)) ?? '(encrypted: no key for this message here)'
      }
      return { id: e.id, seq, from: g.definition.username(e.sender), text, timestamp: Number(content.timestamp), status }
    }
    // a membership change: shown as what it did
    const added = e.config?.at(-1)
    return { id: e.id, seq, from: g.definition.username(e.sender), text: added == null ? '(membership change without effect)' : `(added ${g.definition.username(added)})`, timestamp: 0, status }
  }

  /** someone listens to group events (the facade asks its own listeners) */
  #listened (): boolean {
    return this.#init.listened?.() ?? this.listenerCount('group') > 0
  }

  #emit (detail: GroupEvent): void {
    this.safeDispatchEvent('group', { detail })
  }

  #ownAddrs (): string[] {
    return this.#init.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  #session (): Session {
    const session = this.#init.session()
    if (session == null || session.userId !== this.#owner) throw new NotLoggedInError('nobody is logged in on this node')
    return session
  }

  #group (groupId: string): GroupRuntime {
    const g = this.#groups.get(groupId)
    if (g == null) throw new UnknownGroupError(`no group ${groupId}`)
    return g
  }

  #creatorOf (groupId: string, session: Session): GroupRuntime {
    const g = this.#group(groupId)
    if (g.definition.config.creator !== session.userId) throw new NotGroupCreatorError('only the creator can do this')
    return g
  }
}

function senderKeyId (sender: string, epoch: bigint): string {
  return `${sender}\0${epoch}`
}
