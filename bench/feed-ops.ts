/**
 * The feed scenario's operations on nodes of a thread network (threads/network.ts): they
 * run in the node's worker thread; times are `now()`, comparable between threads.
 */
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import { postBody, signEntry, verifyEntry } from '../src/feed/entry.js'
import { gossipTopic } from '../src/feed/routing.js'
import { EntryKind, FeedEntry, SignedEntry } from '../src/feed/wire.js'
import { now } from './threads/protocol.js'
import type { NodeOps } from './threads/protocol.js'

export const NAIVE_PROTOCOL = '/parley-bench/naive-fanout/1.0.0'

const UTF8 = new TextDecoder()

/** A post's text, decoded without checks: the feed's topic validator verified the entry already. */
function postText (bytes: Uint8Array): string {
  return UTF8.decode(FeedEntry.decode(SignedEntry.decode(bytes).payload).body)
}

/** An arrival event: which post, at which node, when. */
export interface Arrival {
  text: string
  node: number
  at: number
}

export const ops: NodeOps = {
  peerId: (node) => node.libp2p.peerId.toString(),

  register: async (node, { username, password }: { username: string, password: string }) => {
    const session = await node.accounts.register(username, password)
    return { username: session.username, userKey: session.keys.userKey }
  },

  /** holds the author's feed without an account (FeedService.watch) */
  watch: async (node, { author }: { author: Uint8Array }) => { await node.feed.watch(author) },

  /**
   * Emits an `arrival` when gossipsub delivers a post of `author` to this node: after the
   * topic validator verified the entry (the feed stores it in that tick).
   */
  watchArrivals: (node, { author, index }: { author: Uint8Array, index: number }, context) => {
    const topic = gossipTopic(author)
    node.libp2p.services.pubsub.addEventListener('message', (event) => {
      if (event.detail.topic !== topic) return
      const at = now()
      context.emit('arrival', { text: postText(event.detail.data), node: index, at } satisfies Arrival)
    })
  },

  gossipStats: (node) => ({ ...node.feed.gossipStats }),

  /** publishes a post; resolves to when it started, once the remote-log update ended or ran out of `budgetMs` */
  publish: async (node, { text, budgetMs }: { text: string, budgetMs: number }) => {
    const started = now()
    await node.feed.publish(text)
    await node.feed.publicationSettled({ signal: AbortSignal.timeout(budgetMs) }).catch(() => {})
    return started
  },

  /** the baseline's receiving end: emits `naive-arrival` for each entry that comes in */
  naiveHandle: async (node, { index }: { index: number }, context) => {
    await node.libp2p.handle(NAIVE_PROTOCOL, async (stream) => {
      const bytes = await lpStream(stream).read()
      const at = now()
      context.emit('naive-arrival', { text: verifyEntry(bytes.subarray()).text ?? '', node: index, at } satisfies Arrival)
      await stream.close()
    })
  },

  naiveUnhandle: async (node) => { await node.libp2p.unhandle(NAIVE_PROTOCOL) },

  /** the naive publisher keeps one connection per follower: opens them; resolves to how many it has */
  naiveConnect: async (node, { peers }: { peers: string[] }) => {
    const dialed = await Promise.allSettled(peers.map(async (peer) => node.libp2p.dial(peerIdFromString(peer), { signal: AbortSignal.timeout(30_000) })))
    return dialed.filter((d) => d.status === 'fulfilled').length
  },

  /** signs a post, appends it to the author's own log and writes it to every peer on a stream of its own */
  naivePost: async (node, { text, peers, timeoutMs }: { text: string, peers: string[], timeoutMs: number }) => {
    const session = node.session
    if (session == null) throw new Error('the naive publisher is not logged in')
    const me = session.keys.userKey
    const head = node.feed.store.head(me)
    const started = now()
    const entry = signEntry({ author: me, seq: (head?.seq ?? 0n) + 1n, prev: head?.cid, timestamp: { wall: Date.now(), counter: 0 }, kind: EntryKind.POST, body: postBody(text) }, session.keys.signingSecret)
    node.feed.store.append([entry], Date.now(), true)
    const sent = await Promise.allSettled(peers.map(async (peer) => {
      const stream = await node.libp2p.dialProtocol(peerIdFromString(peer), NAIVE_PROTOCOL, { signal: AbortSignal.timeout(timeoutMs) })
      await lpStream(stream).write(entry.bytes)
      await stream.close()
    }))
    const copies = sent.filter((s) => s.status === 'fulfilled').length
    return { started, copies, bytes: copies * entry.bytes.byteLength }
  }
}
