import { Libp2pRecord } from '@libp2p/record'
import { Key } from 'interface-datastore'
import { toString } from 'uint8arrays/to-string'
import { DhtStoreFullError } from './errors.js'
import { SqliteDatastore } from './sqlite-datastore.js'
import type { HeldFor, HeldKind } from './sqlite-datastore.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

/**
 * Decides whether an incoming DHT record may replace the one held under the same key;
 * throws to refuse it. Receives the record values (not the kad-dht envelopes).
 */
export type RecordReplacementGuard = (key: Uint8Array, incoming: Uint8Array, held: Uint8Array) => void

/**
 * How much a node holds for other peers. Full means new records are refused; what is held
 * stays until it expires. Records are at most 4 KiB, provider records about 100 bytes.
 */
export interface DhtStoreLimits {
  /** DHT records (PUT_VALUE) one peer may make this node hold (default 1,000) */
  recordsPerPeer?: number
  /** DHT records held for all other peers together (default 50,000, at most 200 MiB) */
  records?: number
  /** provider records (ADD_PROVIDER) one peer may make this node hold (default 1,000) */
  providersPerPeer?: number
  /** provider records held for all other peers together (default 100,000) */
  providers?: number
  /**
   * how long an entry held for another peer is kept after its last write, in ms (default
   * 48 h, kad-dht's record and provider validity: it serves nothing older)
   */
  maxAgeMs?: number
}

export const DEFAULT_DHT_STORE_LIMITS: Required<DhtStoreLimits> = {
  recordsPerPeer: 1_000,
  records: 50_000,
  providersPerPeer: 1_000,
  providers: 100_000,
  maxAgeMs: 48 * 3_600_000
}

/**
 * Put options as Parley's patched kad-dht passes them (patches/@libp2p+kad-dht+*.patch):
 * the PUT_VALUE handler names the peer that sent the record.
 */
export interface HeldPutOptions extends AbortOptions {
  sender?: PeerId
}

export interface GuardedDatastoreInit {
  database: ParleyDatabase
  /** this node's peer id: what it stores for itself counts against no quota */
  self: PeerId
  guard: RecordReplacementGuard
  limits?: DhtStoreLimits
}

const DHT_RECORD_PREFIX = '/dht/record/'
const DHT_PROVIDER_PREFIX = '/dht/provider/'

/** Where kad-dht keeps the record of a DHT key in the datastore. */
function recordKey (key: Uint8Array): Key {
  return new Key(`${DHT_RECORD_PREFIX}${toString(key, 'base32')}`, false)
}

/**
 * The node's datastore (SQLite, so the peer store and what it holds outlive a restart)
 * with two checks kad-dht does not make. Selection at store time: kad-dht only validates
 * records on PUT and then overwrites what it holds, so a replayed or older record could
 * replace a newer one. Quotas: kad-dht stores every valid record and provider record any
 * peer sends (one peer made a node hold 3,000 name claims and 3,000 provider records);
 * here each peer may add at most `recordsPerPeer` / `providersPerPeer` new ones, and all
 * peers together `records` / `providers`.
 */
export class GuardedDatastore extends SqliteDatastore {
  readonly #guard: RecordReplacementGuard
  readonly #self: string
  readonly #limits: Required<DhtStoreLimits>
  /** entries held, by `${kind} ${peer}` and by kind */
  readonly #held = new Map<string, number>()

  constructor (init: GuardedDatastoreInit) {
    super(init.database)
    this.#guard = init.guard
    this.#self = init.self.toString()
    this.#limits = { ...DEFAULT_DHT_STORE_LIMITS, ...withoutUndefined(init.limits ?? {}) }
    const counts = this.database.statement('SELECT kind, held_for, COUNT(*) AS n FROM net_datastore WHERE held_for IS NOT NULL GROUP BY kind, held_for').all()
    for (const row of counts) this.#count({ kind: row.kind as HeldKind, peer: row.held_for as string }, Number(row.n))
  }

  override async put (key: Key, value: Uint8Array, options?: HeldPutOptions): Promise<Key> {
    options?.signal?.throwIfAborted()
    this.store(key.toString(), value, options?.sender)
    return key
  }

  /** How many records and provider records this node holds for other peers. */
  heldForOthers (): { records: number, providers: number } {
    return { records: this.#held.get('record') ?? 0, providers: this.#held.get('provider') ?? 0 }
  }

  /** How many entries of a kind this node holds for `peer`. */
  heldFor (peer: PeerId | string, kind: HeldKind): number {
    return this.#held.get(`${kind} ${peer.toString()}`) ?? 0
  }

  /**
   * Deletes the entries held for others whose last write is older than `maxAgeMs` (kad-dht
   * no longer serves them); returns how many. Their peers' quotas are free again.
   */
  sweepExpired (now = Date.now()): number {
    const gone = this.database.statement('DELETE FROM net_datastore WHERE held_for IS NOT NULL AND stored_at < ? RETURNING held_for, kind').all(now - this.#limits.maxAgeMs)
    for (const row of gone) this.#count({ kind: row.kind as HeldKind, peer: row.held_for as string }, -1)
    return gone.length
  }

  /** The value of the DHT record this node holds under `key` (kad-dht's layout), if any. */
  async recordValue (key: Uint8Array, options?: AbortOptions): Promise<Uint8Array | undefined> {
    options?.signal?.throwIfAborted()
    const held = this.read(recordKey(key).toString())
    return held == null ? undefined : Libp2pRecord.deserialize(held.value).value
  }

  /** Holds `value` as the DHT record under `key`, as kad-dht's put does; the guard applies. */
  async putRecord (key: Uint8Array, value: Uint8Array, options?: AbortOptions): Promise<void> {
    await this.put(recordKey(key), new Libp2pRecord(key, value, new Date()).serialize(), options)
  }

  protected override store (key: string, value: Uint8Array, sender?: PeerId): void {
    const held = this.read(key)
    let heldFor: HeldFor | undefined
    if (key.startsWith(DHT_RECORD_PREFIX)) {
      if (held != null) {
        const incoming = Libp2pRecord.deserialize(value)
        this.#guard(incoming.key, incoming.value, Libp2pRecord.deserialize(held.value).value)
      }
      if (sender != null && sender.toString() !== this.#self) heldFor = { peer: sender.toString(), kind: 'record' }
    } else if (key.startsWith(DHT_PROVIDER_PREFIX)) {
      // kad-dht's ADD_PROVIDER handler stores only providers that are the sending peer
      // itself, under /dht/provider/<cid>/<provider>
      const provider = key.slice(key.lastIndexOf('/') + 1)
      if (provider !== this.#self) heldFor = { peer: provider, kind: 'provider' }
    }
    if (held == null && heldFor != null) this.#admit(heldFor)
    this.write(key, value, heldFor)
    if (held == null && heldFor != null) this.#count(heldFor, 1)
  }

  protected override remove (key: string): HeldFor | undefined {
    const heldFor = super.remove(key)
    if (heldFor != null) this.#count(heldFor, -1)
    return heldFor
  }

  /** Throws DhtStoreFullError when `heldFor` may not add another entry. */
  #admit (heldFor: HeldFor): void {
    const [perPeer, total] = heldFor.kind === 'record'
      ? [this.#limits.recordsPerPeer, this.#limits.records]
      : [this.#limits.providersPerPeer, this.#limits.providers]
    if (this.heldFor(heldFor.peer, heldFor.kind) >= perPeer) {
      throw new DhtStoreFullError(`this node holds ${perPeer} ${heldFor.kind}s for peer ${heldFor.peer} already, its limit`)
    }
    if ((this.#held.get(heldFor.kind) ?? 0) >= total) {
      throw new DhtStoreFullError(`this node holds ${total} ${heldFor.kind}s for other peers already, its limit`)
    }
  }

  #count (heldFor: HeldFor, n: number): void {
    for (const key of [`${heldFor.kind} ${heldFor.peer}`, heldFor.kind]) {
      const count = (this.#held.get(key) ?? 0) + n
      if (count > 0) this.#held.set(key, count)
      else this.#held.delete(key)
    }
  }
}

function withoutUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
