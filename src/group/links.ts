import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import * as varint from 'uint8-varint'
import { GROUP_PROTOCOL, GROUP_STREAM_LIMITS, SEND_TIMEOUT_MS } from './constants.js'
import type { Clock, Logger } from '../kernel/index.js'
import { handleFramed, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, PeerStore, ProtocolRegistrar, StreamLimits, StreamLimitsInit } from '../net/index.js'
import type { Stream } from '@libp2p/interface'
import { RunState } from '../kernel/index.js'

/** The parts of the node the group links use (logger: standard error by default). */
export interface GroupLinksComponents {
  registrar: ProtocolRegistrar
  dialer: Pick<Dialer, 'dialProtocol' | 'getConnections'>
  peerStore: Pick<PeerStore, 'merge'>
  clock: Clock
  logger?: Logger
}

export interface GroupLinksInit {
  /** stream limit overrides (default: none, the protocol's defaults) */
  streams?: StreamLimitsInit
  /** the protocol the links speak (default GROUP_PROTOCOL) */
  protocol?: string
  /** its stream limits before overrides (default GROUP_STREAM_LIMITS) */
  limits?: StreamLimits
  /** whether an inbound stream from this peer is read at all (default: every peer; the frames' senders are checked later) */
  admit?: (peerId: string) => Promise<boolean>
}

/** frames queued for one peer before the oldest are dropped (the core resends what matters) */
const MAX_QUEUED_FRAMES = 4_096
/** after a failed dial, frames to that peer are dropped for this long instead of redialling */
const REDIAL_BACKOFF_MS = 200

interface PeerLink {
  peerId: string
  addrs: string[]
  queue: Uint8Array[]
  pumping: boolean
  writer?: { stream: Stream, write: (frames: Uint8Array[]) => Promise<void> }
  failedAt: number
}

/** Frames with their varint length prefixes, in one buffer (what lpStream writes one by one). */
function lengthPrefixed (frames: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const f of frames) size += varint.encodingLength(f.byteLength) + f.byteLength
  const out = new Uint8Array(size)
  let at = 0
  for (const f of frames) {
    varint.encodeUint8Array(f.byteLength, out, at)
    at += varint.encodingLength(f.byteLength)
    out.set(f, at)
    at += f.byteLength
  }
  return out
}

/** Sends `bytes` on `stream`, waiting (at most SEND_TIMEOUT_MS) only when its buffer is full. */
async function sendBytes (stream: Stream, bytes: Uint8Array, clock: Clock): Promise<void> {
  if (stream.send(bytes)) return
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      timer.cancel()
      stream.removeEventListener('drain', onDrain)
      stream.removeEventListener('close', onClose)
      if (err == null) resolve()
      else reject(err)
    }
    const onDrain = (): void => { done() }
    const onClose = (): void => { done(new Error('group stream closed')) }
    const timer = clock.after(SEND_TIMEOUT_MS, () => { done(new Error('group stream write timed out')) })
    stream.addEventListener('drain', onDrain)
    stream.addEventListener('close', onClose)
  })
}

/**
 * Frame transport of group chats: one long-lived outbound stream per peer carrying
 * length-prefixed frames in order, fire and forget (the core tolerates loss and resends);
 * the frames queued while a write was under way go out together in one write.
 * Inbound streams are read frame by frame and handed over with the sending peer id, which
 * the Noise channel authenticated.
 */
export class GroupLinks {
  readonly #components: GroupLinksComponents
  readonly #onFrame: (peerId: string, bytes: Uint8Array) => void
  readonly #links = new Map<string, PeerLink>()
  readonly #inbound = new Set<Stream>()
  readonly #run = new RunState()
  readonly #limits: StreamLimits
  readonly #protocol: string
  readonly #admit?: (peerId: string) => Promise<boolean>

  constructor (components: GroupLinksComponents, onFrame: (peerId: string, bytes: Uint8Array) => void, init: GroupLinksInit = {}) {
    this.#components = components
    this.#onFrame = onFrame
    this.#protocol = init.protocol ?? GROUP_PROTOCOL
    this.#limits = streamLimits(this.#protocol, init.limits ?? GROUP_STREAM_LIMITS, init.streams)
    this.#admit = init.admit
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, this.#protocol, this.#limits, async (framed) => { await this.#read(framed) }, { maxOutboundStreams: 256 })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(this.#protocol)
    for (const link of this.#links.values()) {
      link.queue.length = 0
      link.writer?.stream.abort(new Error('group links stopped'))
    }
    for (const stream of this.#inbound) stream.abort(new Error('group links stopped'))
    this.#links.clear()
    this.#inbound.clear()
  }

  /** Queues a frame for `peerId`; `addrs` help the first dial. Never throws. */
  send (peerId: string, addrs: string[], frame: Uint8Array): void {
    if (!this.#run.running) return
    let link = this.#links.get(peerId)
    if (link == null) {
      link = { peerId, addrs, queue: [], pumping: false, failedAt: -Infinity }
      this.#links.set(peerId, link)
    }
    if (link.writer == null && this.#components.clock.now() - link.failedAt < REDIAL_BACKOFF_MS) return
    link.queue.push(frame)
    if (link.queue.length > MAX_QUEUED_FRAMES) link.queue.shift()
    if (!link.pumping) {
      // the write starts once this turn is done (the clock's `soon`), after what the turn
      // answered: a send's HTTP answer, queued behind the frames of its turn, used to wait
      // for their socket write (0.4 ms a message at the sender, `path` bench profile), and
      // the frames of the turn leave together
      link.pumping = true
      this.#components.clock.soon(() => { void this.#pump(link) })
    }
  }

  async #pump (link: PeerLink): Promise<void> {
    link.pumping = true
    try {
      while (link.queue.length > 0 && this.#run.running) {
        link.writer ??= await this.#open(link)
        await link.writer.write(link.queue.splice(0))
      }
    } catch {
      link.writer?.stream.abort(new Error('group link failed'))
      link.writer = undefined
      link.queue.length = 0
      link.failedAt = this.#components.clock.now()
    } finally {
      link.pumping = false
    }
  }

  async #open (link: PeerLink): Promise<NonNullable<PeerLink['writer']>> {
    const id = peerIdFromString(link.peerId)
    const signal = AbortSignal.timeout(SEND_TIMEOUT_MS)
    const { dialer, peerStore, clock } = this.#components
    if (link.addrs.length > 0 && dialer.getConnections(id).length === 0) {
      await peerStore.merge(id, { multiaddrs: link.addrs.map((a) => multiaddr(a)) }).catch(() => {})
    }
    const stream = await dialer.dialProtocol(id, this.#protocol, { signal, runOnLimitedConnection: true })
    stream.addEventListener('close', () => { if (link.writer?.stream === stream) link.writer = undefined })
    return { stream, write: async (frames) => { await sendBytes(stream, lengthPrefixed(frames), clock) } }
  }

  async #read (framed: FramedStream): Promise<void> {
    const peerId = framed.remotePeer.toString()
    if (this.#admit != null && !(await this.#admit(peerId))) {
      framed.abort(new Error('not admitted'))
      return
    }
    this.#inbound.add(framed.stream)
    try {
      while (this.#run.running) {
        const frame = await framed.read()
        if (frame == null) break
        this.#onFrame(peerId, frame)
      }
      framed.abort(new Error('group stream ended'))
    } finally {
      this.#inbound.delete(framed.stream)
    }
  }
}
