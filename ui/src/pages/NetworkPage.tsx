import { api } from '../api.ts'
import { EmptyState, Loadable } from '../components/Notes.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { useSession } from '../session.tsx'
import type { NetworkView } from '../types.ts'
import type { ReactNode } from 'react'

const REACHABILITY = {
  public: 'directly, at a public address',
  relayed: 'through relays (behind a NAT)',
  unknown: 'not yet: no public address and no relay'
}

function clockText (skewMs: number): string {
  const seconds = Math.round(Math.abs(skewMs) / 1000)
  if (seconds < 2) return 'in step with its peers'
  return `${seconds} s ${skewMs > 0 ? 'behind' : 'ahead of'} its peers`
}

/** One entry per peer: libp2p may hold several connections to the same peer. */
function byPeer (peers: NetworkView['peers']): NetworkView['peers'] {
  const merged = new Map<string, Set<string>>()
  for (const peer of peers) {
    const addresses = merged.get(peer.peerId) ?? new Set()
    for (const address of peer.addresses) addresses.add(address)
    merged.set(peer.peerId, addresses)
  }
  return [...merged].map(([peerId, addresses]) => ({ peerId, addresses: [...addresses] }))
}

/** This node: peer id, listen addresses, connected peers and DHT size, live on presence events. */
export function NetworkPage (): ReactNode {
  const { token } = useSession()
  const network = useLoad(async () => api<NetworkView>('GET', '/api/network', token), 'network')
  useLiveEvent(['presence'], network.reload)
  return (
    <main id="main" tabIndex={-1}>
      <h1>Network</h1>
      <Loadable data={network.data} error={network.error} what="the network" feature="Network details">
        {(net) => {
          const peers = byPeer(net.peers)
          return (
          <>
            <section className="card">
              <h2>This node</h2>
              <dl className="facts">
                <dt>Peer id</dt><dd className="mono" data-testid="peer-id">{net.peerId}</dd>
                <dt>Addresses</dt>
                <dd><ul className="plain mono">{net.addresses.map((a) => <li key={a}>{a}</li>)}</ul></dd>
                <dt>DHT routing table</dt><dd data-testid="dht-size">{net.dht.routingTableSize} peer{net.dht.routingTableSize === 1 ? '' : 's'}</dd>
                <dt>Held for other peers</dt><dd data-testid="dht-held">{net.dht.heldForOthers.records} DHT records, {net.dht.heldForOthers.providers} provider records</dd>

                {net.reachability != null && <><dt>Reachable</dt><dd data-testid="reachability">{REACHABILITY[net.reachability]}</dd></>}
                {(net.relays ?? []).length > 0 && <><dt>Relays</dt><dd><ul className="plain mono">{net.relays!.map((r) => <li key={r}>{r}</li>)}</ul></dd></>}
                {net.clockSkewMs != null && <><dt>Clock</dt><dd data-testid="clock-skew">{clockText(net.clockSkewMs)}</dd></>}
              </dl>
            </section>
            <section className="card">
              <h2>Connected peers <span className="count" data-testid="peer-count">{peers.length}</span></h2>
              {peers.length === 0
                ? <EmptyState title="No peers connected.">This node is offline: it keeps retrying its bootstrap peers every few seconds.</EmptyState>
                : (
                  <ul className="plain peers" aria-label="Connected peers">
                    {peers.map((p) => (
                      <li key={p.peerId} data-testid="peer">
                        <span className="mono">{p.peerId}</span>
                        {p.addresses.map((a) => <span key={a} className="muted mono small">{a}</span>)}
                      </li>
                    ))}
                  </ul>
                  )}
            </section>
          </>
          )
        }}
      </Loadable>
    </main>
  )
}
