import { REPLICATION_FACTOR } from './constants.js'
import { fetchBlocks } from './block-protocol.js'
import { FeedUnavailableError } from './errors.js'
import { cidKey } from './hash.js'
import { closestPeers, findProviders, topicKey } from './routing.js'
import type { FeedNetwork } from './components.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/**
 * Gets blocks of one feed from whoever holds them, checking each against its CID. Sources,
 * in order: the peer that answered last, peers named by the caller, followers that provide
 * the author's topic, the peers closest to the slot of the page that refers to the blocks
 * (a page's entry blocks are pushed there with it), the peers closest to the block itself.
 */
export class BlockFetcher {
  readonly #network: Pick<FeedNetwork, 'peerId' | 'dht' | 'dialer'>
  readonly #author: Uint8Array
  readonly #options?: AbortOptions
  readonly #blocks = new Map<string, Uint8Array>()
  readonly #bad = new Set<string>()
  readonly #tried = new Map<string, Set<string>>()
  #providers?: PeerId[]
  #sticky?: PeerId
  readonly #extra: PeerId[]

  constructor (network: Pick<FeedNetwork, 'peerId' | 'dht' | 'dialer'>, author: Uint8Array, extra: PeerId[], options?: AbortOptions) {
    this.#network = network
    this.#author = author
    this.#extra = extra
    this.#options = options
  }

  get badPeers (): string[] {
    return [...this.#bad]
  }

  /** One block; `slot` is the slot key of the page that refers to it, if any. */
  async get (cid: CID, slot?: Uint8Array): Promise<Uint8Array> {
    return (await this.getAll([cid], slot))[0]
  }

  /**
   * Blocks by CID, in the order asked; missing ones are asked of each source in one
   * request (a page's entry blocks usually come from the same holder). A page is asked
   * for with what it links to, so one holder of the whole feed answers a sync in one go.
   * `slot`: the slot key (pageSlotKey) of the page whose entry blocks these are.
   */
  async getAll (cids: CID[], slot?: Uint8Array): Promise<Uint8Array[]> {
    const missing = (): CID[] => cids.filter((c) => !this.#blocks.has(cidKey(c)))
    if (missing().length > 0) {
      const dht = this.#network.dht
      const self = this.#network.peerId
      const around = async (key: Uint8Array, count: number): Promise<PeerId[]> => closestPeers(dht, self, key, count, this.#options).catch(() => [])
      const sources: Array<() => Promise<PeerId[]>> = [
        async () => this.#sticky == null ? [] : [this.#sticky],
        async () => this.#extra,
        async () => (this.#providers ??= (await findProviders(dht, self, topicKey(this.#author), 20, this.#options).catch(() => [])).map((p) => p.id)),
        async () => slot == null ? [] : around(slot, REPLICATION_FACTOR * 2),
        async () => around(cids[0].multihash.bytes, REPLICATION_FACTOR * 2)
      ]
      const key = cids.map(cidKey).join(',')
      const tried = this.#tried.get(key) ?? new Set<string>()
      this.#tried.set(key, tried)
      search: for (const source of sources) {
        for (const peer of await source()) {
          const id = peer.toString()
          if (this.#bad.has(id) || tried.has(id)) continue
          tried.add(id)
          const wanted = missing()
          try {
            for await (const block of fetchBlocks(this.#network.dialer, peer, wanted, slot == null, this.#options)) {
              const key = cidKey(block.cid)
              if (!this.#blocks.has(key)) this.#blocks.set(key, block.data)
            }
          } catch (err: any) {
            if (err.name === 'InvalidBlockError') this.#bad.add(id)
            continue
          }
          const left = missing().length
          if (left < wanted.length) this.#sticky = peer
          if (left === 0) break search
        }
      }
      const still = missing()
      if (still.length > 0) throw new FeedUnavailableError(`no reachable peer holds block ${still[0].toString()}`)
    }
    return cids.map((c) => this.#blocks.get(cidKey(c))!)
  }
}
