import { pbStream } from '@libp2p/utils'
import { FEED_PROTOCOL, FEED_STREAM_LIMITS, MAX_CHAINS, MAX_FEED_MESSAGE_BYTES, MAX_LOG_ANSWER, REMOTE_CALL_TIMEOUT_MS } from './constants.js'
import { checkLink, verifyEntry } from './entry.js'
import { InvalidEntryError } from './errors.js'
import { FeedRequest, FeedResponse } from './wire.js'
import type { VerifiedEntry } from './entry.js'
import type { FeedStore } from './store.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import { handleFramed, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, InboundStreamComponents, StreamLimits, StreamLimitsInit } from '../net/index.js'
import { RunState, timeoutSignal } from '../kernel/index.js'
import { MAX_DEVICE_ID_LENGTH } from '../identity/index.js'

export interface FeedProtocolInit {
  store: FeedStore
  /** the logged-in user's key, if any (answers GET_LOG with an empty author) */
  currentUser: () => Uint8Array | undefined
  /** a verified follow/unfollow entry that someone sent us directly */
  onNotify: (entry: VerifiedEntry, username: string, from: PeerId) => void
  /** stream limit overrides (default: FEED_STREAM_LIMITS) */
  streams?: StreamLimitsInit
}

/**
 * /parley/feed/1.0.0: GET_LOG serves the entries this node holds of an author (or of its
 * logged-in user): one device chain, or every chain (`all_devices`); NOTIFY takes a follow
 * or unfollow entry meant for the logged-in user.
 */
export class FeedProtocol {
  readonly #components: InboundStreamComponents
  readonly #init: FeedProtocolInit
  readonly #limits: StreamLimits
  readonly #run = new RunState()

  constructor (components: InboundStreamComponents, init: FeedProtocolInit) {
    this.#components = components
    this.#init = init
    this.#limits = streamLimits(FEED_PROTOCOL, FEED_STREAM_LIMITS, init.streams)
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, FEED_PROTOCOL, this.#limits, async (framed) => { await this.#serve(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(FEED_PROTOCOL)
  }

  /** One request and its answer; the stream limits bound how long it may take. */
  async #serve (framed: FramedStream): Promise<void> {
    const bytes = await framed.read()
    if (bytes == null) return
    let request: FeedRequest
    try {
      request = FeedRequest.decode(bytes, { limits: { heads: MAX_CHAINS } })
    } catch (err: any) {
      await framed.write(FeedResponse.encode({ status: FeedResponse.Status.BAD_REQUEST, entry: new Uint8Array(0), message: `malformed request: ${String(err.message)}` }))
      await framed.close()
      return
    }
    const answer = async (message: FeedResponse): Promise<void> => { await framed.write(FeedResponse.encode(message)) }
    if (request.type === FeedRequest.Type.NOTIFY) {
      let entry: VerifiedEntry
      try {
        entry = verifyEntry(request.entry)
      } catch (err: any) {
        await answer({ status: FeedResponse.Status.BAD_REQUEST, entry: new Uint8Array(0), message: err.message })
        await framed.close()
        return
      }
      this.#init.onNotify(entry, request.username.slice(0, 32), framed.remotePeer)
    } else {
      const author = request.author.byteLength === 0 ? this.#init.currentUser() : request.author
      if (author != null) {
        const limit = Math.min(request.limit === 0 ? MAX_LOG_ANSWER : request.limit, MAX_LOG_ANSWER)
        if (request.device.length > MAX_DEVICE_ID_LENGTH || request.heads.some((h) => h.device.length > MAX_DEVICE_ID_LENGTH)) {
          await answer({ status: FeedResponse.Status.BAD_REQUEST, entry: new Uint8Array(0), message: 'device id too long' })
          await framed.close()
          return
        }
        const entries = request.allDevices
          ? this.#init.store.logs(author, new Map(request.heads.map((h) => [h.device, h.seq])), limit)
          : this.#init.store.log(author, Number(request.afterSeq), limit, request.device)
        if (entries.length > 0) {
          await framed.writeV(entries.map((e) => FeedResponse.encode({ status: FeedResponse.Status.ENTRY, entry: e.bytes, message: '' })))
        }
      }
    }
    await answer({ status: FeedResponse.Status.OK, entry: new Uint8Array(0), message: '' })
    await framed.close()
  }
}

/**
 * Asks `peer` for entries of every device chain of `author` (of its logged-in user when
 * undefined), each after the seq `have` names for it (0 when absent). Every entry is
 * verified; within a chain each must link to the one before it, and a chain's first must
 * follow `have`.
 */
export async function getLogs (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId, author: Uint8Array | undefined, have: Array<{ device: string, seq: bigint }>, options?: AbortOptions): Promise<VerifiedEntry[]> {
  const signal = timeoutSignal(REMOTE_CALL_TIMEOUT_MS, options)
  const stream = await dialer.dialProtocol(peer, FEED_PROTOCOL, { signal, runOnLimitedConnection: true })
  const entries: VerifiedEntry[] = []
  const last = new Map<string, VerifiedEntry>()
  const after = new Map(have.map((h) => [h.device, h.seq]))
  try {
    const pb = pbStream(stream, { maxDataLength: MAX_FEED_MESSAGE_BYTES })
    await pb.write({ type: FeedRequest.Type.GET_LOG, author: author ?? new Uint8Array(0), afterSeq: 0n, limit: MAX_LOG_ANSWER, entry: new Uint8Array(0), username: '', device: '', allDevices: true, heads: have.slice(0, MAX_CHAINS) }, FeedRequest, { signal })
    for (let i = 0; i <= MAX_LOG_ANSWER; i++) {
      const answer = await pb.read(FeedResponse, { signal })
      if (answer.status === FeedResponse.Status.OK) break
      if (answer.status !== FeedResponse.Status.ENTRY) throw new InvalidEntryError('malformed', `peer answered ${answer.status}: ${answer.message}`)
      const entry = verifyEntry(answer.entry, { author: author ?? entries[0]?.entry.author })
      const previous = last.get(entry.entry.device)
      if (previous != null) checkLink({ seq: previous.entry.seq, cid: previous.cid }, entry)
      else if (entry.entry.seq !== (after.get(entry.entry.device) ?? 0n) + 1n) throw new InvalidEntryError('sequence-gap', `expected seq ${(after.get(entry.entry.device) ?? 0n) + 1n}, got ${entry.entry.seq}`)
      if (previous == null && last.size >= MAX_CHAINS) throw new InvalidEntryError('malformed', `more than ${MAX_CHAINS} chains`)
      last.set(entry.entry.device, entry)
      entries.push(entry)
    }
    await stream.close({ signal }).catch(() => {})
    return entries
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/** Sends a follow or unfollow entry straight to the followed user's node. */
export async function notify (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId, entry: Uint8Array, username: string, options?: AbortOptions): Promise<void> {
  const signal = timeoutSignal(REMOTE_CALL_TIMEOUT_MS, options)
  const stream = await dialer.dialProtocol(peer, FEED_PROTOCOL, { signal, runOnLimitedConnection: true })
  try {
    const pb = pbStream(stream, { maxDataLength: MAX_FEED_MESSAGE_BYTES })
    await pb.write({ type: FeedRequest.Type.NOTIFY, author: new Uint8Array(0), afterSeq: 0n, limit: 0, entry, username, device: '', allDevices: false, heads: [] }, FeedRequest, { signal })
    const answer = await pb.read(FeedResponse, { signal })
    if (answer.status !== FeedResponse.Status.OK) throw new InvalidEntryError('malformed', `notify refused: ${answer.message}`)
    await stream.close({ signal }).catch(() => {})
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}
