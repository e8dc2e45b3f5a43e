import { Libp2pRecord } from '@libp2p/record'
import { lpStream } from '@libp2p/utils'
import { sha256 } from '@noble/hashes/sha2.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { toString } from 'uint8arrays/to-string'
import { DHT_PROTOCOL, DHT_QUERY_TIMEOUT_MS } from './constants.js'
import { KadMessage } from './kad.js'
import type { GuardedDatastore } from './record-datastore.js'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Dialer } from './components.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { noopMetrics, timeoutSignal } from '../kernel/index.js'
import type { Metrics } from '../kernel/index.js'

/** The two DHT operations the identity layer needs, with timeouts and abort signals. */
export interface RecordStore {
  /** Stores a record locally and at the closest peers; resolves to how many peers took it. */
  put(key: Uint8Array, value: Uint8Array, options?: RecordPutOptions): Promise<number>
  /** The best valid record for a key, from the network and our own store, or undefined. */
  get(key: Uint8Array, options?: RecordGetOptions): Promise<Uint8Array | undefined>
}

export interface RecordPutOptions extends AbortOptions {
  /**
   * Within PLACEMENT_TTL_MS of a put of the same key that walked, send the record straight
   * to the peers that took it then, without a walk (a feed's head pointer, put after every
   * post). Off by default: a republication is meant to reach the peers closest now.
   */
  samePeers?: boolean
}

export interface RecordGetOptions extends AbortOptions {
  /**
   * Called once with the first valid value to arrive, before the quorum is in, so a
   * caller can start dependent work early (the best value may still turn out different).
   */
  onFirstValid?: (value: Uint8Array) => void
}

/** Valid answers, from distinct peers, a DHT get waits for (the best of them wins). */
export const GET_QUORUM = 3
/** How long the direct round may take before the full kad-dht query starts beside it. */
export const DIRECT_ROUND_GRACE_MS = 1_000
/** Largest kad-dht answer read in the direct round: a record (≤ 4 KiB) and 20 closer peers. */
export const MAX_KAD_MESSAGE_BYTES = 64 * 1024
/**
 * How long the peers that took a record remain where the next put of the same key goes,
 * straight, without a walk to find the closest peers again (a feed's head pointer is put
 * after every post). After that, or when fewer than half of them take it, a put walks.
 */
export const PLACEMENT_TTL_MS = 10 * 60_000

/** Index of the best valid value for a key, or -1 when none is valid. */
export type RecordSelector = (key: Uint8Array, values: Uint8Array[]) => number

export interface DhtRecordStoreInit {
  /** opens the direct requests to the peers closest to a key */
  dialer: Pick<Dialer, 'dialProtocol'>
  dht: KadDHT
  /** the node's own datastore, for the copy of a record it holds itself */
  datastore: GuardedDatastore
  select: RecordSelector
  now?: () => number
  /** where lookup latency is observed (default: noopMetrics) */
  metrics?: Metrics
}

/**
 * kad-dht 16's routing table can name the peers closest to a key, which its first query
 * round asks; the method is not on its public interface, so it is looked up defensively
 * (without it every get is a full kad-dht query).
 */
export function closestKnownPeers (dht: KadDHT, key: Uint8Array, count: number): PeerId[] {
  const table = (dht as { routingTable?: { closestPeers?: (kadId: Uint8Array, options: { count: number }) => PeerId[] } }).routingTable
  return typeof table?.closestPeers === 'function' ? table.closestPeers(sha256(key), { count }) : []
}

/**
 * One request to `peer` over Parley's kad-dht protocol and its answer (at most
 * MAX_KAD_MESSAGE_BYTES), on a stream of its own.
 */
async function kadRequest (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId | Multiaddr, request: Partial<KadMessage>, signal: AbortSignal): Promise<KadMessage> {
  const stream = await dialer.dialProtocol(peer, DHT_PROTOCOL, { signal })
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_KAD_MESSAGE_BYTES })
    await lp.write(KadMessage.encode(request), { signal })
    const answer = KadMessage.decode(await lp.read({ signal }))
    stream.close({ signal }).catch((err: Error) => { stream.abort(err) })
    return answer
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/**
 * Sends one GET_VALUE straight to `peer` and returns the record value it holds under `key`
 * (unchecked), or undefined when it holds none.
 */
export async function askForRecord (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId | Multiaddr, key: Uint8Array, signal: AbortSignal): Promise<Uint8Array | undefined> {
  const answer = await kadRequest(dialer, peer, { type: KadMessage.MessageType.GET_VALUE, key }, signal)
  if (answer.record == null) return undefined
  const record = Libp2pRecord.deserialize(answer.record)
  return equalBytes(record.key, key) ? record.value : undefined
}

/**
 * Sends one PUT_VALUE straight to `peer`; resolves to whether the peer stored the record
 * (it echoes the record back when it did).
 */
export async function putRecordTo (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId, key: Uint8Array, value: Uint8Array, signal: AbortSignal): Promise<boolean> {
  const echo = await kadRequest(dialer, peer, { type: KadMessage.MessageType.PUT_VALUE, key, record: new Libp2pRecord(key, value, new Date()).serialize() }, signal)
  return echo.record != null && equalBytes(Libp2pRecord.deserialize(echo.record).value, value)
}

/**
 * The answers of one get: our own copy and the first answer of each peer (a peer asked in
 * the direct round and again by the walk counts once, for the quorum and for the
 * selector's vote on name claims).
 */
class Answers {
  #local: Uint8Array | undefined
  readonly #byPeer = new Map<string, Uint8Array>()
  readonly #validPeers = new Set<string>()
  readonly #key: Uint8Array
  readonly #select: RecordSelector
  #onFirstValid: ((value: Uint8Array) => void) | undefined
  readonly #quorum = Promise.withResolvers<void>()
  /** resolves once GET_QUORUM distinct peers gave valid values */
  readonly reached = this.#quorum.promise

  constructor (key: Uint8Array, select: RecordSelector, onFirstValid?: (value: Uint8Array) => void) {
    this.#key = key
    this.#select = select
    this.#onFirstValid = onFirstValid
  }

  /**
   * Adds a value, from a peer (counts towards the quorum) or from our own store (`from`
   * undefined: a candidate only). Returns whether the value is valid.
   */
  add (value: Uint8Array, from?: PeerId): boolean {
    const peer = from?.toString()
    if (peer == null) this.#local = value
    else if (this.#byPeer.has(peer)) return this.#validPeers.has(peer)
    else this.#byPeer.set(peer, value)
    if (this.#select(this.#key, [value]) !== 0) return false
    this.#onFirstValid?.(value)
    this.#onFirstValid = undefined
    if (peer != null) {
      this.#validPeers.add(peer)
      if (this.#validPeers.size >= GET_QUORUM) this.#quorum.resolve()
    }
    return true
  }

  get empty (): boolean {
    return this.#local == null && this.#byPeer.size === 0
  }

  best (): Uint8Array | undefined {
    const values = [...(this.#local == null ? [] : [this.#local]), ...this.#byPeer.values()]
    const index = this.#select(this.#key, values)
    return index < 0 ? undefined : values[index]
  }
}

export function dhtRecordStore ({ dialer, dht, datastore, select, now = Date.now, metrics = noopMetrics }: DhtRecordStoreInit): RecordStore {
  const lookupSeconds = metrics.histogram({
    name: 'parley_dht_lookup_seconds',
    help: 'how long a DHT record lookup took (profiles, pointers, mailbox placements): found, not_found or failed',
    labelNames: ['outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
  })
  /** per key (base64): the peers that took its last full put, and when */
  const placements = new Map<string, { peers: PeerId[], at: number }>()

  /**
   * kad-dht's put: a walk to the closest peers, then a PUT_VALUE to each. Its events
   * include the walk's answers: only PUT_VALUE answers that echo the record count.
   */
  async function putWalking (key: Uint8Array, value: Uint8Array, signal: AbortSignal): Promise<PeerId[]> {
    const took: PeerId[] = []
    try {
      for await (const event of dht.put(key, value, { signal })) {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE' && event.record != null && equalBytes(event.record.value, value)) took.push(event.from)
      }
    } catch (err) {
      // one closest peer that never answers (a half-dead connection, a stalled node) holds
      // the put until its deadline: the peers that took the record by then count
      if (took.length === 0 || !signal.aborted) throw err
    }
    return took
  }

  /**
   * kad-dht's get walks the whole query, then "corrects" peers holding older values and
   * throws if one refuses. Reading the values off the peers' responses instead lets a get
   * stop at a quorum of valid answers, and a single bad peer cannot hide the record.
   */
  async function walk (key: Uint8Array, answers: Answers, signal: AbortSignal): Promise<void> {
    // kad-dht's VALUE events repeat our own copy (read from the datastore already) and the
    // records of PEER_RESPONSE events: only the responses are taken
    for await (const event of dht.get(key, { signal })) {
      if (event.name === 'PEER_RESPONSE' && event.record != null) answers.add(event.record.value, event.from)
    }
  }

  async function lookUp (key: Uint8Array, options?: RecordGetOptions): Promise<Uint8Array | undefined> {
    const answers = new Answers(key, select, options?.onFirstValid)
    const enough = new AbortController()
    const signal = AbortSignal.any([timeoutSignal(DHT_QUERY_TIMEOUT_MS, options), enough.signal])
    const local = await datastore.recordValue(key, { signal }).catch(() => undefined)
    if (local != null) answers.add(local)

    let walked: Promise<void> | undefined
    let walkError: Error | undefined
    const fallBack = Promise.withResolvers<void>()
    const startWalk = (): void => {
      if (walked != null || enough.signal.aborted) return
      walked = walk(key, answers, signal).catch((err: Error) => { walkError = err }).then(fallBack.resolve)
    }
    const peers = closestKnownPeers(dht, key, GET_QUORUM)
    if (peers.length < GET_QUORUM) startWalk()
    const ask = async (peer: PeerId): Promise<void> => {
      let valid = false
      try {
        const value = await askForRecord(dialer, peer, key, signal)
        valid = value != null && answers.add(value, peer)
      } catch {} // an unreachable or misbehaving peer: the walk asks the others
      if (!valid) startWalk()
    }
    for (const peer of peers) void ask(peer)
    const grace = setTimeout(startWalk, DIRECT_ROUND_GRACE_MS)
    try {
      await Promise.race([answers.reached, fallBack.promise])
    } finally {
      clearTimeout(grace)
      enough.abort()
    }
    if (answers.empty && walkError != null && walkError.name !== 'NotFoundError') throw walkError
    return answers.best()
  }

  return {
    /**
     * With `samePeers`, within PLACEMENT_TTL_MS of a put that walked, the record goes
     * straight to the peers that took it then, one PUT_VALUE each (and to our own store, as kad-dht's put does).
     * When fewer than half of them take it, or the placement is older, the put walks.
     */
    async put (key, value, options) {
      const signal = timeoutSignal(DHT_QUERY_TIMEOUT_MS, options)
      const id = toString(key, 'base64')
      const time = now()
      for (const [other, placed] of placements) if (time - placed.at >= PLACEMENT_TTL_MS) placements.delete(other)
      const placed = options?.samePeers === true ? placements.get(id) : undefined
      if (placed != null) {
        await datastore.putRecord(key, value, { signal })
        const took = await Promise.all(placed.peers.map(async (peer) => putRecordTo(dialer, peer, key, value, signal).catch(() => false)))
        const accepted = took.filter(Boolean).length
        if (accepted * 2 >= placed.peers.length) return accepted
        signal.throwIfAborted()
      }
      const took = await putWalking(key, value, signal)
      if (took.length > 0) placements.set(id, { peers: took, at: now() })
      else placements.delete(id)
      return took.length
    },

    /**
     * First a direct round: the GET_QUORUM peers closest to the key in the routing table
     * (the ones kad-dht's query would ask first) get one GET_VALUE each, without kad-dht's
     * query machinery. When they all hold a valid record, that is the quorum: one round
     * trip. As soon as one of them fails, holds nothing valid, or the round outlasts
     * DIRECT_ROUND_GRACE_MS, the full kad-dht query starts and answers from both count,
     * once per peer.
     */
    async get (key, options) {
      const done = lookupSeconds.startTimer()
      try {
        const found = await lookUp(key, options)
        done({ outcome: found == null ? 'not_found' : 'found' })
        return found
      } catch (err) {
        done({ outcome: 'failed' })
        throw err
      }
    }
  }
}
