import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { DIRECT_TIMEOUT_MS, DM_PROTOCOL } from './constants.js'
import { DmAck, DmFrame } from './wire.js'
import type { Stream } from '@libp2p/interface'
import { RunState, timeoutSignal } from '../kernel/index.js'
import { isRelayedConnection } from '../net/index.js'
import type { Dialer, PeerStore, ProtocolRegistrar } from '../net/index.js'
import type { AbortOptions } from '@libp2p/interface'
import { MAX_CRATE_BYTES, decodeCrate } from '../crate/index.js'

/** Frame limit: a crate plus the frame's own few bytes. */
const MAX_FRAME_BYTES = MAX_CRATE_BYTES + 64
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
  /** whether the stream runs over a direct connection or through a relay */
  readonly path: 'direct' | 'relayed'

  constructor (stream: Stream, path: 'direct' | 'relayed', onClose: () => void) {
    this.#stream = stream
    this.path = path
    this.#lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
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

  async send (crate: Uint8Array, crateId: Uint8Array, signal: AbortSignal): Promise<DmAck> {
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

/** What the direct path takes from the node. */
export interface DirectChannelComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol' | 'getConnections'>
  peerStore: Pick<PeerStore, 'merge'>
}

/** The direct path, /parley/dm/1.0.0: crates to an online device, one acknowledgement each. */
export class DirectChannel {
  readonly #components: DirectChannelComponents
  readonly #onCrate: CrateHandler
  readonly #links = new Map<string, Promise<DirectLink>>()
  readonly #run = new RunState()

  constructor (components: DirectChannelComponents, onCrate: CrateHandler) {
    this.#components = components
    this.#onCrate = onCrate
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await this.#components.registrar.handle(DM_PROTOCOL, async (stream, connection) => { await this.#serve(stream, connection.remotePeer.toString()) }, { maxInboundStreams: 64, runOnLimitedConnection: true })
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
    return { ack: await link.send(crate, id, signal), path: link.path }
  }

  async #link (device: DeviceAddress, signal: AbortSignal): Promise<DirectLink> {
    const existing = this.#links.get(device.peerId)
    if (existing != null) {
      const link = await existing.catch(() => undefined)
      if (link != null && !link.closed) return link
      if (this.#links.get(device.peerId) === existing) this.#links.delete(device.peerId)
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
      return new DirectLink(stream, path, () => {
        if (this.#links.get(device.peerId) === opening) this.#links.delete(device.peerId)
      })
    })()
    this.#links.set(device.peerId, opening)
    opening.catch(() => { if (this.#links.get(device.peerId) === opening) this.#links.delete(device.peerId) })
    return opening
  }

  async #serve (stream: Stream, from: string): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
    try {
      for (;;) {
        let bytes
        try {
          bytes = await lp.read()
        } catch {
          break // the sender closed the stream or sent an oversized frame
        }
        let ack: DmAck
        try {
          const frame = DmFrame.decode(bytes)
          if (frame.crate == null) throw new Error('expected a crate')
          const crateId = decodeCrate(frame.crate).id
          ack = { crateId, ...(await this.#onCrate(frame.crate, from)) }
        } catch (err: any) {
          ack = { crateId: new Uint8Array(), status: DmAck.Status.INVALID, message: String(err?.message ?? err) }
        }
        await lp.write(DmFrame.encode({ ack }), { signal: AbortSignal.timeout(DIRECT_TIMEOUT_MS) })
      }
      await stream.close({ signal: AbortSignal.timeout(DIRECT_TIMEOUT_MS) }).catch(() => {})
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}
