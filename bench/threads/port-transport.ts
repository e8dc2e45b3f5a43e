/**
 * An in-memory libp2p transport whose connections are MessagePort pairs, so nodes in
 * different worker threads of one process can connect: the bench's simulated networks
 * spread their nodes over several threads, each with its own event loop and heap.
 *
 * Addresses are `/memory/t<thread>-<name>`; the thread number says where the listener
 * lives. A dial creates a MessageChannel, sends one end with the dial request to the
 * listener's thread (over the links set up by `linkThreads`) and waits for the listener to
 * accept it. On a connection's port a Uint8Array is data, `{ end: true }` closes the
 * remote's read side and `{ reset: true }` aborts the connection.
 */
import { MessageChannel } from 'node:worker_threads'
import { ConnectionFailedError, ListenError, StreamResetError, serviceCapabilities, transportSymbol } from '@libp2p/interface'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import { CODE_P2P, multiaddr } from '@multiformats/multiaddr'
import type { AbortOptions, ComponentLogger, CreateListenerOptions, DialTransportOptions, Listener, PeerId, Transport, Upgrader, Connection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { MessagePort } from 'node:worker_threads'
import type { Uint8ArrayList } from 'uint8arraylist'

interface DialRequest {
  address: string
  dialer: string
  port: MessagePort
}

type Reply = { accepted: string } | { refused: string }
type Frame = Uint8Array | { end: true } | { reset: true }

const ADDRESS = /^\/memory\/t(\d+)-[A-Za-z0-9._-]+$/
const DIAL_TIMEOUT_MS = 10_000

/** this thread's number and its links to the other threads (the bench's network sets them up) */
let thisThread = 0
const links = new Map<number, MessagePort>()
const listeners = new Map<string, PortListener>()

/**
 * Makes this thread `thread` and routes dials to other threads over `ports` (thread number
 * → the port whose other end that thread passed to its own `linkThreads`).
 */
export function linkThreads (thread: number, ports: Map<number, MessagePort>): void {
  thisThread = thread
  for (const [other, port] of ports) {
    links.set(other, port)
    port.on('message', (request: DialRequest) => { accept(request) })
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

function accept (request: DialRequest): void {
  const listener = listeners.get(request.address)
  if (listener == null) {
    request.port.postMessage({ refused: `no listener at ${request.address}` } satisfies Reply)
    request.port.close()
    return
  }
  listener.accept(request)
}

function send (request: DialRequest): void {
  const target = threadOf(request.address)
  if (target === thisThread) {
    accept(request)
    return
  }
  const link = links.get(target)
  if (link == null) throw new ConnectionFailedError(`no link to thread ${target}`)
  link.postMessage(request, [request.port])
}

class PortConnection extends AbstractMultiaddrConnection {
  readonly #port: MessagePort

  constructor (port: MessagePort, init: { remoteAddr: Multiaddr, direction: 'inbound' | 'outbound', log: ReturnType<ComponentLogger['forComponent']> }) {
    super(init)
    this.#port = port
    port.on('message', (frame: Frame) => { this.#receive(frame) })
    port.unref()
  }

  #receive (frame: Frame): void {
    if (frame instanceof Uint8Array) {
      this.onData(frame)
    } else if ('end' in frame) {
      this.#port.close()
      this.onTransportClosed()
    } else {
      this.#port.close()
      this.abort(new StreamResetError('the remote end reset the connection'))
    }
  }

  sendData (data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
    const bytes = data.subarray()
    // a view into a larger buffer would clone all of that buffer
    this.#port.postMessage(bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice())
    return { sentBytes: data.byteLength, canSendMore: true }
  }

  sendReset (): void {
    this.#port.postMessage({ reset: true } satisfies Frame)
    this.#port.close()
  }

  async sendClose (options?: AbortOptions): Promise<void> {
    this.#port.postMessage({ end: true } satisfies Frame)
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

  accept (request: DialRequest): void {
    request.port.postMessage({ accepted: this.#components.peerId.toString() } satisfies Reply)
    const maConn = new PortConnection(request.port, {
      remoteAddr: multiaddr(`${this.#address}-dialer/p2p/${request.dialer}`),
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
    const { port1, port2 } = new MessageChannel()
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new ConnectionFailedError(`no answer from ${address}`)) }, DIAL_TIMEOUT_MS)
      port1.once('message', (message: Reply) => {
        clearTimeout(timer)
        resolve(message)
      })
    })
    send({ address, dialer: this.#components.peerId.toString(), port: port2 })
    const answer = await reply
    if ('refused' in answer) {
      port1.close()
      throw new ConnectionFailedError(answer.refused)
    }
    const maConn = new PortConnection(port1, {
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
