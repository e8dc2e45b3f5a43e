import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { DIRECT_TIMEOUT_MS, DM_PROTOCOL, DM_STREAM_LIMITS, MAX_DIRECT_FRAME_BYTES } from './constants.js'
import { DmAck, DmFrame } from './wire.js'
import type { Stream } from '@libp2p/interface'
import { RunState, systemClock, timeoutSignal } from '../kernel/index.js'
import type { Clock, Logger } from '../kernel/index.js'
import { handleFramed, isRelayedConnection, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, PeerStore, ProtocolRegistrar, StreamLimits, StreamLimitsInit } from '../net/index.js'
import type { AbortOptions } from '@libp2p/interface'
import { decodeCrate } from '../crate/index.js'

const MAX_PENDING_PER_LINK = 4_096

/** What the receiving side does with one crate; its answer goes back as the ack. */
export type CrateHandler = (crate: Uint8Array, from: string) => Promise<Omit<DmAck, 'crateId'>>

export interface DeviceAddress {
  peerId: string
  addrs: string[]
}

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/**
 * One long-lived stream to a device: crates go out in order, acknowledgements come back
 * in order and are matched by crate id. Keeping the stream open saves a protocol
 * negotiation per message.
 */
class DirectLink {
  readonly #lp: ReturnType<typeof lpStream<Stream>>
  readonly #stream: Stream
  readonly #pending = new Map<string, { resolve: (ack: DmAck) => void, reject: (err: Error) => void }>()
  closed = false
  /** when a crate last went out on it (or it opened) */
  lastUsed: number
  /** whether the stream runs over a direct connection or through a relay */
  readonly path: 'direct' | 'relayed'

  constructor (stream: Stream, path: 'direct' | 'relayed', now: number, onClose: () => void) {
    this.#stream = stream
    this.path = path
    this.lastUsed = now
    this.#lp = lpStream(stream, { maxDataLength: MAX_DIRECT_FRAME_BYTES })
    void this.#readAcks().finally(() => {
      this.closed = true
      for (const waiter of this.#pending.values()) waiter.reject(new Error('direct stream closed before the acknowledgement'))
      this.#pending.clear()
      onClose()
    })
  }

  async #readAcks (): Promise<void> {
    try {
      for (;;) {
        const frame = DmFrame.decode(await this.#lp.read())
        if (frame.ack == null) throw new Error('expected an acknowledgement')
        const key = hex(frame.ack.crateId)
        this.#pending.get(key)?.resolve(frame.ack)
        this.#pending.delete(key)
      }
    } catch {
      this.#stream.abort(new Error('direct link ended'))
    }
  }

  async send (crate: Uint8Array, crateId: Uint8Array, signal: AbortSignal, now: number): Promise<DmAck> {
    this.lastUsed = now
    if (this.#pending.size >= MAX_PENDING_PER_LINK) throw new Error('too many crates awaiting acknowledgement')
    const key = hex(crateId)
    const acked = new Promise<DmAck>((resolve, reject) => {
      this.#pending.set(key, { resolve, reject })
      signal.addEventListener('abort', () => {
        this.#pending.delete(key)
        reject(signal.reason)
      }, { once: true })
    })
    // if the write fails, the caller gets that error; the ack's own rejection (the stream
    // closing) must not surface as an unhandled rejection
    acked.catch(() => {})
    try {
      await this.#lp.write(DmFrame.encode({ crate }), { signal })
    } catch (err) {
      this.#pending.delete(key)
      throw err
    }
    return acked
  }

  close (): void {
    this.#stream.abort(new Error('direct link closed'))
  }
}

/** What the direct path takes from the node (clock and logger: the system's by default). */
export interface DirectChannelComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol' | 'getConnections'>
  peerStore: Pick<PeerStore, 'merge'>
  clock?: Clock
  logger?: Logger
}

export interface DirectChannelInit {
  /** stream limit overrides (default: DM_STREAM_LIMITS) */
  streams?: StreamLimitsInit
}

/** The direct path, /parley/dm/1.0.0: crates to an online device, one acknowledgement each. */
export class DirectChannel {
  readonly #components: DirectChannelComponents
  readonly #onCrate: CrateHandler
  readonly #links = new Map<string, Promise<DirectLink>>()
  readonly #run = new RunState()
  readonly #limits: StreamLimits
  readonly #clock: Clock

  constructor (components: DirectChannelComponents, onCrate: CrateHandler, init: DirectChannelInit = {}) {
    this.#components = components
    this.#onCrate = onCrate
    this.#limits = streamLimits(DM_PROTOCOL, DM_STREAM_LIMITS, init.streams)
    this.#clock = components.clock ?? systemClock
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, DM_PROTOCOL, this.#limits, async (framed) => { await this.#serve(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(DM_PROTOCOL)
    for (const link of this.#links.values()) void link.then((l) => { l.close() }, () => {})
    this.#links.clear()
  }

  /** Sends one crate to `device` and waits for its acknowledgement; says which path it took. */
  async send (device: DeviceAddress, crate: Uint8Array, options?: AbortOptions): Promise<{ ack: DmAck, path: 'direct' | 'relayed' }> {
    const signal = timeoutSignal(DIRECT_TIMEOUT_MS, options)
    const { id } = decodeCrate(crate)
    const link = await this.#link(device, signal)
    return { ack: await link.send(crate, id, signal, this.#clock.now()), path: link.path }
  }

  async #link (device: DeviceAddress, signal: AbortSignal): Promise<DirectLink> {
    const existing = this.#links.get(device.peerId)
    if (existing != null) {
      const link = await existing.catch(() => undefined)
      // another send replaced the link meanwhile: use that one
      if (this.#links.get(device.peerId) !== existing) return this.#link(device, signal)
      // past half the idle timeout the receiver may be closing the link: a new one is safer
      const fresh = link != null && this.#clock.now() - link.lastUsed < this.#limits.idleTimeoutMs / 2
      if (link != null && !link.closed && fresh) return link
      if (link != null && !link.closed) link.close()
      this.#links.delete(device.peerId)
    }
    const opening = (async () => {
      const peer = peerIdFromString(device.peerId)
      if (device.addrs.length > 0 && this.#components.dialer.getConnections(peer).length === 0) {
        await this.#components.peerStore.merge(peer, { multiaddrs: device.addrs.map((a) => multiaddr(a)) })
      }
      const stream = await this.#components.dialer.dialProtocol(peer, DM_PROTOCOL, { signal, runOnLimitedConnection: true })
      // libp2p opens a stream on a direct connection when there is one
      const connections = this.#components.dialer.getConnections(peer)
      const path = connections.length > 0 && connections.every(isRelayedConnection) ? 'relayed' : 'direct'
      return new DirectLink(stream, path, this.#clock.now(), () => {
        if (this.#links.get(device.peerId) === opening) this.#links.delete(device.peerId)
      })
    })()
    this.#links.set(device.peerId, opening)
    opening.catch(() => { if (this.#links.get(device.peerId) === opening) this.#links.delete(device.peerId) })
    return opening
  }

  async #serve (framed: FramedStream): Promise<void> {
    const from = framed.remotePeer.toString()
    for (;;) {
      const bytes = await framed.read()
      if (bytes == null) break
      let ack: DmAck
      try {
        const frame = DmFrame.decode(bytes)
        if (frame.crate == null) throw new Error('expected a crate')
        const crateId = decodeCrate(frame.crate).id
        ack = { crateId, ...(await this.#onCrate(frame.crate, from)) }
      } catch (err: any) {
        ack = { crateId: new Uint8Array(), status: DmAck.Status.INVALID, message: String(err?.message ?? err) }
      }
      await framed.write(DmFrame.encode({ ack }))
    }
    await framed.close()
  }
}
