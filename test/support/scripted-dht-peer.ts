import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { Libp2pRecord } from '@libp2p/record'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { toString } from 'uint8arrays/to-string'
import { DHT_PROTOCOL, askForRecord, putRecordTo } from '../../src/net/index.js'
import { KadMessage } from '../../src/net/kad.js'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'

/** What a scripted peer answers to a GET_VALUE: a record value, nothing held, or no answer at all. */
export type GetValueScript = (key: Uint8Array) => { value: Uint8Array } | 'none' | 'hang'

/**
 * A peer that speaks Parley's DHT protocol with no kad-dht behind it: it accepts every
 * PUT, knows no closer peers, answers GET_VALUE as scripted and counts the GET_VALUEs it
 * gets per key. It dials the given peers, which take it into their routing tables like
 * any DHT server. Its `putTo` hands one node a record directly, bad ones included.
 */
export class ScriptedDhtPeer {
  readonly node: Libp2p
  script: GetValueScript = () => 'none'
  /** when true, PUT_VALUEs are counted and never answered: a publication waits on this peer until its timeout (default false) */
  holdPuts = false
  /** requests received, per message type and key */
  readonly #requests = new Map<string, number>()
  readonly #hanging = new Set<() => void>()

  private constructor (node: Libp2p) {
    this.node = node
  }

  static async start (peers: string[], privateKey?: PrivateKey): Promise<ScriptedDhtPeer> {
    const node = await createLibp2p({
      privateKey,
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), ping: ping() }
    })
    const peer = new ScriptedDhtPeer(node)
    await node.handle(DHT_PROTOCOL, async (stream) => {
      const lp = lpStream(stream)
      try {
        for (;;) {
          const request = KadMessage.decode(await lp.read())
          const answer = await peer.#answer(request)
          if (answer == null) return
          await lp.write(KadMessage.encode(answer))
        }
      } catch {
        stream.abort(new Error('closed'))
      }
    })
    await Promise.all(peers.map(async (addr) => node.dial(multiaddr(addr))))
    return peer
  }

  /** Sends one PUT_VALUE straight to `peer`; true when it stored the record and echoed it. */
  async putTo (peer: PeerId, key: Uint8Array, value: Uint8Array): Promise<boolean> {
    return putRecordTo(this.node, peer, key, value, AbortSignal.timeout(5_000)).catch(() => false)
  }

  /** Asks the peer at `addr` (with its /p2p/ id) for the record it holds under `key`: its value, or undefined. */
  async getFrom (addr: Multiaddr, key: Uint8Array): Promise<Uint8Array | undefined> {
    return askForRecord(this.node, addr, key, AbortSignal.timeout(5_000))
  }

  /** GET_VALUE requests received for `key` so far. */
  getsFor (key: Uint8Array): number {
    return this.requestsFor(KadMessage.MessageType.GET_VALUE, key)
  }

  /** Requests of one type (GET_VALUE, PUT_VALUE, FIND_NODE…) received for `key` so far. */
  requestsFor (type: KadMessage.MessageType, key: Uint8Array): number {
    return this.#requests.get(`${type}/${toString(key, 'base64')}`) ?? 0
  }

  async #answer (request: KadMessage): Promise<KadMessage | undefined> {
    const id = `${request.type}/${toString(request.key, 'base64')}`
    this.#requests.set(id, (this.#requests.get(id) ?? 0) + 1)
    const held = request.type === KadMessage.MessageType.PUT_VALUE && this.holdPuts
    if (request.type !== KadMessage.MessageType.GET_VALUE && !held) return request // PUT echoed (accepted), others: no peers known
    const scripted = held ? 'hang' : this.script(request.key)
    if (scripted === 'hang') {
      await new Promise<void>((resolve) => { this.#hanging.add(resolve) })
      return undefined
    }
    if (scripted === 'none') return { type: request.type, key: request.key }
    return { type: request.type, key: request.key, record: new Libp2pRecord(request.key, scripted.value, new Date()).serialize() }
  }

  /** Ends every request held so far unanswered (its stream closes). */
  releaseHeld (): void {
    for (const release of this.#hanging) release()
    this.#hanging.clear()
  }

  async stop (): Promise<void> {
    this.releaseHeld()
    await this.node.stop()
  }
}
