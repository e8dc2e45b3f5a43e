import { TypedEventEmitter, serviceCapabilities } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { CLOCK_PROBE_INTERVAL_MS, CLOCK_PROBE_PEERS, CLOCK_PROBE_TIMEOUT_MS, CLOCK_SKEW_WARNING_MS, TIME_PROTOCOL } from './constants.js'
import { handleFramed } from './inbound-streams.js'
import { TimeAnswer } from './wire.js'
import type { StreamLimits } from './inbound-streams.js'
import { consoleLogger, timeoutSignal } from '../kernel/index.js'
import type { Logger } from '../kernel/index.js'
import type { ComponentLogger, Connection, Libp2p, Logger as Libp2pLogger, Startable } from '@libp2p/interface'

/**
 * Limits of an inbound /parley/time/1.0.0 stream (net/inbound-streams.ts): the asker sends
 * nothing and the answer is one small frame, so a stream is over within the probe's timeout.
 */
export const TIME_STREAM_LIMITS: StreamLimits = {
  idleTimeoutMs: CLOCK_PROBE_TIMEOUT_MS,
  deadlineMs: CLOCK_PROBE_TIMEOUT_MS,
  maxFrameBytes: 16,
  maxBufferedBytes: 64,
  maxStreamsPerPeer: 2
}

export interface ClockProbeInit {
  /** how often the clock is compared with peers', in ms (default CLOCK_PROBE_INTERVAL_MS, 10 min) */
  intervalMs?: number
  /** how soon after start the first comparison runs, in ms (default 5 000) */
  firstAfterMs?: number
  /** how many connected peers are asked each time (default CLOCK_PROBE_PEERS, 5) */
  peers?: number
  /** the wall clock (default Date.now) */
  now?: () => number
  /** where a skew beyond CLOCK_SKEW_WARNING_MS is reported (default: standard error) */
  logger?: Logger
}

interface ClockProbeComponents {
  registrar: { handle: Libp2p['handle'], unhandle: Libp2p['unhandle'] }
  connectionManager: { getConnections: () => Connection[] }
  logger: ComponentLogger
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Compares this node's wall clock with its peers' (/parley/time/1.0.0, answered for
 * everyone): for each of a few connected peers, the offset of the peer's clock from the
 * midpoint of the request's round trip; the node's skew is the median offset, so one peer
 * with a wrong clock (or a lie) does not move it. Positive: the peers' clocks are ahead.
 * Records and feed entries are accepted within a skew window (src/identity, src/feed);
 * a node beyond it is told so (`skewMs`, /api/network, health, the log) instead of failing
 * quietly. The skew is only reported, never applied to the clock: peers could lie.
 */
export interface ClockProbeEvents {
  /** the skew went beyond CLOCK_SKEW_WARNING_MS, or came back within it; detail: the skew in ms */
  skew: CustomEvent<number>
}

export class ClockProbe extends TypedEventEmitter<ClockProbeEvents> implements Startable {
  readonly [Symbol.toStringTag] = 'parley:clock-probe'
  readonly [serviceCapabilities] = ['@parley/clock-probe']
  readonly #components: ClockProbeComponents
  readonly #init: Required<ClockProbeInit>
  readonly #log: Libp2pLogger
  #timer: ReturnType<typeof setTimeout> | undefined
  #skewMs: number | undefined
  #samples = 0
  #stopping = new AbortController()

  constructor (components: ClockProbeComponents, init: ClockProbeInit = {}) {
    super()
    this.#components = components
    this.#init = {
      intervalMs: init.intervalMs ?? CLOCK_PROBE_INTERVAL_MS,
      firstAfterMs: init.firstAfterMs ?? 5_000,
      peers: init.peers ?? CLOCK_PROBE_PEERS,
      now: init.now ?? Date.now,
      logger: init.logger ?? consoleLogger('parley:clock')
    }
    this.#log = components.logger.forComponent('parley:clock-probe')
  }

  async start (): Promise<void> {
    this.#stopping = new AbortController()
    await handleFramed({ registrar: this.#components.registrar, logger: this.#init.logger }, TIME_PROTOCOL, TIME_STREAM_LIMITS, async (framed) => {
      await framed.write(TimeAnswer.encode({ wallMs: BigInt(Math.max(0, Math.round(this.#init.now()))) }))
      await framed.close()
    })
    this.#schedule(this.#init.firstAfterMs)
  }

  async stop (): Promise<void> {
    this.#stopping.abort()
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#components.registrar.unhandle(TIME_PROTOCOL)
  }

  /** The median offset of the peers' clocks from this one, in ms; undefined before any answer. */
  skewMs (): number | undefined {
    return this.#skewMs
  }

  /** How many peers answered the last comparison. */
  samples (): number {
    return this.#samples
  }

  #schedule (delayMs: number): void {
    this.#timer = setTimeout(() => {
      void this.probe().finally(() => {
        // with nobody to ask yet, ask again soon
        if (!this.#stopping.signal.aborted) this.#schedule(this.#samples === 0 ? this.#init.firstAfterMs : this.#init.intervalMs)
      })
    }, delayMs)
    this.#timer.unref?.()
  }

  /** Asks up to `peers` connected peers for their time now; resolves to the new skew estimate. */
  async probe (): Promise<number | undefined> {
    const byPeer = new Map<string, Connection>()
    for (const c of this.#components.connectionManager.getConnections()) {
      if (c.status === 'open' && !byPeer.has(c.remotePeer.toString())) byPeer.set(c.remotePeer.toString(), c)
    }
    const chosen = [...byPeer.values()].sort(() => Math.random() - 0.5).slice(0, this.#init.peers)
    const offsets = (await Promise.all(chosen.map(async (c) => this.#offsetOf(c)))).filter((o): o is number => o != null)
    this.#samples = offsets.length
    if (offsets.length === 0) return this.#skewMs
    const skew = Math.round(median(offsets))
    const wasOff = this.#skewMs != null && Math.abs(this.#skewMs) > CLOCK_SKEW_WARNING_MS
    const isOff = Math.abs(skew) > CLOCK_SKEW_WARNING_MS
    this.#skewMs = skew
    if (isOff !== wasOff) this.safeDispatchEvent('skew', { detail: skew })
    if (isOff) {
      this.#init.logger.warn(`this node's clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} its peers' (median of ${offsets.length}): set the system clock right, or others may refuse its records`)
    } else if (wasOff) {
      this.#init.logger.warn(`the clock is within ${Math.abs(skew)} ms of its peers' again`)
    }
    this.#log('skew %d ms from %d peers', skew, offsets.length)
    return skew
  }

  async #offsetOf (connection: Connection): Promise<number | undefined> {
    const signal = timeoutSignal(CLOCK_PROBE_TIMEOUT_MS, { signal: this.#stopping.signal })
    try {
      const sent = this.#init.now()
      const stream = await connection.newStream(TIME_PROTOCOL, { signal, runOnLimitedConnection: true })
      const answer = TimeAnswer.decode(await lpStream(stream).read({ signal }))
      const received = this.#init.now()
      await stream.close({ signal }).catch(() => {})
      return Number(answer.wallMs) - (sent + received) / 2
    } catch {
      return undefined // an older peer without the protocol, or a slow one
    }
  }
}

export function clockProbe (init: ClockProbeInit = {}): (components: ClockProbeComponents) => ClockProbe {
  return (components) => new ClockProbe(components, init)
}
