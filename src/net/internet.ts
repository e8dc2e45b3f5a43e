import { isLoopback, isPrivate } from '@libp2p/utils'
import { CODE_P2P_CIRCUIT } from '@multiformats/multiaddr'
import type { Connection, ConnectionGater, MultiaddrConnection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * Where a node runs. 'internet' (the default) is safe among strangers: the DHT serves only
 * once the node is publicly reachable, private and loopback addresses stay home, one IP
 * address gets a bounded share of connections, gossipsub scores many peers behind one IP
 * down. 'local' is for a network on one machine or one LAN (`parley devnet`, tests,
 * benchmarks): every node serves the DHT, every address is shared, no per-address limits.
 */
export type NetworkScope = 'internet' | 'local'

function isRelayed (ma: Multiaddr): boolean {
  return ma.getComponents().some((c) => c.code === CODE_P2P_CIRCUIT)
}

/** Whether a connection runs through a relay (and may carry limits) rather than directly. */
export function isRelayedConnection (connection: Pick<Connection, 'remoteAddr' | 'limits'>): boolean {
  return connection.limits != null || isRelayed(connection.remoteAddr)
}

/**
 * The addresses of this node that others may be given, in its profile and its DHT
 * answers: on the internet, public and relayed ones; loopback never leaves a machine.
 */
export function shareableAddresses (addrs: Multiaddr[], scope: NetworkScope): Multiaddr[] {
  if (scope === 'local') return addrs
  return addrs.filter((ma) => isRelayed(ma) || (!isLoopback(ma) && !isPrivate(ma)))
}

function remoteIp (ma: Multiaddr): string | undefined {
  if (isRelayed(ma)) return undefined // many peers arrive through one relay
  const ip = ma.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')
  return ip?.value
}

/**
 * A connection gater that admits at most `maxPerIp` inbound connections from one remote
 * IP address (relayed connections are not counted against their relay's address), and
 * defers everything else to `base`. It counts the raw connections it admitted until they
 * close, not the upgraded ones: a burst of dials that all arrive before the first
 * handshake ends would otherwise all pass (20 of 20 did on loopback).
 */
export function perAddressGater (maxPerIp: number, base: ConnectionGater = {}): ConnectionGater {
  const admitted = new Map<string, Set<MultiaddrConnection>>()
  return {
    ...base,
    denyInboundConnection: async (maConn: MultiaddrConnection) => {
      if (await base.denyInboundConnection?.(maConn) === true) return true
      const ip = remoteIp(maConn.remoteAddr)
      if (ip == null) return false
      const held = admitted.get(ip) ?? new Set()
      // a close event missed for any reason must not shut the address out for good
      for (const conn of held) if (conn.status !== 'open' && conn.status !== 'closing') held.delete(conn)
      if (held.size >= maxPerIp) return true
      held.add(maConn)
      admitted.set(ip, held)
      maConn.addEventListener('close', () => {
        held.delete(maConn)
        if (held.size === 0 && admitted.get(ip) === held) admitted.delete(ip)
      }, { once: true })
      return false
    }
  }
}

/**
 * What a node's own advertised addresses say about how others reach it: 'public' with a
 * direct address (confirmed by AutoNAT or announced), 'relayed' with only relay addresses,
 * 'unknown' with neither; and the relays it holds a reservation on.
 */
export function reachabilityOf (addrs: Multiaddr[]): { reachability: 'public' | 'relayed' | 'unknown', relays: string[] } {
  const relays = new Set<string>()
  let direct = false
  for (const ma of addrs) {
    if (isRelayed(ma)) {
      const relay = ma.getComponents().find((c) => c.name === 'p2p')?.value
      if (relay != null) relays.add(relay)
    } else if (!isLoopback(ma) && !isPrivate(ma)) {
      direct = true
    }
  }
  return { reachability: direct ? 'public' : relays.size > 0 ? 'relayed' : 'unknown', relays: [...relays] }
}
