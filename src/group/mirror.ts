import { randomUUID } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { openEntries } from './codec.js'
import { MAX_MIRROR_GROUPS, MIRROR_LOOKUP_INTERVAL_MS, MIRROR_PROTOCOL, MIRROR_PULL_INTERVAL_MS, MIRROR_RETRY_MS, MIRROR_STREAM_LIMITS } from './constants.js'
import { InvalidGroupMessageError } from './errors.js'
import { GroupLinks } from './links.js'
import { decodeMirrorFrame, encodeMirrorFrame, mirrorPages } from './mirror-codec.js'
import type { MirrorGroupData, MirrorMessage } from './mirror-codec.js'
import { GroupDefinition } from './runtime.js'
import type { GroupRuntime } from './runtime.js'
import { openBlob } from './signing.js'
import type { GroupStore } from './store.js'
import { PreferredHosts } from './wire.js'
import type { GroupEntry } from './core/index.js'
import { isRemoved } from '../identity/index.js'
import type { AccountService, Session, UserDirectory } from '../identity/index.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import type { Dialer, PeerStore, ProtocolRegistrar, StreamLimitsInit } from '../net/index.js'
import type { PeerId } from '@libp2p/interface'

/** pages of one group sent for one pull; the companion pulls again for the rest */
const PAGES_PER_PULL = 16
/** a companion pulls this long after a frame showed it behind (more frames of the answer may follow) */
const PULL_SOON_MS = 250

export interface GroupMirrorComponents {
  peerId: PeerId
  registrar: ProtocolRegistrar
  dialer: Dialer
  peerStore: PeerStore
  clock: Clock
  logger: Logger
  accounts: Pick<AccountService, 'session' | 'observeProfile'>
  directory: Pick<UserDirectory, 'resolveProfile'>
}

/** What the mirror needs of the group service. */
export interface GroupMirrorHooks {
  store: GroupStore
  groups: () => Iterable<GroupRuntime>
  get: (groupId: string) => GroupRuntime | undefined
  /** a group this companion learned from its group device: stored, and held like the others */
  adopt: (groupId: string, owner: string, config: Uint8Array) => GroupRuntime
  /** the group device sends `text` in `g` as the account with entry id `id` (once it is in the outbox and stored) */
  send: (g: GroupRuntime, id: string, text: string) => Promise<void>
  /** a companion stored committed entries from position `from` + 1 on */
  committed: (g: GroupRuntime, from: number, entries: GroupEntry[]) => void
  /** a companion learned that its group started */
  started: (g: GroupRuntime) => void
  /** how long a companion's send waits for its commit before answering pending (default 2000 ms) */
  commitWaitMs?: number
  streams?: StreamLimitsInit
}

/**
 * The devices of one account in their groups (docs/protocols/group.md, "Devices"). The
 * group device (the one the config binds the member to) runs the ordering; the account's
 * other devices are companions: it sends them configs and committed entries, they pull
 * what they lack and forward their own sends to it, which sends them as the account.
 * Streams are admitted only from devices the account's signed profile lists and has not
 * removed, in both directions.
 */
export class GroupMirror {
  readonly #components: GroupMirrorComponents
  readonly #hooks: GroupMirrorHooks
  readonly #links: GroupLinks
  /** companion: sends waiting for their commit, by entry id */
  readonly #waiters = new Map<string, () => void>()
  /** companion: forwards the group device said it holds */
  readonly #acked = new Set<string>()
  /** group device: forwards being sent (a resend meanwhile is not sent twice) */
  readonly #sending = new Set<string>()
  readonly #pullSoon = new Map<string, TimerHandle>()
  readonly #lookups = new Map<string, number>()
  #timers: TimerHandle[] = []
  /** companion: mirrored groups are taken in arrival order, each after its entries verified */
  #chain: Promise<void> = Promise.resolve()

  constructor (components: GroupMirrorComponents, hooks: GroupMirrorHooks) {
    this.#components = components
    this.#hooks = hooks
    this.#links = new GroupLinks(components, (peer, bytes) => { this.#onFrame(peer, bytes) }, {
      protocol: MIRROR_PROTOCOL,
      limits: MIRROR_STREAM_LIMITS,
      streams: hooks.streams,
      admit: async (peer) => this.#admit(peer)
    })
  }

  async start (): Promise<void> {
    await this.#links.start()
  }

  async stop (): Promise<void> {
    this.close()
    await this.#links.stop()
  }

  /** The user logged in: companions pull, the group device announces its groups to the other devices; then both keep at it. */
  open (): void {
    this.close()
    this.#pullAll()
    for (const g of this.#hooks.groups()) if (!g.companion) this.announce(g, this.#devices())
    const clock = this.#components.clock
    this.#timers = [
      clock.every(MIRROR_RETRY_MS, () => { this.#resendForwards() }),
      clock.every(MIRROR_PULL_INTERVAL_MS, () => { this.#pullAll() })
    ]
  }

  close (): void {
    for (const t of [...this.#timers, ...this.#pullSoon.values()]) t.cancel()
    this.#timers = []
    this.#pullSoon.clear()
    this.#acked.clear()
    for (const done of this.#waiters.values()) done()
  }

  // ---- group device ---------------------------------------------------------------------

  /** The group's config and preferred list to the companions (rare: a new group, its start, a config change before it). */
  announce (g: GroupRuntime, devices = this.#devices()): void {
    if (g.companion) return
    const commitIndex = g.state?.commitIndex ?? 0
    const frame = encodeMirrorFrame({ kind: 'group', group: { groupId: g.id, config: g.definition.signed, preferred: g.preferredSigned, after: commitIndex, entries: [], commitIndex } })
    for (const d of devices) this.#links.send(d.peerId, d.addrs, frame)
  }

  /** Entries the group device just committed, to the companions connected now (best effort: a gap makes them pull). */
  pushCommitted (g: GroupRuntime, from: number, entries: GroupEntry[]): void {
    if (g.companion || g.state == null || entries.length === 0) return
    const devices = this.#connectedDevices()
    if (devices.length === 0) return
    const frames = mirrorPages(g.state.log, from, from + entries.length).map((page) =>
      encodeMirrorFrame({ kind: 'group', group: { groupId: g.id, config: null, preferred: null, after: page.after, entries: page.entries, commitIndex: g.state!.commitIndex } }))
    for (const d of devices) for (const frame of frames) this.#links.send(d.peerId, d.addrs, frame)
  }

  #onPull (peer: string, groups: Array<{ groupId: string, committed: number }>): void {
    const held = new Map(groups.map((g) => [g.groupId, g.committed]))
    const device = this.#devices().find((d) => d.peerId === peer)
    if (device == null) return
    for (const g of this.#hooks.groups()) {
      if (g.companion) continue
      const position = held.get(g.id)
      const commitIndex = g.state?.commitIndex ?? 0
      if (position != null && position >= commitIndex) continue
      const after = position ?? 0
      const describe = position == null || position === 0
      const pages = g.state == null ? [] : mirrorPages(g.state.log, after, commitIndex, PAGES_PER_PULL)
      if (pages.length === 0) pages.push({ after, entries: [] })
      pages.forEach((page, i) => {
        const group: MirrorGroupData = { groupId: g.id, config: describe && i === 0 ? g.definition.signed : null, preferred: describe && i === 0 ? g.preferredSigned : null, after: page.after, entries: page.entries, commitIndex }
        this.#links.send(device.peerId, device.addrs, encodeMirrorFrame({ kind: 'group', group }))
      })
    }
  }

  async #onForward (peer: string, groupId: string, id: string, text: string): Promise<void> {
    const device = this.#devices().find((d) => d.peerId === peer)
    if (device == null) return
    const answer = (ok: boolean, error = ''): void => { this.#links.send(device.peerId, device.addrs, encodeMirrorFrame({ kind: 'forwarded', groupId, id, ok, error })) }
    const g = this.#hooks.get(groupId)
    if (g == null || g.companion) { answer(false, 'this device does not run the group'); return }
    if (g.state == null) { answer(false, 'the group chat has not started'); return }
    if (this.#sending.has(id)) return // the first one answers
    if (g.state.log.some((e) => e.id === id) || g.state.outbox.some((e) => e.id === id)) { answer(true); return }
    this.#sending.add(id)
    try {
      await this.#hooks.send(g, id, text)
      answer(true)
    } catch (err: any) {
      answer(false, String(err?.message ?? err))
    } finally {
      this.#sending.delete(id)
    }
  }

  // ---- companion ------------------------------------------------------------------------

  /**
   * A companion's send: kept in its outbox (pending), forwarded to the group device until
   * that holds it, shown committed when it comes back. Answers after waiting a while for
   * the commit when `wait`, else at once (the outbox row is written before it returns).
   */
  async forward (g: GroupRuntime, text: string, wait = true): Promise<{ id: string, status: 'pending' | 'committed' }> {
    const forward = { id: randomUUID(), text, timestamp: this.#components.clock.now() }
    this.#hooks.store.addForward(g.id, forward)
    g.forwards.push(forward)
    if (!wait) {
      this.#sendForward(g, forward)
      return { id: forward.id, status: 'pending' }
    }
    const committed = new Promise<void>((resolve) => { this.#waiters.set(forward.id, resolve) })
    this.#sendForward(g, forward)
    let timer: TimerHandle | undefined
    const waitMs = this.#hooks.commitWaitMs ?? 2_000
    if (waitMs > 0) await Promise.race([committed, new Promise((resolve) => { timer = this.#components.clock.after(waitMs, () => { resolve(undefined) }) })])
    timer?.cancel()
    this.#waiters.delete(forward.id)
    return { id: forward.id, status: g.forwards.some((f) => f.id === forward.id) ? 'pending' : 'committed' }
  }

  #sendForward (g: GroupRuntime, forward: { id: string, text: string }): void {
    const device = this.#groupDevice(g)
    if (device != null) this.#links.send(device.peerId, device.addrs, encodeMirrorFrame({ kind: 'forward', groupId: g.id, id: forward.id, text: forward.text }))
  }

  #resendForwards (): void {
    for (const g of this.#hooks.groups()) {
      if (!g.companion) continue
      for (const f of g.forwards) if (!this.#acked.has(f.id)) this.#sendForward(g, f)
    }
  }

  /** Asks each other device of the account for what this one lacks of the groups it runs (and for groups it does not know). */
  #pullAll (): void {
    for (const d of this.#devices()) this.#pull(d.peerId)
  }

  #pull (peer: string): void {
    const device = this.#devices().find((d) => d.peerId === peer)
    if (device == null) return
    const owner = this.#components.accounts.session?.userId
    const groups = [...this.#hooks.groups()]
      .filter((g) => g.companion && g.definition.byUser.get(owner ?? '')?.peerId === peer)
      .map((g) => ({ groupId: g.id, committed: g.state?.commitIndex ?? 0 }))
      .slice(0, MAX_MIRROR_GROUPS)
    this.#links.send(device.peerId, device.addrs, encodeMirrorFrame({ kind: 'pull', groups }))
  }

  #schedulePull (peer: string): void {
    this.#pullSoon.get(peer)?.cancel()
    this.#pullSoon.set(peer, this.#components.clock.after(PULL_SOON_MS, () => {
      this.#pullSoon.delete(peer)
      this.#pull(peer)
    }))
  }

  /** A group's config, preferred list and committed entries from the group device `peer`. */
  async #onGroup (peer: string, data: MirrorGroupData): Promise<void> {
    const owner = this.#components.accounts.session?.userId
    if (owner == null) return
    let g = this.#hooks.get(data.groupId)
    if (g == null) {
      if (data.config == null) { this.#schedulePull(peer); return }
      const definition = this.#verifiedConfig(data.groupId, data.config)
      // only the device the config names for this account mirrors it
      if (definition.byUser.get(owner)?.peerId !== peer) return
      g = this.#hooks.adopt(data.groupId, owner, data.config)
    }
    if (!g.companion || g.definition.byUser.get(owner)?.peerId !== peer) return
    if (data.config != null && g.state == null) {
      const definition = this.#verifiedConfig(g.id, data.config)
      if (definition.config.version > g.definition.config.version) {
        this.#hooks.store.updateConfig(g.id, data.config)
        g.definition = definition
      }
    }
    if (data.preferred != null && g.state == null) {
      const list = PreferredHosts.decode(openBlob('preferred', data.preferred, g.definition.config.creator))
      if (list.groupId !== g.id) throw new InvalidGroupMessageError('preferred hosts of another group')
      g.companionPreferred(data.preferred, this.#components.clock.now())
      this.#hooks.started(g)
    }
    if (g.state == null) return
    const held = g.state.commitIndex
    if (data.after > held) { this.#schedulePull(peer); return }
    const fresh = data.entries.slice(held - data.after)
    if (fresh.length > 0) {
      await openEntries(g.id, g.definition.config.creator, fresh.filter((e) => !g.verified.has(e.id)))
      if (g.state.commitIndex !== held || this.#hooks.get(g.id) !== g) return
      g.companionCommitted(held, fresh)
      this.#committedForwards(g, fresh)
      this.#hooks.committed(g, held, fresh)
    }
    if (data.after + data.entries.length < data.commitIndex) this.#schedulePull(peer)
  }

  /** Own sends that came back committed leave the outbox; their sends answer. */
  #committedForwards (g: GroupRuntime, entries: GroupEntry[]): void {
    if (g.forwards.length === 0) return
    const ids = new Set(entries.map((e) => e.id))
    for (let i = g.forwards.length - 1; i >= 0; i--) {
      const id = g.forwards[i].id
      if (!ids.has(id)) continue
      g.forwards.splice(i, 1)
      this.#hooks.store.dropForward(g.id, id)
      this.#acked.delete(id)
      this.#waiters.get(id)?.()
    }
  }

  #verifiedConfig (groupId: string, signed: Uint8Array): GroupDefinition {
    const definition = new GroupDefinition(signed)
    openBlob('config', signed, definition.config.creator)
    if (definition.config.groupId !== groupId) throw new InvalidGroupMessageError('config of another group')
    return definition
  }

  // ---- both -----------------------------------------------------------------------------

  #onFrame (peer: string, bytes: Uint8Array): void {
    // a device removed while its stream was open is heard no more
    if (!this.#isDevice(peer)) return
    let message: MirrorMessage
    try {
      message = decodeMirrorFrame(bytes)
    } catch {
      return // malformed: dropped
    }
    const failed = (err: any): void => { if (!(err instanceof InvalidGroupMessageError)) this.#components.logger.error('mirror frame handling failed', err) }
    switch (message.kind) {
      case 'pull': this.#onPull(peer, message.groups); return
      case 'forward': void this.#onForward(peer, message.groupId, message.id, message.text).catch(failed); return
      case 'forwarded':
        if (message.ok) this.#acked.add(message.id)
        else this.#components.logger.warn(`group ${message.groupId}: the group device did not take ${message.id}: ${message.error}`)
        return
      case 'group': {
        const data = message.group
        this.#chain = this.#chain.then(async () => { await this.#onGroup(peer, data) }).catch(failed)
      }
    }
  }

  /** The account's other devices, by its signed profile, without removed ones. */
  #devices (): Array<{ peerId: string, addrs: string[] }> {
    const session = this.#components.accounts.session
    if (session == null) return []
    const me = this.#components.peerId.toString()
    return session.profile.devices.filter((d) => d.peerId !== me && !isRemoved(session.profile, d.peerId))
  }

  #connectedDevices (): Array<{ peerId: string, addrs: string[] }> {
    return this.#devices().filter((d) => this.#components.dialer.getConnections(peerIdFromString(d.peerId)).length > 0)
  }

  #groupDevice (g: GroupRuntime): { peerId: string, addrs: string[] } | undefined {
    const bound = g.definition.byUser.get(g.self)?.peerId
    return this.#devices().find((d) => d.peerId === bound)
  }

  #isDevice (peer: string, session: Session | undefined = this.#components.accounts.session): boolean {
    if (session == null || peer === this.#components.peerId.toString() || isRemoved(session.profile, peer)) return false
    return session.profile.devices.some((d) => d.peerId === peer)
  }

  /**
   * A stream is read only from another device of the logged-in account: by the profile
   * held, else by the newest one found (a device that just logged in), looked up at most
   * once per MIRROR_LOOKUP_INTERVAL_MS per peer.
   */
  async #admit (peer: string): Promise<boolean> {
    const session = this.#components.accounts.session
    if (session == null) return false
    if (this.#isDevice(peer, session)) return true
    if (isRemoved(session.profile, peer)) return false
    const now = this.#components.clock.now()
    if (now - (this.#lookups.get(peer) ?? -Infinity) < MIRROR_LOOKUP_INTERVAL_MS) return false
    this.#lookups.set(peer, now)
    if (this.#lookups.size > 1_000) this.#lookups.delete(this.#lookups.keys().next().value!)
    const seen = await this.#components.directory.resolveProfile(session.keys.userKey).catch(() => undefined)
    if (seen == null || this.#components.accounts.session !== session) return false
    this.#components.accounts.observeProfile(seen)
    return this.#isDevice(peer)
  }
}
