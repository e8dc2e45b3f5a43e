import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { BlockFetcher } from './block-fetcher.js'
import { pushBlocks } from './block-protocol.js'
import { exportFeedCar } from './car.js'
import { DEFAULT_FEED_MODE, PAGE_LAYOUT, REPLICATION_FACTOR } from './constants.js'
import { verifyEntry } from './entry.js'
import { FeedUnavailableError, InvalidBlockError } from './errors.js'
import { cidKey } from './hash.js'
import { buildPages, chainsOf, encodeHeads, pageFirstSeq, verifyPage } from './pages.js'
import { pointerKey, signPointer, verifyPointer } from './pointer.js'
import { closestPeers, pageSlotKey } from './routing.js'
import type { FeedMode } from './constants.js'
import type { VerifiedEntry } from './entry.js'
import type { Block, ChainHeadRef, Page } from './pages.js'
import type { VerifiedPointer } from './pointer.js'
import type { FeedStore } from './store.js'
import type { RecordStore } from '../net/index.js'
import type { FeedNetwork } from './components.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import { timeoutSignal } from '../kernel/index.js'
import { StaleRecordError } from '../identity/index.js'
import { DHT_QUERY_TIMEOUT_MS, GET_QUORUM, PLACEMENT_TTL_MS } from '../net/index.js'

export interface RemoteLogInit {
  network: Pick<FeedNetwork, 'peerId' | 'dht' | 'dialer'>
  /** where the head pointer is put (the node's DHT record store) */
  records: Pick<RecordStore, 'put'>
  store: FeedStore
  /** blocks go to this many closest peers (default 3) */
  replication?: number
  now?: () => number
  /** the device chain this node writes, for `PublishReport.head` (default '': the first chain) */
  device?: string
}

/** Pages pushed at once by a publication. */
const PUSH_CONCURRENCY = 4
/** Tries per closest-peer lookup and per push to one peer. */
const PUSH_ATTEMPTS = 3
/** Page slots whose holders a node remembers (the head page's, and a few full ones). */
const SLOT_MEMORY = 16

/** Where one publication placed the remote log. */
export interface PublishReport {
  /** the head page of this node's device chain (of the first chain held, when it wrote none) */
  head: CID
  /** the block the pointer names: the heads block (the head page of every device chain) */
  headsBlock: CID
  /** peers closest to the heads block's CID that took it */
  headsHolders: number
  /** peers that took the head pointer */
  pointerHolders: number
  /** pages pushed (those changed since the last publication) */
  pagesPushed: number
  /**
   * per pushed page, oldest first: peers that took it, the fewer of the peers closest to
   * its CID (the page) and to its slot (the page with its entry blocks), 0..R
   */
  pageHolders: number[]
  /** entry blocks sent to slot holders, all peers together (the ones they lacked) */
  entryBlocksSent: number
}

/** The peers holding a page slot's blocks, with the entry blocks each took from us. */
interface SlotHolders {
  /** when the walk found them */
  found: number
  holders: Map<string, { peer: PeerId, has: Set<string> }>
}

async function forEachLimited<T> (items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** What one sync did. */
export interface SyncResult {
  /** entries newly stored */
  added: number
  /** the pointer's head seq (0 when no pointer was found) */
  headSeq: bigint
  /** peers that sent blocks that did not hash to their CIDs */
  badPeers: string[]
}

/**
 * The remote log of a feed: publishing one's own pages and head pointer, and syncing
 * anyone's feed from whichever peers hold its blocks. See docs/protocols/remote-log.md.
 */
export class RemoteLog {
  readonly #network: Pick<FeedNetwork, 'peerId' | 'dht' | 'dialer'>
  readonly #records: Pick<RecordStore, 'put'>
  readonly #store: FeedStore
  readonly #replication: number
  readonly #now: () => number
  readonly #device: string
  /**
   * per own author and device chain, what publications in this process did: the layout
   * they built, the newest seq whose pages were pushed, and the CIDs of the full pages,
   * oldest first
   */
  readonly #published = new Map<string, { mode: FeedMode, pushedSeq: number, fullPages: CID[] }>()
  /** per page slot key (latin1), its holders as the last walk found them, for PLACEMENT_TTL_MS */
  readonly #slots = new Map<string, SlotHolders>()
  #lastPublish?: PublishReport

  constructor (init: RemoteLogInit) {
    this.#network = init.network
    this.#records = init.records
    this.#store = init.store
    this.#replication = init.replication ?? REPLICATION_FACTOR
    this.#now = init.now ?? Date.now
    this.#device = init.device ?? ''
  }

  /**
   * Builds the pages of each device chain of an own feed that changed since the last
   * publication (all of them on the first one in this process, or after a change of
   * layout), the heads block naming every chain's head page, and publishes the head
   * pointer (its sequence number: the sum of the chains' seqs); pushes the heads block to
   * the R peers closest to its CID, and each changed page to the R peers closest to its CID
   * and, with the entry blocks it refers to, to the holders of its slot. A pointer refused
   * as older than one held (another device of the account published more) is followed by
   * a sync of the feed, which brings the other chains here, and one more try. Returns the
   * heads block's CID.
   */
  async publish (author: Uint8Array, signingSecret: Uint8Array, options?: AbortOptions): Promise<CID | undefined> {
    try {
      return await this.#publishOnce(author, signingSecret, options)
    } catch (err) {
      if (!(err instanceof StaleRecordError) && !(err instanceof FeedUnavailableError)) throw err
      await this.sync(author, options).catch(() => {})
      return this.#publishOnce(author, signingSecret, options)
    }
  }

  async #publishOnce (author: Uint8Array, signingSecret: Uint8Array, options?: AbortOptions): Promise<CID | undefined> {
    const mode = this.#store.mode(author) ?? DEFAULT_FEED_MODE
    const chains = this.#store.heads(author)
    if (chains.length === 0) return undefined
    const now = this.#now()
    const built = chains.map((chain) => this.#buildChain(author, chain.device, mode, now))
    const heads: ChainHeadRef[] = built.map((b) => ({ device: b.device, seq: Number(b.seq), page: b.head }))
    const headsBlock = encodeHeads({ author, heads })
    this.#store.putBlock(headsBlock.cid, headsBlock.data, author, now, true)
    const seq = built.reduce((sum, b) => sum + b.seq, 0n)
    const pointer = await signPointer(signingSecret, headsBlock.cid, seq)
    // the pointer first: it is small and names everything else; the heads block and pages follow
    const stored = await this.#putPointer(author, pointer, options)
    this.#store.setPointer(author, pointer, headsBlock.cid)
    // the heads block alongside the pages, not before them: a publication takes no longer than before devices
    const headsPush = this.#pushToClosest(headsBlock.cid.multihash.bytes, [headsBlock], options)
    const changed = built.flatMap((b) => b.changed.map((c) => ({ ...c, chain: b })))
    // a few pages at a time: each push has its own timeout, and a first publication of a
    // long feed (80 pages of 10,000 entries, each a DHT lookup and two PUTs to R peers that
    // verify every block) started all at once timed out on a loaded machine
    const holders = new Array<number>(changed.length).fill(0)
    let entryBlocksSent = 0
    await forEachLimited(changed, PUSH_CONCURRENCY, async ({ block, page, chain }, i) => {
      const refs = page.refs.map((r) => chain.byCid.get(r.toString())!).map((e) => ({ cid: e.cid, data: e.bytes }))
      // the page alone where a reader holding only the pointer (or a next link) looks for
      // it; the page with its entry blocks to the holders of its slot
      const [atCid, atSlot] = await Promise.all([
        this.#pushToClosest(block.cid.multihash.bytes, [block], options),
        this.#pushToSlot(pageSlotKey(author, pageFirstSeq(page), chain.device), block, refs, options)
      ])
      holders[i] = Math.min(atCid, atSlot.holders)
      entryBlocksSent += atSlot.sent
    })
    const headsHolders = await headsPush
    // pages no peer took are pushed again on the next publication
    for (const b of built) {
      const mine = changed.map((c, i) => ({ c, i })).filter(({ c }) => c.chain === b)
      const missed = mine.find(({ i }) => holders[i] === 0)
      const done = missed == null ? Number(b.seq) : missed.c.page.seq - 1
      b.state.pushedSeq = Math.max(b.pushedSeq, done)
    }
    const own = built.find((b) => b.device === this.#device) ?? built[0]
    this.#lastPublish = { head: own.head, headsBlock: headsBlock.cid, headsHolders, pointerHolders: stored, pagesPushed: changed.length, pageHolders: holders, entryBlocksSent }
    if (stored === 0) throw new FeedUnavailableError('no peer took the head pointer')
    return headsBlock.cid
  }

  /** The pages of one device chain from the first not yet pushed, stored here; what changed since the last push. */
  #buildChain (author: Uint8Array, device: string, mode: FeedMode, now: number): BuiltChain {
    const key = `${Buffer.from(author).toString('hex')}/${device}`
    const { perPage } = PAGE_LAYOUT[mode]
    let state = this.#published.get(key)
    if (state?.mode !== mode) state = { mode, pushedSeq: 0, fullPages: [] }
    const pushedSeq = state.pushedSeq
    // full pages never change: only the pages from the one holding the first entry not yet
    // pushed are built again, from their entries and the CID of the full page before them
    const firstPage = Math.min(Math.floor(pushedSeq / perPage), state.fullPages.length)
    const entries = this.#store.log(author, firstPage * perPage, undefined, device).map((e) => ({ seq: BigInt(e.seq), cid: e.cid, bytes: e.bytes }))
    const pages = buildPages(author, entries, mode, { page: firstPage, next: state.fullPages[firstPage - 1] ?? null }, device)
    this.#store.putBlocks(pages, author, now, true)
    state.fullPages = [...state.fullPages.slice(0, firstPage), ...pages.filter((_, i) => entries.length - i * perPage >= perPage).map((p) => p.cid)]
    this.#published.set(key, state)
    const changed = pages.map((block) => ({ block, page: dagCbor.decode(block.data) as Page })).filter(({ page }) => page.seq > pushedSeq)
    return { device, state, pushedSeq, head: pages.at(-1)!.cid, seq: entries.at(-1)!.seq, changed, byCid: new Map(entries.map((e) => [e.cid.toString(), e])) }
  }

  /** What the last publication placed: peers that took the pointer and each pushed page. */
  get lastPublish (): PublishReport | undefined {
    return this.#lastPublish
  }

  /**
   * Stores the pointer locally and at the closest peers (the same peers as last time, within
   * the record store's placement lifetime); resolves to how many peers took it.
   */
  async #putPointer (author: Uint8Array, pointer: Uint8Array, options?: AbortOptions): Promise<number> {
    return this.#records.put(pointerKey(author), pointer, { ...options, samePeers: true })
  }

  /** The R peers closest to `key`, the lookup tried up to PUSH_ATTEMPTS times. */
  async #closest (key: Uint8Array, options?: AbortOptions): Promise<PeerId[]> {
    let peers: PeerId[] = []
    for (let attempt = 1; attempt <= PUSH_ATTEMPTS && peers.length === 0; attempt++) {
      peers = await closestPeers(this.#network.dht, this.#network.peerId, key, this.#replication, options).catch(() => [])
    }
    return peers
  }

  /** Pushes `blocks` to `peer`, up to PUSH_ATTEMPTS tries; resolves to whether it took them. */
  async #pushTo (peer: PeerId, blocks: Block[], options?: AbortOptions): Promise<boolean> {
    for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
      try {
        await pushBlocks(this.#network.dialer, peer, blocks, options)
        return true
      } catch {
        if (options?.signal?.aborted === true) return false
      }
    }
    return false
  }

  /** Pushes `blocks` to the R peers closest to `key`; resolves to how many took them. */
  async #pushToClosest (key: Uint8Array, blocks: Block[], options?: AbortOptions): Promise<number> {
    const results = await Promise.all((await this.#closest(key, options)).map(async (peer) => this.#pushTo(peer, blocks, options)))
    return results.filter(Boolean).length
  }

  /**
   * Pushes a page with the entry blocks it refers to to the holders of its slot, each
   * holder only the entry blocks it has not taken from us before. The holders found by a
   * walk are kept for PLACEMENT_TTL_MS; after that, or when fewer than half of them took
   * the page, the next push walks again and sends them everything.
   */
  async #pushToSlot (slot: Uint8Array, page: Block, refs: Block[], options?: AbortOptions): Promise<{ holders: number, sent: number }> {
    const key = Buffer.from(slot).toString('latin1')
    let known = this.#slots.get(key)
    if (known == null || this.#now() - known.found > PLACEMENT_TTL_MS) {
      const peers = await this.#closest(slot, options)
      known = { found: this.#now(), holders: new Map(peers.map((peer) => [peer.toString(), { peer, has: new Set<string>() }])) }
      this.#slots.delete(key)
      this.#slots.set(key, known)
      if (this.#slots.size > SLOT_MEMORY) this.#slots.delete(this.#slots.keys().next().value!)
    }
    let sent = 0
    const results = await Promise.all([...known.holders.values()].map(async (holder) => {
      const missing = refs.filter((r) => !holder.has.has(cidKey(r.cid)))
      if (!await this.#pushTo(holder.peer, [page, ...missing], options)) return false
      for (const r of missing) holder.has.add(cidKey(r.cid))
      sent += missing.length
      return true
    }))
    const took = results.filter(Boolean).length
    if (took * 2 < known.holders.size || took === 0) this.#slots.delete(key)
    return { holders: took, sent }
  }

  /** The newest valid head pointer of `author` in the DHT (or the one we hold), or undefined. */
  async getPointer (author: Uint8Array, options?: AbortOptions): Promise<VerifiedPointer | undefined> {
    let best: VerifiedPointer | undefined
    const consider = async (bytes: Uint8Array): Promise<boolean> => {
      try {
        const pointer = await verifyPointer(author, bytes)
        if (best == null || pointer.seq > best.seq) best = pointer
        return true
      } catch {
        return false // invalid pointers from peers are ignored
      }
    }
    const held = this.#store.pointer(author)
    if (held != null) await consider(held)
    // like identity lookups: stop at a quorum of valid answers instead of walking the whole query
    const enough = new AbortController()
    let valid = 0
    try {
      for await (const event of this.#network.dht.get(pointerKey(author), { signal: AbortSignal.any([timeoutSignal(DHT_QUERY_TIMEOUT_MS, options), enough.signal]) })) {
        const value = event.name === 'VALUE' ? event.value : event.name === 'PEER_RESPONSE' ? event.record?.value : undefined
        if (value != null && await consider(value) && ++valid >= GET_QUORUM) {
          enough.abort()
          break
        }
      }
    } catch {} // whatever arrived before an error or timeout still counts
    if (best != null) this.#store.setPointer(author, best.bytes, best.headPage)
    return best
  }

  /** A CARv1 export of `author`'s remote log from its newest pointer: blocks held here first, the rest from the network. */
  async exportCar (author: Uint8Array, options?: AbortOptions): Promise<Uint8Array> {
    const pointer = await this.getPointer(author, options)
    if (pointer == null) throw new FeedUnavailableError('no head pointer found for this feed')
    const fetcher = new BlockFetcher(this.#network, author, [], options)
    return exportFeedCar(pointer.headPage, async (cid) => this.#store.getBlock(cid) ?? fetcher.get(cid))
  }

  /**
   * Syncs `author`'s feed: fetches the pointer and the heads block it names, and for each
   * device chain whose head is newer than what is held walks pages back from the chain's
   * head page to the newest entry already held, fetching blocks from any holder (followers
   * who provide the author's topic, the peers closest to each block), and stores the new
   * entries. Peers that send blocks not matching their CIDs are skipped for the rest of the
   * sync. Every block is reached by hash links from the pointer, which verified under the
   * author's key, so entries are checked in every way but their own signatures.
   */
  async sync (author: Uint8Array, options?: AbortOptions & { extraHolders?: PeerId[] }): Promise<SyncResult> {
    const pointer = await this.getPointer(author, options)
    if (pointer == null) throw new FeedUnavailableError('no head pointer found for this feed')
    const result: SyncResult = { added: 0, headSeq: pointer.seq, badPeers: [] }
    // a pointer from before devices names the one chain's head page, at its seq: nothing to fetch when we hold that far
    const first = this.#store.head(author)
    if (first != null && first.seq >= pointer.seq && this.#store.heads(author).length === 1) return result
    const fetcher = new BlockFetcher(this.#network, author, options?.extraHolders ?? [], options)
    const now = this.#now()
    const headData = this.#store.getBlock(pointer.headPage) ?? await fetcher.get(pointer.headPage)
    const chains = chainsOf(pointer.headPage, headData, author, pointer.seq)
    const collected: VerifiedEntry[] = []
    for (const chain of chains) {
      const have = this.#store.head(author, chain.device)
      if (have != null && have.seq >= BigInt(chain.seq)) continue
      collected.push(...await this.#walkChain(author, chain, have, fetcher, now))
    }
    this.#store.putBlock(pointer.headPage, headData, author, now)
    result.added = this.#store.append(collected, now)
    result.badPeers = fetcher.badPeers
    return result
  }

  /** The entries of one chain after `have`, oldest first, walked back from the chain's head page. */
  async #walkChain (author: Uint8Array, chain: ChainHeadRef, have: { seq: bigint } | undefined, fetcher: BlockFetcher, now: number): Promise<VerifiedEntry[]> {
    const entryOf = (data: Uint8Array, cid: CID): VerifiedEntry => {
      try {
        return verifyEntry(data, { author, authenticated: true, cid, now })
      } catch (err) {
        throw new InvalidBlockError('bad-entry', 'an entry block of the feed is invalid', { cause: err })
      }
    }
    const collected: VerifiedEntry[] = []
    const pages: Block[] = []
    let cid: CID | null = chain.page
    let expected = BigInt(chain.seq)
    try {
      walk: while (cid != null) {
        const data = await fetcher.get(cid)
        const { page, inline } = verifyPage(cid, data, author, { authenticated: true })
        if ((page.device ?? '') !== chain.device) throw new InvalidBlockError('not-contiguous', 'page belongs to another device chain')
        if (BigInt(page.seq) !== expected) throw new InvalidBlockError('not-contiguous', `page starts at seq ${page.seq}, expected ${expected}`)
        pages.push({ cid, data })
        for (const entry of inline) {
          if (have != null && entry.entry.seq <= have.seq) break walk
          collected.push(entry)
        }
        expected -= BigInt(inline.length)
        // the entries by CID this sync still needs, fetched together
        const wanted = have == null ? page.refs.length : Math.max(0, Math.min(page.refs.length, Number(expected - have.seq)))
        const refs = page.refs.slice(0, wanted).map((r) => CID.asCID(r)!)
        const blocks = await fetcher.getAll(refs, pageSlotKey(author, pageFirstSeq(page), chain.device))
        for (let i = 0; i < refs.length; i++) {
          const entry = entryOf(blocks[i], refs[i])
          if (entry.entry.seq !== expected || entry.entry.device !== chain.device) throw new InvalidBlockError('not-contiguous', `entry block has seq ${entry.entry.seq}, expected ${expected}`)
          collected.push(entry)
          expected--
        }
        if (have != null && expected <= have.seq) break
        cid = page.next == null ? null : CID.asCID(page.next)
      }
    } finally {
      // the pages walked are held and served, also when a later one could not be had
      this.#store.putBlocks(pages, author, now)
    }
    return collected.reverse()
  }
}

interface BuiltChain {
  device: string
  state: { mode: FeedMode, pushedSeq: number, fullPages: CID[] }
  /** the newest seq pushed before this publication */
  pushedSeq: number
  head: CID
  seq: bigint
  changed: Array<{ block: Block, page: Page }>
  byCid: Map<string, { cid: CID, bytes: Uint8Array }>
}
