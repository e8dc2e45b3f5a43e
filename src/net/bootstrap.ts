import { multiaddr } from '@multiformats/multiaddr'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { BOOTSTRAP_DIAL_TIMEOUT_MS, KNOWN_PEER_DIALS } from './constants.js'
import { timeoutSignal } from '../kernel/index.js'
import type { IdentifyResult, Libp2p } from '@libp2p/interface'

export interface BootstrapResult {
  reached: string[]
  unreachable: Array<{ addr: string, error: string }>
}

/** Dials every bootstrap address at once; a node that reaches none still runs. */
export async function dialBootstrap (node: Pick<Libp2p, 'dial'>, addrs: string[], signal?: AbortSignal): Promise<BootstrapResult> {
  const result: BootstrapResult = { reached: [], unreachable: [] }
  await Promise.all(addrs.map(async (addr) => {
    try {
      await node.dial(multiaddr(addr), { signal: timeoutSignal(BOOTSTRAP_DIAL_TIMEOUT_MS, { signal }) })
      result.reached.push(addr)
    } catch (err: any) {
      result.unreachable.push({ addr, error: err.message ?? String(err) })
    }
  }))
  return result
}

/**
 * Peer store metadata of a peer this node was connected to: when it last identified
 * itself (ms since the epoch, as decimal text) and the addresses it listened on then (one
 * multiaddr a line). The peer store lives in the node's database, so both survive a
 * restart. The addresses are kept apart from the peer store's own, which it stops using
 * an hour after it first saw them (libp2p's maxAddressAge), however often they were
 * confirmed since.
 */
export const LAST_CONNECTED_KEY = 'parley-last-connected'
export const LISTEN_ADDRS_KEY = 'parley-listen-addrs'

/**
 * Notes in the peer store each peer that identifies itself on a connection, with the time
 * and its listen addresses (LAST_CONNECTED_KEY, LISTEN_ADDRS_KEY); returns the function
 * that stops it.
 */
export function rememberConnections (node: Pick<Libp2p, 'addEventListener' | 'removeEventListener' | 'peerStore'>, now: () => number = Date.now): () => void {
  const onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    const { peerId, listenAddrs } = event.detail
    if (listenAddrs.length === 0) return // a client that cannot be dialled back
    node.peerStore.merge(peerId, {
      metadata: {
        [LAST_CONNECTED_KEY]: fromString(String(now())),
        [LISTEN_ADDRS_KEY]: fromString(listenAddrs.map((a) => a.toString()).join('\n'))
      }
    }).catch(() => {}) // a node stopping meanwhile: the next connection notes it again
  }
  node.addEventListener('peer:identify', onIdentify)
  return () => { node.removeEventListener('peer:identify', onIdentify) }
}

export interface KnownPeersResult {
  /** how many peers it dialled */
  tried: number
  /** the peer ids it reached */
  reached: string[]
}

/**
 * Dials, at once, the `limit` (default KNOWN_PEER_DIALS) peers not connected now that this
 * node was connected to most recently, at the addresses they listened on then: a restarted
 * node finds its network again when its bootstrap peers are down.
 */
export async function dialKnownPeers (node: Pick<Libp2p, 'dial' | 'getPeers' | 'peerStore'>, limit = KNOWN_PEER_DIALS, signal?: AbortSignal): Promise<KnownPeersResult> {
  const connected = new Set(node.getPeers().map((p) => p.toString()))
  const known = await node.peerStore.all({
    filters: [(peer) => peer.metadata.has(LISTEN_ADDRS_KEY) && !connected.has(peer.id.toString())],
    signal
  })
  const lastConnected = (peer: typeof known[number]): number => Number(toString(peer.metadata.get(LAST_CONNECTED_KEY) ?? new Uint8Array()))
  const chosen = known.sort((a, b) => lastConnected(b) - lastConnected(a)).slice(0, limit)
  const reached: string[] = []
  await Promise.all(chosen.map(async (peer) => {
    try {
      const addrs = toString(peer.metadata.get(LISTEN_ADDRS_KEY)!).split('\n')
        .map((a) => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${peer.id.toString()}`))
      await node.dial(addrs, { signal: timeoutSignal(BOOTSTRAP_DIAL_TIMEOUT_MS, { signal }) })
      reached.push(peer.id.toString())
    } catch {} // gone, or at another address now: the bootstrap peers and the DHT find the rest
  }))
  return { tried: chosen.length, reached }
}
