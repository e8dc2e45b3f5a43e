import { initialState, restore, step } from './core/index.js'
import { GROUP_TIMING, MAX_ADDRS_PER_MEMBER, MAX_MEMBERS } from './constants.js'
import { InvalidGroupMessageError } from './errors.js'
import { openBlob } from './signing.js'
import { GroupConfig, PreferredHosts, SignedBlob } from './wire.js'
import type { GroupEntry, GroupInput, GroupOutput, GroupState, GroupTiming } from './core/index.js'
import type { GroupRow, GroupStore } from './store.js'

interface SavedState {
  term: number
  votedFor: string | null
  logTerm: number
  commitIndex: number
  lastSeq: number
  /** seq of the first stored outbox entry (lastSeq + 1 when empty) */
  outboxFrom: number
  logLength: number
}

/** A group's config as verified on receipt, with lookups by user and by peer. */
export class GroupDefinition {
  readonly signed: Uint8Array
  readonly config: GroupConfig
  readonly byUser = new Map<string, GroupConfig['members'][number]>()
  readonly byPeer = new Map<string, string>()

  constructor (signed: Uint8Array) {
    this.signed = signed
    try {
      this.config = GroupConfig.decode(SignedBlob.decode(signed).payload, { limits: { members: MAX_MEMBERS, members$: { addrs: MAX_ADDRS_PER_MEMBER } } } as any)
    } catch (err) {
      throw new InvalidGroupMessageError('malformed group config', { cause: err })
    }
    if (this.config.members.length < 1 || this.config.members.length > MAX_MEMBERS) throw new InvalidGroupMessageError(`a group has 1-${MAX_MEMBERS} members`)
    for (const m of this.config.members) {
      this.byUser.set(m.userId, m)
      this.byPeer.set(m.peerId, m.userId)
    }
  }

  get memberIds (): string[] {
    return this.config.members.map((m) => m.userId)
  }

  username (userId: string): string {
    return this.byUser.get(userId)?.username ?? userId
  }
}

/**
 * One group on this node: its definition, the core state once started, and the glue
 * that steps the core and writes what changed to SQLite before anything goes out.
 */
export class GroupRuntime {
  readonly id: string
  readonly self: string
  readonly #store: GroupStore
  readonly #timing: GroupTiming
  definition: GroupDefinition
  preferredSigned: Uint8Array | null
  state: GroupState | null = null
  createdAt: number
  /** sender keys by sender and epoch (`${sender}\0${epoch}`), opened from key entries */
  readonly senderKeys = new Map<string, Uint8Array>()
  /** key entries still being opened, chained in log order */
  keysReady: Promise<void> = Promise.resolve()
  /** own keys being made, by epoch */
  readonly makingKey = new Map<bigint, Promise<Uint8Array>>()
  /** frames waiting for their entry signatures, chained in arrival order */
  inbound: Promise<void> | undefined
  /** ids of entries whose signature was checked (or that we wrote) */
  readonly verified = new Set<string>()
  /**
   * the config binds this account to another of its devices: this node never runs the
   * core here, it mirrors the committed log from that device (mirror.ts)
   */
  readonly companion: boolean
  /** a companion's own sends, kept until the group device's copy of them commits */
  readonly forwards: Array<{ id: string, text: string, timestamp: number }> = []
  /** a newer config than the log's, passed on by a member (see takeConfig) */
  #newer: GroupDefinition | null = null
  /** what storage holds of the core state */
  #saved: SavedState = { term: 0, votedFor: null, logTerm: 0, commitIndex: 0, lastSeq: 0, outboxFrom: 1, logLength: 0 }
  /** what the steps since the last `persist` changed besides the scalars */
  #unsaved: { logFrom: number, config: Uint8Array | null } = { logFrom: Infinity, config: null }

  /** `device`: this node's peer id (default: none, the config's device is taken to be this one) */
  constructor (row: GroupRow, store: GroupStore, now: number, timing: GroupTiming = GROUP_TIMING, device?: string) {
    this.id = row.id
    this.self = row.owner
    this.#store = store
    this.#timing = timing
    this.definition = new GroupDefinition(row.config)
    this.preferredSigned = row.preferred
    this.createdAt = row.createdAt
    const bound = this.definition.byUser.get(row.owner)?.peerId
    this.companion = device != null && bound != null && bound !== device
    if (this.companion) {
      store.becomeCompanion(row.id, row.commitIndex)
      this.forwards.push(...store.forwards(row.id))
      if (row.preferred != null) this.#companionState(store.log(row.id), now)
    } else if (row.preferred != null) {
      const log = store.log(row.id)
      for (const e of log) this.verified.add(e.id)
      this.state = restore({
        self: row.owner,
        members: this.initialMembers,
        preferred: this.preferred,
        term: row.term,
        votedFor: row.votedFor,
        logTerm: row.logTerm,
        log,
        commitIndex: row.commitIndex,
        outbox: withLogged(store.outbox(row.id, row.owner), log, row.commitIndex, row.owner),
        lastSeq: row.lastSeq
      }, now)
      const s = this.state
      this.#saved = { term: s.term, votedFor: s.votedFor, logTerm: s.logTerm, commitIndex: s.commitIndex, lastSeq: s.lastSeq, outboxFrom: s.outbox[0]?.seq ?? s.lastSeq + 1, logLength: s.log.length }
    }
  }

  get preferred (): string[] {
    return this.preferredSigned == null ? [] : PreferredHosts.decode(SignedBlob.decode(this.preferredSigned).payload).hosts
  }

  /** the members the chat started with, as the creator signed them (older lists: the config's) */
  get initialMembers (): string[] {
    const listed = this.preferredSigned == null ? [] : PreferredHosts.decode(SignedBlob.decode(this.preferredSigned).payload).initialMembers
    return listed.length > 0 ? listed : this.definition.memberIds
  }

  /** the measurement round of the preferred list held (0 = none) */
  get preferredRound (): number {
    return this.preferredSigned == null ? 0 : Number(PreferredHosts.decode(SignedBlob.decode(this.preferredSigned).payload).round)
  }

  get started (): boolean {
    return this.state != null
  }

  /** A companion's view of the group: the committed log only, never stepped. */
  #companionState (log: GroupEntry[], now: number): void {
    for (const e of log) this.verified.add(e.id)
    this.state = restore({ self: this.self, members: this.initialMembers, preferred: this.preferred, term: 0, votedFor: null, logTerm: 0, log, commitIndex: log.length, outbox: [], lastSeq: 0 }, now)
  }

  /** A companion takes the group device's preferred list (verified): the group shows as started. */
  companionPreferred (signed: Uint8Array, now: number): void {
    this.preferredSigned = signed
    this.#store.setPreferred(this.id, signed)
    if (this.state == null) this.#companionState([], now)
  }

  /**
   * A companion stores committed entries (verified) from position `after` + 1 on; a
   * membership change among them brings its config, as in a member's log.
   */
  companionCommitted (after: number, entries: GroupEntry[]): void {
    const s = this.state!
    const log = [...s.log.slice(0, after), ...entries]
    for (const e of entries) this.verified.add(e.id)
    let config: Uint8Array | null = null
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].config == null) continue
      const definition = new GroupDefinition(entries[i].body)
      if (definition.config.version > this.definition.config.version) {
        this.definition = definition
        config = entries[i].body
      }
      break
    }
    this.#store.appendCommitted(this.id, after, entries, config)
    this.state = { ...s, log, commitIndex: log.length, current: config == null ? s.current : this.definition.memberIds }
  }

  /** Takes a verified preferred list; starts the core on the first one. */
  setPreferred (signed: Uint8Array, now: number): GroupOutput[] {
    this.preferredSigned = signed
    this.#store.setPreferred(this.id, signed)
    if (this.state == null) {
      this.state = initialState(this.self, this.initialMembers, this.preferred, now)
      this.#saved = { term: 0, votedFor: null, logTerm: 0, commitIndex: 0, lastSeq: 0, outboxFrom: 1, logLength: 0 }
      return []
    }
    return this.step({ type: 'set-preferred', now, preferred: this.preferred })
  }

  /**
   * One core step. Its changes are kept in memory until `persist`, which the caller runs
   * before it carries out any message the steps produced (the service: at the end of the
   * turn, once for all of the turn's steps, in one transaction).
   */
  step (input: GroupInput): GroupOutput[] {
    const members = this.state!.current
    const { state, outputs } = step(this.state!, input, this.#timing)
    this.state = state
    for (const out of outputs) if (out.type === 'log') this.#unsaved.logFrom = Math.min(this.#unsaved.logFrom, out.from)
    if (state.current !== members) this.#membersChanged()
    return outputs
  }

  /** true when a step changed what `persist` writes */
  get dirty (): boolean {
    const s = this.state
    if (s == null) return false
    const u = this.#saved
    return this.#unsaved.logFrom < Infinity || this.#unsaved.config != null || s.term !== u.term || s.votedFor !== u.votedFor ||
      s.logTerm !== u.logTerm || s.commitIndex !== u.commitIndex || s.lastSeq !== u.lastSeq || (s.outbox[0]?.seq ?? s.lastSeq + 1) !== u.outboxFrom
  }

  /** Writes what the steps since the last call changed, in one transaction. */
  persist (): void {
    const s = this.state
    if (s == null || !this.dirty) return
    const saved = this.#saved
    const outboxFrom = s.outbox[0]?.seq ?? s.lastSeq + 1
    // after a cut of the log, own entries it held may need rows of their own again
    const cut = this.#unsaved.logFrom < saved.logLength
    this.#store.persist(this.id, {
      scalars: s.term !== saved.term || s.votedFor !== saved.votedFor || s.logTerm !== saved.logTerm || s.commitIndex !== saved.commitIndex || s.lastSeq !== saved.lastSeq ? s : null,
      log: s.log,
      logFrom: this.#unsaved.logFrom,
      storedLength: saved.logLength,
      outboxAdd: unlogged(cut ? s.outbox : s.outbox.filter((e) => e.seq > saved.lastSeq), s),
      outboxDropBelow: outboxFrom !== saved.outboxFrom ? outboxFrom : null,
      config: this.#unsaved.config
    })
    this.#saved = { term: s.term, votedFor: s.votedFor, logTerm: s.logTerm, commitIndex: s.commitIndex, lastSeq: s.lastSeq, outboxFrom, logLength: s.log.length }
    this.#unsaved = { logFrom: Infinity, config: null }
  }

  /**
   * A newer creator-signed config of this group, passed on by a member, kept until the log
   * holds the change: the members it lists may talk to this node and be answered (one that
   * missed a change could not hear a host it added otherwise). Keys, views and who is in
   * force still follow the log. Throws InvalidGroupMessageError on a bad one.
   */
  takeConfig (signed: Uint8Array): void {
    const definition = new GroupDefinition(signed)
    const config = definition.config
    const known = this.#newer ?? this.definition
    if (config.groupId !== this.id || config.creator !== this.definition.config.creator || config.version <= known.config.version) return
    openBlob('config', signed, config.creator)
    this.#newer = definition
  }

  /** The member on device `peerId`, by the log's config or a newer one passed on. */
  memberOn (peerId: string): string | undefined {
    return this.definition.byPeer.get(peerId) ?? this.#newer?.byPeer.get(peerId)
  }

  /** The device of member `userId`, by the log's config or a newer one passed on. */
  device (userId: string): GroupConfig['members'][number] | undefined {
    return this.definition.byUser.get(userId) ?? this.#newer?.byUser.get(userId)
  }

  /** A membership change entered the log: the definition follows its signed config. */
  #membersChanged (): void {
    const log = this.state!.log
    for (let i = log.length - 1; i >= 0; i--) {
      if (log[i].config == null) continue
      const definition = new GroupDefinition(log[i].body) // its signature was checked on receipt
      if (definition.config.version > this.definition.config.version) {
        this.definition = definition
        this.#unsaved.config = log[i].body
        if (this.#newer != null && this.#newer.config.version <= definition.config.version) this.#newer = null
      }
      return
    }
  }

  committed (): GroupEntry[] {
    return this.state == null ? [] : this.state.log.slice(0, this.state.commitIndex)
  }
}

/**
 * The own entries of `entries` that storage must keep as outbox rows: those the log does
 * not hold beyond its commit index after this write. An entry the host appends to its own
 * log in the step that sent it is stored once, as a log row, in the same transaction that
 * would have written its outbox row; it needs no row, nor the later delete at its commit
 * (two fewer rows written per message on the host, issue 21). A membership change always
 * gets a row (the log may hold it without its config: a change without effect).
 */
function unlogged (entries: GroupEntry[], s: GroupState): GroupEntry[] {
  if (entries.length === 0) return entries
  const logged = new Set<string>()
  for (let i = s.commitIndex; i < s.log.length; i++) if (s.log[i].sender === s.self) logged.add(s.log[i].id)
  return entries.filter((e) => e.config != null || !logged.has(e.id))
}

/**
 * The outbox as stored: its rows, and the own entries the log holds beyond the commit
 * index that have none (see `unlogged`), in seq order.
 */
function withLogged (rows: GroupEntry[], log: readonly GroupEntry[], commitIndex: number, self: string): GroupEntry[] {
  const seqs = new Set(rows.map((e) => e.seq))
  const logged = log.slice(commitIndex).filter((e) => e.sender === self && !seqs.has(e.seq))
  return logged.length === 0 ? rows : [...rows, ...logged].sort((a, b) => a.seq - b.seq)
}
