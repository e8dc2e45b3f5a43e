import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { PING_SAMPLES, PING_TIMEOUT_MS } from './constants.js'
import type { NetworkComponents, PeerStore } from '../net/index.js'

/**
 * Round-trip times to other members for the host choice: the median of several libp2p
 * pings to each, in ms; null when none answered (the member ranks as unreachable).
 */
export async function measureRtts (components: { peerStore: Pick<PeerStore, 'merge'>, ping: Pick<NetworkComponents['ping'], 'ping'> }, members: Array<{ userId: string, peerId: string, addrs: string[] }>): Promise<Record<string, number | null>> {
  const entries = await Promise.all(members.map(async (m) => {
    const id = peerIdFromString(m.peerId)
    await components.peerStore.merge(id, { multiaddrs: m.addrs.map((a) => multiaddr(a)) }).catch(() => {})
    const samples: number[] = []
    for (let i = 0; i < PING_SAMPLES; i++) {
      try {
        samples.push(await components.ping.ping(id, { signal: AbortSignal.timeout(PING_TIMEOUT_MS) }))
      } catch {}
    }
    samples.sort((a, b) => a - b)
    return [m.userId, samples.length === 0 ? null : samples[Math.floor(samples.length / 2)]] as const
  }))
  return Object.fromEntries(entries)
}
