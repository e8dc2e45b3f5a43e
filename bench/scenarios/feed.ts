/**
 * Feed dissemination and remote-log sync on in-process nodes (memory transport):
 * - one author, 100 followers (nodes holding its feed): time until each of 100 posts
 *   reaches 50 and all 100 of them (gossipsub, one topic per author), and the copies the
 *   publisher sends;
 *   beside a naive fan-out that opens one stream per follower and sends each a copy;
 * - a 10,000-entry feed synced from the network while its author is offline.
 */
import { lpStream } from '@libp2p/utils'
import { postBody, signEntry, verifyEntry } from '../../src/feed/entry.js'
import { gossipTopic } from '../../src/feed/routing.js'
import { EntryKind } from '../../src/feed/wire.js'
import { startMemoryNetwork, waitForRoutingTables } from '../memory-network.js'
import { cdf, mean, percentile, round } from '../stats.js'
import type { Parley } from '../../src/app/index.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

const FOLLOWERS = 100
const POSTS = 100
const WARMUP_POSTS = 5
const SYNC_ENTRIES = 10_000
const SYNC_CACHING_FOLLOWERS = 3
const PASSWORD = 'bench-password'
const PRESENCE_INTERVAL_MS = 3_600_000
const DELIVERY_TIMEOUT_MS = 5_000
/**
 * How long each post's remote-log update (pointer put, head page push) may take: on this
 * loaded one-process network of 102 nodes it did not finish within the 15 s DHT timeout,
 * and this part measures live dissemination, which happens before it.
 */
const REMOTE_LOG_BUDGET_MS = 1_000
/** per naive post: its streams and its deliveries (100 streams a post from one process) */
const NAIVE_TIMEOUT_MS = 5_000
const NAIVE_PROTOCOL = '/parley-bench/naive-fanout/1.0.0'

interface Delivery {
  /** per post: ms from publish to its arrival at each follower, sorted */
  arrivals: number[][]
  /** per post: copies the publisher sent */
  copies: number[]
  /** per post: entry bytes the publisher sent (copies × entry size) */
  bytes: number[]
  missing: number
}

/** One network step that may time out on a loaded single-process network: a few tries. */
async function retry<T> (what: string, fn: (attempt: number) => Promise<T>, say: Progress, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err: any) {
      if (attempt >= attempts) throw err
      say(`${what}: ${err.name} (${err.message}); trying again`)
    }
  }
}

async function inBatches<T> (items: T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(async (item, j) => fn(item, i + j)))
}

/**
 * Records when each follower's node receives a post of the author: gossipsub's message
 * event, after the topic validator verified the entry (the feed stores it in that tick).
 */
function watchArrivals (followers: Parley[], author: Uint8Array): Map<string, number[]> {
  const arrivals = new Map<string, number[]>()
  const topic = gossipTopic(author)
  for (const node of followers) {
    node.libp2p.services.pubsub.addEventListener('message', (event) => {
      if (event.detail.topic !== topic) return
      const now = performance.now()
      const text = verifyEntry(event.detail.data).text ?? ''
      const list = arrivals.get(text) ?? []
      list.push(now)
      arrivals.set(text, list)
    })
  }
  return arrivals
}

async function waitUntil (condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return true
}

async function measureGossip (author: Parley, followers: Parley[], say: Progress): Promise<Delivery> {
  const arrivals = watchArrivals(followers, author.session!.keys.userKey)
  for (let i = 0; i < WARMUP_POSTS; i++) {
    const text = `warm-up ${i}`
    await author.feed.publish(text, { signal: AbortSignal.timeout(REMOTE_LOG_BUDGET_MS) })
    const all = await waitUntil(() => (arrivals.get(text)?.length ?? 0) >= followers.length, 20_000)
    say(`warm-up post ${i + 1}: reached ${arrivals.get(text)?.length ?? 0}/${followers.length}${all ? '' : ' (mesh still forming)'}`)
  }
  const result: Delivery = { arrivals: [], copies: [], bytes: [], missing: 0 }
  for (let i = 0; i < POSTS; i++) {
    const text = `gossip post ${i}`
    const before = author.feed.gossipStats
    const started = performance.now()
    await author.feed.publish(text, { signal: AbortSignal.timeout(REMOTE_LOG_BUDGET_MS) })
    await waitUntil(() => (arrivals.get(text)?.length ?? 0) >= followers.length, DELIVERY_TIMEOUT_MS)
    const times = (arrivals.get(text) ?? []).map((t) => t - started).sort((a, b) => a - b)
    result.missing += followers.length - times.length
    result.arrivals.push(times)
    result.copies.push(author.feed.gossipStats.copies - before.copies)
    result.bytes.push(author.feed.gossipStats.bytes - before.bytes)
    if ((i + 1) % 25 === 0) say(`gossip: ${i + 1}/${POSTS} posts, last reached all in ${round(times.at(-1) ?? Number.NaN)} ms`)
  }
  return result
}

/** The baseline: the author opens a stream to every follower and writes the entry to each. */
async function measureNaive (author: Parley, followers: Parley[], say: Progress): Promise<Delivery> {
  const arrivals = new Map<string, number[]>()
  for (const node of followers) {
    await node.libp2p.handle(NAIVE_PROTOCOL, async (stream) => {
      const bytes = await lpStream(stream).read()
      const entry = verifyEntry(bytes.subarray())
      const now = performance.now()
      const list = arrivals.get(entry.text!) ?? []
      list.push(now)
      arrivals.set(entry.text!, list)
      await stream.close()
    })
  }
  const session = author.session!
  const me = session.keys.userKey
  // the naive publisher keeps one connection per follower: open them before measuring, as
  // the gossip part measures after its mesh formed
  const dialed = await Promise.allSettled(followers.map(async (node) => author.libp2p.dial(node.libp2p.peerId, { signal: AbortSignal.timeout(30_000) })))
  say(`author connected to ${dialed.filter((d) => d.status === 'fulfilled').length}/${followers.length} followers`)
  const result: Delivery = { arrivals: [], copies: [], bytes: [], missing: 0 }
  for (let i = -WARMUP_POSTS; i < POSTS; i++) {
    const text = `naive post ${i}`
    const head = author.feed.store.head(me)
    const started = performance.now()
    const entry = signEntry({ author: me, seq: (head?.seq ?? 0n) + 1n, prev: head?.cid, timestamp: { wall: Date.now(), counter: 0 }, kind: EntryKind.POST, body: postBody(text) }, session.keys.signingSecret)
    author.feed.store.append([entry], Date.now(), true)
    const sent = await Promise.allSettled(followers.map(async (node) => {
      const stream = await author.libp2p.dialProtocol(node.libp2p.peerId, NAIVE_PROTOCOL, { signal: AbortSignal.timeout(NAIVE_TIMEOUT_MS) })
      await lpStream(stream).write(entry.bytes)
      await stream.close()
    }))
    await waitUntil(() => (arrivals.get(text)?.length ?? 0) >= followers.length, NAIVE_TIMEOUT_MS)
    if (i < 0) continue // warm-up
    const times = (arrivals.get(text) ?? []).map((t) => t - started).sort((a, b) => a - b)
    result.missing += followers.length - times.length
    result.arrivals.push(times)
    const copies = sent.filter((s) => s.status === 'fulfilled').length
    result.copies.push(copies)
    result.bytes.push(copies * entry.bytes.byteLength)
    if ((i + 1) % 25 === 0) say(`naive: ${i + 1}/${POSTS} posts, last reached all in ${round(times.at(-1) ?? Number.NaN)} ms`)
  }
  for (const node of followers) await node.libp2p.unhandle(NAIVE_PROTOCOL)
  return result
}

/** ms until a post reached the `n`-th follower, per post (NaN when it never did). */
function reach (d: Delivery, n: number): number[] {
  return d.arrivals.map((times) => times[n - 1] ?? Number.NaN).filter((x) => !Number.isNaN(x))
}

async function measureDissemination (progress: Progress): Promise<{ gossip: Delivery, naive: Delivery }> {
  const say: Progress = (m) => { progress(`dissemination: ${m}`) }
  const network = await startMemoryNetwork({ size: FOLLOWERS + 2, label: 'feed', progress: say, presenceIntervalMs: PRESENCE_INTERVAL_MS })
  try {
    const [, author, ...followers] = network.nodes
    await waitForRoutingTables(network.nodes, 20, 20_000, say)
    const session = await retry('register author', async (n) => author.accounts.register(`author_${n}`, PASSWORD), say)
    // followers hold the feed without accounts (FeedService.watch): registering 100 users
    // means 300 DHT puts, more than one loaded process finishes within its timeouts
    await inBatches(followers, 10, async (node, i) => {
      await retry(`follower ${i} watches`, async () => { await node.feed.watch(session.keys.userKey) }, say)
    })
    say(`${followers.length} followers watch the author's feed`)
    const gossip = await measureGossip(author, followers, say)
    const naive = await measureNaive(author, followers, say)
    return { gossip, naive }
  } finally {
    await network.stop()
  }
}

async function measureSync (progress: Progress): Promise<{ syncMs: number, added: number, entries: number }> {
  const say: Progress = (m) => { progress(`sync: ${m}`) }
  const network = await startMemoryNetwork({ size: 12, label: 'feedsync', progress: say, presenceIntervalMs: PRESENCE_INTERVAL_MS })
  try {
    const [, author, reader, ...others] = network.nodes
    await waitForRoutingTables(network.nodes, 10, 30_000, say)
    const session = await retry('register long_feed', async (n) => author.accounts.register(`long_feed_${n}`, PASSWORD), say)
    const me = session.keys.userKey
    const entries = []
    let head: { seq: bigint, cid: any } | undefined
    for (let i = 1; i <= SYNC_ENTRIES; i++) {
      const entry = signEntry({ author: me, seq: BigInt(i), prev: head?.cid, timestamp: { wall: Date.now(), counter: i % 65536 }, kind: EntryKind.POST, body: postBody(`entry ${i} of a long feed`) }, session.keys.signingSecret)
      entries.push(entry)
      head = { seq: entry.entry.seq, cid: entry.cid }
    }
    author.feed.store.append(entries, Date.now(), true)
    await author.feed.setMode('paged')
    const placed = author.feed.remoteLog.lastPublish
    const pageHolders = placed?.pageHolders ?? []
    say(`author published ${SYNC_ENTRIES} entries (paged): pointer at ${placed?.pointerHolders ?? 0} peers, ${pageHolders.length} pages at ${Math.min(...pageHolders)}–${Math.max(...pageHolders)} of ${3} closest peers`)
    if (placed == null || placed.pointerHolders === 0 || pageHolders.includes(0)) throw new Error('the remote log was not placed: some page or the pointer reached no peer')
    const cachers = others.slice(0, SYNC_CACHING_FOLLOWERS)
    await Promise.all(cachers.map(async (node, i) => {
      await retry(`register cacher_${i}`, async (n) => node.accounts.register(`cacher_${i}_${n}`, PASSWORD), say)
      await retry(`cacher_${i} follows`, async () => { await node.feed.follow(session.username) }, say)
      await waitUntil(() => node.feed.store.head(me)?.seq === BigInt(SYNC_ENTRIES), 120_000)
      say(`follower ${i} holds ${node.feed.store.head(me)?.seq ?? 0} entries`)
    }))
    // the walk must find holders once the author is gone: check before stopping it
    const short = cachers.filter((node) => node.feed.store.head(me)?.seq !== BigInt(SYNC_ENTRIES)).length
    if (short > 0) throw new Error(`${short} caching followers do not hold the whole feed`)
    say(`${cachers.length} followers hold the feed; stopping the author`)
    await author.stop()

    const started = performance.now()
    const result = await reader.feed.remoteLog.sync(me)
    const syncMs = performance.now() - started
    say(`synced ${result.added} entries in ${round(syncMs)} ms`)
    return { syncMs, added: result.added, entries: reader.feed.store.log(me).length }
  } finally {
    await network.stop()
  }
}

async function run (progress: Progress): Promise<ScenarioResult> {
  // FEED_BENCH_PARTS=sync (or dissemination) runs one part; the default runs both
  const parts = (process.env.FEED_BENCH_PARTS ?? 'dissemination,sync').split(',')
  const empty: Delivery = { arrivals: [], copies: [], bytes: [], missing: 0 }
  const { gossip, naive } = parts.includes('dissemination') ? await measureDissemination(progress) : { gossip: empty, naive: empty }
  const sync = parts.includes('sync') ? await measureSync(progress) : { syncMs: Number.NaN, added: 0, entries: 0 }
  const rows = (name: string, d: Delivery): SummaryRow[] => [
    { metric: `${name}: reach 50 followers p50`, value: round(percentile(reach(d, 50), 50)), unit: 'ms' },
    { metric: `${name}: reach 50 followers p99`, value: round(percentile(reach(d, 50), 99)), unit: 'ms' },
    { metric: `${name}: reach all 100 p50`, value: round(percentile(reach(d, FOLLOWERS), 50)), unit: 'ms' },
    { metric: `${name}: reach all 100 p99`, value: round(percentile(reach(d, FOLLOWERS), 99)), unit: 'ms', target: name === 'gossipsub' ? { atMost: 100 } : undefined },
    { metric: `${name}: publisher copies per post`, value: round(mean(d.copies)), unit: 'copies', target: name === 'gossipsub' ? { atMost: 10 } : undefined },
    { metric: `${name}: publisher entry bytes per post`, value: round(mean(d.bytes), 0), unit: 'B', note: 'entry bytes × copies; framing not counted' },
    { metric: `${name}: deliveries missing`, value: d.missing, unit: `of ${POSTS * FOLLOWERS}` }
  ]
  return {
    summary: [
      ...rows('gossipsub', gossip),
      ...rows('naive fan-out', naive),
      { metric: `sync of ${SYNC_ENTRIES} entries, author offline`, value: round(sync.syncMs), unit: 'ms', target: { atMost: 1500 }, note: `${sync.added} entries added` }
    ],
    series: { followers: FOLLOWERS, posts: POSTS, gossip, naive, sync },
    plots: [
      {
        kind: 'bars',
        title: `Time until a post reaches followers (${POSTS} posts, ${FOLLOWERS} followers)`,
        y: { label: 'time', unit: 'ms' },
        groups: ['50 followers p50', '50 followers p99', 'all 100 p50', 'all 100 p99'],
        series: [gossip, naive].map((d, i) => ({
          name: i === 0 ? 'gossipsub' : 'naive fan-out',
          values: [percentile(reach(d, 50), 50), percentile(reach(d, 50), 99), percentile(reach(d, FOLLOWERS), 50), percentile(reach(d, FOLLOWERS), 99)].map((v) => round(v))
        })),
        reference: { value: 100, label: 'target: all 100 by 100 ms (p99)' }
      },
      {
        kind: 'lines',
        title: 'Time until a post reached all followers (CDF over posts)',
        x: { label: 'time', unit: 'ms' },
        y: { label: 'posts at or below', unit: '%' },
        series: [gossip, naive].map((d, i) => ({ name: i === 0 ? 'gossipsub' : 'naive fan-out', points: cdf(reach(d, FOLLOWERS)).map(([x, y]) => [round(x), round(y)]) }))
      }
    ]
  }
}

export const scenario: Scenario = {
  name: 'feed',
  description: `a post reaching ${FOLLOWERS} followers over gossipsub vs a naive fan-out; sync of a ${SYNC_ENTRIES}-entry feed from an offline author`,
  run
}
