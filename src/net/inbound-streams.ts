import { lpStream } from '@libp2p/utils'
import * as varint from 'uint8-varint'
import { consoleLogger, systemClock } from '../kernel/index.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import type { ProtocolRegistrar } from './components.js'
import type { Connection, PeerId, Stream, StreamHandlerOptions } from '@libp2p/interface'

/**
 * What every inbound stream of a Parley protocol lives under. libp2p 3 keeps an
 * `inactivityTimeout` on each stream but never acts on it, and its `maxInboundStreams`
 * counts per connection: without these, a peer that announces a frame and never finishes
 * it holds a stream, and the bytes it sent, for as long as the connection lasts.
 */
export interface StreamLimits {
  /** no byte received or written for this long, in ms: the stream is reset */
  idleTimeoutMs: number
  /** the whole stream must be over this long after it opened, in ms (request/response protocols; 0: no deadline) */
  deadlineMs: number
  /** longest frame a peer may announce, in bytes: a longer length prefix resets the stream before the frame is read */
  maxFrameBytes: number
  /** most bytes received and not yet read that one stream may hold (an unfinished frame and what follows it) */
  maxBufferedBytes: number
  /** inbound streams of the protocol that one peer may have open at once, over all its connections */
  maxStreamsPerPeer: number
}

/**
 * Overrides of protocols' stream limits, by protocol id, with '*' for every protocol (a
 * protocol's own entry wins). Tests use it for short timeouts; defaults sit in each
 * protocol's constants.
 */
export type StreamLimitsInit = Partial<Record<string, Partial<StreamLimits>>>

/** The limits of `protocol`: its defaults, then the '*' overrides, then its own. */
export function streamLimits (protocol: string, defaults: StreamLimits, init: StreamLimitsInit = {}): StreamLimits {
  return { ...defaults, ...init['*'], ...init[protocol] }
}

/** An inbound stream read and written one length-prefixed frame at a time, under its limits. */
export interface FramedStream {
  readonly stream: Stream
  readonly remotePeer: PeerId
  /** aborted when the stream ends for any reason; hand it to work done for this stream */
  readonly signal: AbortSignal
  /** the next frame, or undefined when the peer closed its side cleanly between frames; throws otherwise */
  read: () => Promise<Uint8Array | undefined>
  write: (frame: Uint8Array) => Promise<void>
  writeV: (frames: Uint8Array[]) => Promise<void>
  /** closes our side gracefully; the limits still end the stream if the peer never closes its side */
  close: () => Promise<void>
  abort: (reason: Error) => void
}

export type FramedHandler = (stream: FramedStream, connection: Connection) => Promise<void>

/** What guarded handlers take from the node: the registrar, and a clock and logger (default: the system's). */
export interface InboundStreamComponents {
  registrar: ProtocolRegistrar
  clock?: Clock
  logger?: Logger
}

/** A limit broke: the reason the stream was reset with, and what the log line says. */
export class StreamLimitError extends Error {
  override name = 'StreamLimitError'
}

/** Errors of lpStream for a length prefix above maxDataLength (or a varint longer than it needs). */
const OVERSIZED = new Set(['InvalidDataLengthError', 'InvalidDataLengthLengthError'])

/**
 * Registers `handler` for `protocol` with every inbound stream under `limits`: streams past
 * the per-peer cap are reset at once; an idle stream, one past its deadline, one that
 * announces an oversized frame or buffers too much is reset with a log line naming the
 * peer and the limit. The handler reads and writes frames through the `FramedStream`.
 */
export async function handleFramed (components: InboundStreamComponents, protocol: string, limits: StreamLimits, handler: FramedHandler, options: Omit<StreamHandlerOptions, 'maxInboundStreams'> = {}): Promise<void> {
  const clock = components.clock ?? systemClock
  const logger = components.logger ?? consoleLogger('parley')
  const openPerPeer = new Map<string, number>()
  // every Parley protocol also runs on relayed (limited) connections: a relay is how users
  // behind NATs reach each other
  await components.registrar.handle(protocol, async (stream, connection) => {
    const peer = connection.remotePeer.toString()
    const open = openPerPeer.get(peer) ?? 0
    if (open >= limits.maxStreamsPerPeer) {
      logger.warn(`${protocol}: refused a stream from ${peer}, which has ${open} open (limit ${limits.maxStreamsPerPeer})`)
      stream.abort(new StreamLimitError(`too many ${protocol} streams from this peer`))
      return
    }
    openPerPeer.set(peer, open + 1)
    const framed = guard(stream, connection.remotePeer, protocol, limits, clock, logger)
    framed.signal.addEventListener('abort', () => {
      const left = (openPerPeer.get(peer) ?? 1) - 1
      if (left > 0) openPerPeer.set(peer, left)
      else openPerPeer.delete(peer)
    }, { once: true })
    try {
      await handler(framed, connection)
    } catch (err: any) {
      // a peer's bad frame or a reset: the stream ends, the node goes on
      if (!framed.signal.aborted) logger.debug(`${protocol}: stream from ${peer} ended: ${String(err?.message ?? err)}`)
      framed.abort(err as Error)
    }
  }, { ...options, maxInboundStreams: limits.maxStreamsPerPeer, runOnLimitedConnection: true })
}

/** Wraps one stream: frame reads and writes, the idle and deadline timers, the buffer cap. */
function guard (stream: Stream, remotePeer: PeerId, protocol: string, limits: StreamLimits, clock: Clock, logger: Logger): FramedStream {
  const ended = new AbortController()
  const lp = lpStream(stream, { maxDataLength: limits.maxFrameBytes, maxBufferSize: limits.maxBufferedBytes })
  const who = `${protocol}: stream from ${remotePeer.toString()}`
  let received = 0
  let consumed = 0
  let lastActivity = clock.now()
  const timers: TimerHandle[] = []

  const reset = (message: string, warn = true): void => {
    if (ended.signal.aborted) return
    const unread = received - consumed
    const line = `${who} reset: ${message}${unread > 0 ? ` (${unread} bytes of an unfinished frame dropped)` : ''}`
    if (warn || unread > 0) logger.warn(line)
    else logger.debug(line)
    stream.abort(new StreamLimitError(line))
  }
  const onMessage = (event: { data: { byteLength: number } }): void => {
    received += event.data.byteLength
    lastActivity = clock.now()
  }
  const onClose = (event: { error?: Error }): void => {
    // byteStream resets the stream itself when its buffer overflows between two reads
    if (event.error?.name === 'StreamBufferError' && !ended.signal.aborted) logger.warn(`${who} reset: buffered more than ${limits.maxBufferedBytes} bytes`)
    for (const timer of timers) timer?.cancel()
    stream.removeEventListener('message', onMessage)
    ended.abort(new StreamLimitError(`${who} ended`))
  }
  stream.addEventListener('message', onMessage)
  stream.addEventListener('close', onClose, { once: true })

  // one timer per idle period, re-armed for what is left when there was activity meanwhile
  const armIdle = (ms: number): void => {
    timers[0] = clock.after(ms, () => {
      const quiet = clock.now() - lastActivity
      // a quiet stream between frames is an honest idle link: logged quietly
      if (quiet >= limits.idleTimeoutMs) reset(`idle for ${quiet} ms (limit ${limits.idleTimeoutMs} ms)`, false)
      else armIdle(limits.idleTimeoutMs - quiet)
    })
  }
  armIdle(limits.idleTimeoutMs)
  if (limits.deadlineMs > 0) timers[1] = clock.after(limits.deadlineMs, () => { reset(`still open after its ${limits.deadlineMs} ms deadline`) })

  const write = async (bytes: () => Promise<void>): Promise<void> => {
    lastActivity = clock.now()
    await bytes()
    lastActivity = clock.now()
  }
  return {
    stream,
    remotePeer,
    signal: ended.signal,
    read: async () => {
      try {
        const frame = await lp.read({ signal: ended.signal })
        consumed += varint.encodingLength(frame.byteLength) + frame.byteLength
        return frame.subarray()
      } catch (err: any) {
        if (received === consumed && stream.remoteWriteStatus !== 'writable' && !ended.signal.aborted) return undefined
        if (OVERSIZED.has(err?.name)) reset(`refused a frame: ${err.message} (limit ${limits.maxFrameBytes} bytes)`)
        else if (err?.name === 'StreamBufferError') reset(`buffered more than ${limits.maxBufferedBytes} bytes`)
        throw ended.signal.aborted ? ended.signal.reason : err
      }
    },
    write: async (frame) => { await write(async () => { await lp.write(frame, { signal: ended.signal }) }) },
    writeV: async (frames) => { await write(async () => { await lp.writeV(frames, { signal: ended.signal }) }) },
    close: async () => { await stream.close({ signal: ended.signal }) },
    abort: (reason) => { stream.abort(reason) }
  }
}
