/**
 * An in-memory libp2p transport for nodes in the worker threads of one process: the bench's
 * simulated networks spread their nodes over several threads, each with its own event loop
 * and heap.
 *
 * Addresses are `/memory/t<thread>-<name>`; the thread number says where the listener
 * lives. Each connection end has an id in its thread. Everything a thread sends in one turn
 * of its event loop goes out together (setImmediate): frames to a node of the same thread
 * are handed over as they are, frames to another thread travel in one message per thread
 * (over the links set up by `linkThreads`), their bytes packed into one transferred buffer.
 * One MessagePort per connection, as before, cost a postMessage, a structured clone and an
 * event per frame: about a fifth of the CPU of the 102-node feed bench.
 */
import { ConnectionFailedError, ListenError, StreamResetError, serviceCapabilities, transportSymbol } from '@libp2p/interface'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import { CODE_P2P, multiaddr } from '@multiformats/multiaddr'
import type { AbortOptions, ComponentLogger, CreateListenerOptions, DialTransportOptions, Listener, PeerId, Transport, Upgrader, Connection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { MessagePort } from 'node:worker_threads'
import type { Uint8ArrayList } from 'uint8arraylist'

/**
 * A dial names the dialer's end (`from` thread, `id`); the answer goes to that end
 * (`reply`) and, if accepted, names the listener's end (`thread`, `id`).
 */
type Reply = { reply: number, accepted: string, thread: number, id: number } | { reply: number, refused: string }
type Control = { dial: { address: string, dialer: string, from: number, id: number } } | Reply

/** What one thread sends another in one turn: controls first, then frames (END, RESET or bytes). */
interface Batch {
  control: Control[]
  /** the receiving connection's id per frame */
  ids: Int32Array
  /** per frame: the byte count of its data in `bytes`, or END / RESET */
  lengths: Int32Array
  bytes: ArrayBuffer
}

const END = -1
const RESET = -2
type Frame = Uint8Array | typeof END | typeof RESET

const ADDRESS = /^\/memory\/t(\d+)-[A-Za-z0-9._-]+$/
const DIAL_TIMEOUT_MS = 10_000

/** this thread's number, its links to the other threads, its listeners and connection ends */
let thisThread = 0
const links = new Map<number, MessagePort>()
const listeners = new Map<string, PortListener>()
const connections = new Map<number, PortConnection>()
const dials = new Map<number, (reply: Reply) => void>()
let nextId = 1

/** What this thread sends in the current turn, per target thread. */
class Outbox {
  control: Control[] = []
  ids: number[] = []
  frames: Frame[] = []
  bytes = 0
}
const outboxes = new Map<number, Outbox>()
let flushing = false

function outbox (thread: number): Outbox {
  let box = outboxes.get(thread)
  if (box == null) {
    box = new Outbox()
    outboxes.set(thread, box)
  }
  if (!flushing) {
    flushing = true
    setImmediate(flush)
  }
  return box
}

function sendControl (thread: number, control: Control): void {
  outbox(thread).control.push(control)
}

function sendFrame (thread: number, id: number, frame: Frame): void {
  const box = outbox(thread)
  box.ids.push(id)
  box.frames.push(frame)
  if (frame instanceof Uint8Array) box.bytes += frame.byteLength
}

function flush (): void {
  flushing = false
  const boxes = [...outboxes]
  outboxes.clear()
  for (const [thread, box] of boxes) {
    if (thread === thisThread) {
      for (const control of box.control) receiveControl(control)
      box.frames.forEach((frame, i) => { receiveFrame(box.ids[i], frame) })
      continue
    }
    const link = links.get(thread)
    if (link == null) throw new Error(`no link to thread ${thread}`)
    const bytes = new Uint8Array(box.bytes)
    const lengths = new Int32Array(box.frames.length)
    let offset = 0
    box.frames.forEach((frame, i) => {
      if (frame instanceof Uint8Array) {
        bytes.set(frame, offset)
        offset += frame.byteLength
        lengths[i] = frame.byteLength
      } else {
        lengths[i] = frame
      }
    })
    const ids = Int32Array.from(box.ids)
    link.postMessage({ control: box.control, ids, lengths, bytes: bytes.buffer } satisfies Batch, [ids.buffer, lengths.buffer, bytes.buffer])
  }
}

function receiveBatch (batch: Batch): void {
  for (const control of batch.control) receiveControl(control)
  let offset = 0
  for (let i = 0; i < batch.ids.length; i++) {
    const length = batch.lengths[i]
    if (length >= 0) {
      receiveFrame(batch.ids[i], new Uint8Array(batch.bytes, offset, length))
      offset += length
    } else {
      receiveFrame(batch.ids[i], length as Frame)
    }
  }
}

function receiveControl (control: Control): void {
  if ('dial' in control) {
    const { address, dialer, from, id } = control.dial
    const listener = listeners.get(address)
    if (listener == null) sendControl(from, { reply: id, refused: `no listener at ${address}` })
    else listener.accept(dialer, { thread: from, id })
    return
  }
  const answer = dials.get(control.reply)
  dials.delete(control.reply)
  if (answer != null) answer(control)
  // the dialer gave up: the listener's end goes too
  else if ('accepted' in control) sendFrame(control.thread, control.id, RESET)
}

function receiveFrame (id: number, frame: Frame): void {
  // frames for an end that closed are dropped, as a closed port drops them
  connections.get(id)?.receive(frame)
}

/**
 * Makes this thread `thread` and sends dials and frames to other threads over `ports`
 * (thread number → the port whose other end that thread passed to its own `linkThreads`).
 */
export function linkThreads (thread: number, ports: Map<number, MessagePort>): void {
  thisThread = thread
  for (const [other, port] of ports) {
    links.set(other, port)
    port.on('message', receiveBatch)
    port.unref()
  }
}

/** A listen address on this thread for the node called `name`. */
export function portAddress (name: string): string {
  return `/memory/t${thisThread}-${name}`
}

/** A dial address as listeners are registered: without its /p2p peer id. */
function withoutPeer (ma: Multiaddr): string {
  return (ma.getComponents().some((c) => c.code === CODE_P2P) ? ma.decapsulate('/p2p') : ma).toString()
}

function threadOf (address: string): number {
  const match = ADDRESS.exec(address)
  if (match == null) throw new ConnectionFailedError(`not a port-transport address: ${address}`)
  return Number(match[1])
}

/** One end of a connection: frames go to the other end's id in its thread. */
class PortConnection extends AbstractMultiaddrConnection {
  readonly #id: number
  readonly #remote: { thread: number, id: number }

  constructor (id: number, remote: { thread: number, id: number }, init: { remoteAddr: Multiaddr, direction: 'inbound' | 'outbound', log: ReturnType<ComponentLogger['forComponent']> }) {
    super(init)
    this.#id = id
    this.#remote = remote
    connections.set(id, this)
  }

  receive (frame: Frame): void {
    if (frame instanceof Uint8Array) {
      this.onData(frame)
    } else if (frame === END) {
      connections.delete(this.#id)
      this.onTransportClosed()
    } else {
      connections.delete(this.#id)
      this.abort(new StreamResetError('the remote end reset the connection'))
    }
  }

  sendData (data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
    for (const chunk of data) sendFrame(this.#remote.thread, this.#remote.id, chunk)
    return { sentBytes: data.byteLength, canSendMore: true }
  }

  sendReset (): void {
    connections.delete(this.#id)
    sendFrame(this.#remote.thread, this.#remote.id, RESET)
  }

  async sendClose (options?: AbortOptions): Promise<void> {
    connections.delete(this.#id)
    sendFrame(this.#remote.thread, this.#remote.id, END)
    options?.signal?.throwIfAborted()
  }

  sendPause (): void {
    // read backpressure is not supported, as on libp2p's memory transport
  }

  sendResume (): void {}
}

interface PortTransportComponents {
  peerId: PeerId
  logger: ComponentLogger
}

class PortListener extends EventTarget {
  readonly #components: PortTransportComponents
  readonly #upgrader: Upgrader
  readonly #shutdown = new AbortController()
  readonly #connections = new Set<PortConnection>()
  #address?: string

  constructor (components: PortTransportComponents, options: CreateListenerOptions) {
    super()
    this.#components = components
    this.#upgrader = options.upgrader
  }

  async listen (ma: Multiaddr): Promise<void> {
    const address = ma.toString()
    const thread = threadOf(address)
    if (thread !== thisThread) throw new ListenError(`address ${address} belongs to thread ${thread}, this is thread ${thisThread}`)
    if (listeners.has(address)) throw new ListenError(`address ${address} is already in use`)
    this.#address = address
    listeners.set(address, this)
    queueMicrotask(() => this.dispatchEvent(new CustomEvent('listening')))
  }

  /** a dial from `dialer` whose end is `remote` */
  accept (dialer: string, remote: { thread: number, id: number }): void {
    const id = nextId++
    sendControl(remote.thread, { reply: remote.id, accepted: this.#components.peerId.toString(), thread: thisThread, id })
    const maConn = new PortConnection(id, remote, {
      remoteAddr: multiaddr(`${this.#address}-dialer/p2p/${dialer}`),
      direction: 'inbound',
      log: this.#components.logger.forComponent('parley:port-transport:inbound')
    })
    this.#connections.add(maConn)
    maConn.addEventListener('close', () => this.#connections.delete(maConn))
    this.#upgrader.upgradeInbound(maConn, { signal: this.#shutdown.signal }).catch((err) => { maConn.abort(err) })
  }

  getAddrs (): Multiaddr[] {
    return this.#address == null ? [] : [multiaddr(this.#address)]
  }

  updateAnnounceAddrs (): void {}

  async close (): Promise<void> {
    if (this.#address != null) listeners.delete(this.#address)
    this.#shutdown.abort()
    for (const maConn of this.#connections) maConn.abort(new ConnectionFailedError('the listener closed'))
    queueMicrotask(() => this.dispatchEvent(new CustomEvent('close')))
  }
}

class PortTransport implements Transport {
  readonly [transportSymbol] = true
  readonly [Symbol.toStringTag] = 'parley-bench:port-transport'
  readonly [serviceCapabilities] = ['@libp2p/transport']
  readonly #components: PortTransportComponents

  constructor (components: PortTransportComponents) {
    this.#components = components
  }

  async dial (ma: Multiaddr, options: DialTransportOptions): Promise<Connection> {
    options.signal.throwIfAborted()
    const address = withoutPeer(ma)
    const thread = threadOf(address)
    if (thread !== thisThread && !links.has(thread)) throw new ConnectionFailedError(`no link to thread ${thread}`)
    const id = nextId++
    const answer = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        dials.delete(id)
        reject(new ConnectionFailedError(`no answer from ${address}`))
      }, DIAL_TIMEOUT_MS)
      dials.set(id, (reply) => {
        clearTimeout(timer)
        resolve(reply)
      })
      sendControl(thread, { dial: { address, dialer: this.#components.peerId.toString(), from: thisThread, id } })
    })
    if ('refused' in answer) throw new ConnectionFailedError(answer.refused)
    const maConn = new PortConnection(id, { thread: answer.thread, id: answer.id }, {
      remoteAddr: multiaddr(`${address}/p2p/${answer.accepted}`),
      direction: 'outbound',
      log: this.#components.logger.forComponent('parley:port-transport:outbound')
    })
    try {
      options.signal.throwIfAborted()
      return await options.upgrader.upgradeOutbound(maConn, options)
    } catch (err: any) {
      maConn.abort(err)
      throw err
    }
  }

  createListener (options: CreateListenerOptions): Listener {
    return new PortListener(this.#components, options) as unknown as Listener
  }

  listenFilter = (addrs: Multiaddr[]): Multiaddr[] => addrs.filter((ma) => ADDRESS.test(ma.toString()))

  dialFilter = (addrs: Multiaddr[]): Multiaddr[] => addrs.filter((ma) => ADDRESS.test(withoutPeer(ma)))
}

/** The transport, for `ParleyInit.transport`. */
export function portTransport (): (components: PortTransportComponents) => Transport {
  return (components) => new PortTransport(components)
}
