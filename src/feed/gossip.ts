import { TopicValidatorResult } from '@libp2p/gossipsub'
import { MESH_DIALS } from './constants.js'
import { verifyEntry } from './entry.js'
import { findProviders, gossipTopic, topicKey } from './routing.js'
import type { VerifiedEntry } from './entry.js'
import type { GossipsubMessage, Message } from '@libp2p/gossipsub'
import type { FeedNetwork } from './components.js'
import type { Logger } from '../kernel/index.js'
import type { PeerId } from '@libp2p/interface'

/** How long a publisher waits for gossipsub to learn its new topic peers. */
const MESH_WAIT_MS = 2_000
/** How soon a node looks for topic peers again after finding too few. */
const MESH_RETRY_MS = 30_000
const DIAL_TIMEOUT_MS = 5_000

export interface FeedGossipInit {
  network: Pick<FeedNetwork, 'peerId' | 'dht' | 'dialer' | 'peerStore' | 'pubsub'>
  /** a valid entry by the topic's author arrived; `from` is the peer that passed it on (it holds the entry) */
  onEntry: (entry: VerifiedEntry, from: PeerId) => void
  now: () => number
  logger: Logger
}

/**
 * Live dissemination: one gossipsub topic per author, joined by the author and its
 * followers, and the mesh around it formed from the topic key's DHT providers (a node dials
 * at most MESH_DIALS of them, so an author never dials each follower).
 */
export class FeedGossip {
  readonly #init: FeedGossipInit
  readonly #topics = new Map<string, Uint8Array>()
  readonly #meshJoinedAt = new Map<string, number>()
  /** what the topic validator made of each message it accepted: handling it decodes nothing again */
  readonly #verified = new WeakMap<Message, VerifiedEntry>()
  /** entries that arrived in this event-loop turn, handed on in the next (see #onMessage) */
  #arrived: Array<{ entry: VerifiedEntry, from: PeerId }> = []
  #handOn?: NodeJS.Immediate
  /** what this node's own publications cost: copies sent and their entry bytes */
  readonly stats = { copies: 0, bytes: 0 }

  constructor (init: FeedGossipInit) {
    this.#init = init
  }

  start (): void {
    this.#init.network.pubsub.addEventListener('gossipsub:message', this.#onMessage)
  }

  stop (): void {
    this.#init.network.pubsub.removeEventListener('gossipsub:message', this.#onMessage)
    this.#handOnArrived()
    this.leaveAll()
  }

  /** Subscribes to an author's topic, accepting only valid entries by that author. */
  join (author: Uint8Array): void {
    const topic = gossipTopic(author)
    if (this.#topics.has(topic)) return
    this.#topics.set(topic, author)
    const pubsub = this.#init.network.pubsub
    pubsub.topicValidators.set(topic, (_peer, message) => {
      try {
        this.#verified.set(message, verifyEntry(message.data, { author, now: this.#init.now() }))
        return TopicValidatorResult.Accept
      } catch {
        return TopicValidatorResult.Reject
      }
    })
    pubsub.subscribe(topic)
  }

  leave (author: Uint8Array): void {
    const topic = gossipTopic(author)
    if (!this.#topics.delete(topic)) return
    this.#init.network.pubsub.unsubscribe(topic)
    this.#init.network.pubsub.topicValidators.delete(topic)
  }

  leaveAll (): void {
    for (const author of [...this.#topics.values()]) this.leave(author)
  }

  /** Publishes an own entry to the author's topic, first joining the mesh if it looks thin. */
  async publish (entry: VerifiedEntry): Promise<void> {
    const author = entry.entry.author
    await this.ensureMesh(author, true)
    const result = await this.#init.network.pubsub.publish(gossipTopic(author), entry.bytes)
    this.stats.copies += result.recipients.length
    this.stats.bytes += result.recipients.length * entry.bytes.byteLength
  }

  /** Dials a few peers of an author's topic (its followers, from the DHT); resolves to how many are connected. */
  async joinMesh (author: Uint8Array): Promise<number> {
    const { network } = this.#init
    const providers = await findProviders(network.dht, network.peerId, topicKey(author), MESH_DIALS * 2)
    const connected = new Set(network.dialer.getPeers().map((p) => p.toString()))
    const already = providers.filter((p) => connected.has(p.id.toString())).length
    const toDial = providers.filter((p) => !connected.has(p.id.toString())).slice(0, Math.max(0, MESH_DIALS - already))
    const dials = await Promise.allSettled(toDial.map(async (p) => {
      if (p.multiaddrs.length > 0) await network.peerStore.merge(p.id, { multiaddrs: p.multiaddrs })
      await network.dialer.dial(p.id, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
    }))
    return already + dials.filter((d) => d.status === 'fulfilled').length
  }

  /**
   * Joins an author's mesh when this node knows fewer than two subscribers of the topic
   * (at most every 30 s); with `wait`, gives gossipsub a moment to learn the new peers.
   */
  async ensureMesh (author: Uint8Array, wait: boolean): Promise<void> {
    const topic = gossipTopic(author)
    const pubsub = this.#init.network.pubsub
    if (pubsub.getSubscribers(topic).length >= 2) return
    if (this.#init.now() - (this.#meshJoinedAt.get(topic) ?? 0) < MESH_RETRY_MS) return
    this.#meshJoinedAt.set(topic, this.#init.now())
    const dialed = await this.joinMesh(author).catch(() => 0)
    const deadline = this.#init.now() + MESH_WAIT_MS
    while (wait && dialed > 0 && pubsub.getSubscribers(topic).length === 0 && this.#init.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /**
   * gossipsub announces a message before it forwards it, in the same call: storing it here
   * (SQLite, events) would hold up the next hop, so entries are handed on in the next
   * event-loop turn, after the forwarding, all of one turn together.
   */
  readonly #onMessage = (event: CustomEvent<GossipsubMessage>): void => {
    const { msg, propagationSource } = event.detail
    const author = this.#topics.get(msg.topic)
    if (author == null) return
    let entry = this.#verified.get(msg)
    if (entry == null) {
      try {
        entry = verifyEntry(msg.data, { author, now: this.#init.now() })
      } catch {
        return
      }
    }
    this.#arrived.push({ entry, from: propagationSource })
    this.#handOn ??= setImmediate(() => { this.#handOnArrived() })
  }

  #handOnArrived (): void {
    if (this.#handOn != null) clearImmediate(this.#handOn)
    this.#handOn = undefined
    const arrived = this.#arrived
    this.#arrived = []
    for (const { entry, from } of arrived) {
      try {
        this.#init.onEntry(entry, from)
      } catch (err: any) {
        this.#init.logger.error('feed: a gossiped entry was not handled', err.message)
      }
    }
  }
}
