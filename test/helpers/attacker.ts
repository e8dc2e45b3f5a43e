import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { MessageType, kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { Libp2pRecord } from '@libp2p/record'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { DHT_PROTOCOL } from '../../src/net/index.js'
import type { Libp2p, PeerId } from '@libp2p/interface'

const acceptAnything = async (): Promise<void> => {}

/**
 * A peer that speaks Parley's DHT protocol but validates nothing, and sends PUT_VALUE
 * straight to a chosen peer: the way to hand each honest node a bad record.
 */
export class DhtAttacker {
  readonly node: Libp2p<{ dht: any, identify: any, ping: any }>

  private constructor (node: Libp2p<{ dht: any, identify: any, ping: any }>) {
    this.node = node
  }

  static async start (bootstrap: string): Promise<DhtAttacker> {
    const permissive = { 'parley-name': acceptAnything, 'parley-profile': acceptAnything, 'parley-keystore': acceptAnything }
    const node = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        ping: ping(),
        dht: kadDHT({ protocol: DHT_PROTOCOL, clientMode: false, peerInfoMapper: passthroughMapper, validators: permissive, selectors: { 'parley-name': () => 0, 'parley-profile': () => 0, 'parley-keystore': () => 0 } })
      }
    })
    await node.dial(multiaddr(bootstrap))
    return new DhtAttacker(node)
  }

  /** Sends one PUT_VALUE to `peer`; true when the peer stored it and echoed it back. */
  async putTo (peer: PeerId, key: Uint8Array, value: Uint8Array): Promise<boolean> {
    const record = new Libp2pRecord(key, value, new Date()).serialize()
    const network = this.node.services.dht.network
    let accepted = false
    for await (const event of network.sendRequest(peer, { type: MessageType.PUT_VALUE, key, record }, { signal: AbortSignal.timeout(5_000), path: { index: 0, queued: 0, running: 0, total: 0 } })) {
      if (event.name === 'PEER_RESPONSE' && event.record != null) accepted = true
    }
    return accepted
  }

  async stop (): Promise<void> {
    await this.node.stop()
  }
}
