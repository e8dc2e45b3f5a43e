import { randomBytes } from 'node:crypto'
import { serviceCapabilities } from '@libp2p/interface'
import { PING_PROTOCOL } from '@libp2p/ping'
import { byteStream } from '@libp2p/utils'
import { equals as equalBytes } from 'uint8arrays/equals'
import type { ComponentLogger, Connection, Libp2pEvents, Logger, Startable, TypedEventTarget } from '@libp2p/interface'

const PING_BYTES = 32

export interface ConnectionPingerInit {
  /** how often each open connection is pinged, in ms */
  intervalMs: number
  /** how long one ping may take before its connection is aborted, in ms */
  timeoutMs: number
  /** where each new connection's phase comes from, a fraction of the interval in [0, 1) (default Math.random) */
  random?: () => number
}

interface ConnectionPingerComponents {
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

/**
 * Pings every open connection every `intervalMs` and aborts one whose ping fails: the
 * remote went away without closing it (a crashed machine, a dropped link). It replaces
 * libp2p's connection monitor, which pings all of a node's connections in the same tick:
 * here each connection has its own timer at a random phase, so a node with hundreds of
 * connections (maxConnections is 500) spreads its pings over the interval instead of
 * opening hundreds of streams at once, and nodes started together do not ping together.
 */
export class ConnectionPinger implements Startable {
  readonly [Symbol.toStringTag] = 'parley:connection-pinger'
  readonly [serviceCapabilities] = ['@libp2p/connection-monitor']
  readonly #components: ConnectionPingerComponents
  readonly #init: ConnectionPingerInit
  readonly #log: Logger
  readonly #timers = new Map<Connection, NodeJS.Timeout>()
  #stopping = new AbortController()

  constructor (components: ConnectionPingerComponents, init: ConnectionPingerInit) {
    this.#components = components
    this.#init = init
    this.#log = components.logger.forComponent('parley:connection-pinger')
  }

  start (): void {
    this.#stopping = new AbortController()
    this.#components.events.addEventListener('connection:open', this.#onOpen)
    this.#components.events.addEventListener('connection:close', this.#onClose)
  }

  stop (): void {
    this.#components.events.removeEventListener('connection:open', this.#onOpen)
    this.#components.events.removeEventListener('connection:close', this.#onClose)
    this.#stopping.abort()
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }

  /** Connections with a ping scheduled (for tests). */
  get watched (): number {
    return this.#timers.size
  }

  readonly #onOpen = (event: CustomEvent<Connection>): void => {
    this.#schedule(event.detail, (this.#init.random ?? Math.random)() * this.#init.intervalMs)
  }

  readonly #onClose = (event: CustomEvent<Connection>): void => {
    clearTimeout(this.#timers.get(event.detail))
    this.#timers.delete(event.detail)
  }

  #schedule (connection: Connection, delayMs: number): void {
    const timer = setTimeout(() => {
      this.ping(connection).then(
        () => { if (this.#timers.has(connection)) this.#schedule(connection, this.#init.intervalMs) },
        (err: Error) => {
          this.#timers.delete(connection)
          if (this.#stopping.signal.aborted) return
          this.#log('ping to %p failed, aborting the connection: %s', connection.remotePeer, err.message)
          connection.abort(err)
        })
    }, delayMs)
    timer.unref()
    this.#timers.set(connection, timer)
  }

  /**
   * One ping over `connection`: 32 random bytes that must come back (libp2p's ping
   * service answers them, on PING_PROTOCOL). A peer that does not speak the ping protocol
   * answered multistream-select, so it is alive: that counts too.
   */
  async ping (connection: Connection): Promise<void> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.#init.timeoutMs), this.#stopping.signal])
    let stream
    try {
      stream = await connection.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true })
    } catch (err: any) {
      if (err.name === 'UnsupportedProtocolError') return
      throw err
    }
    try {
      const bytes = byteStream(stream)
      const sent = randomBytes(PING_BYTES)
      const [, echo] = await Promise.all([bytes.write(sent, { signal }), bytes.read({ bytes: PING_BYTES, signal })])
      if (!equalBytes(echo.subarray(), sent)) throw new Error('the ping came back changed')
      await stream.close({ signal })
    } catch (err: any) {
      stream.abort(err)
      throw err
    }
  }
}

/** The pinger as a libp2p service. */
export function connectionPinger (init: ConnectionPingerInit): (components: ConnectionPingerComponents) => ConnectionPinger {
  return (components) => new ConnectionPinger(components, init)
}
