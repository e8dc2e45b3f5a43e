/**
 * Feed dissemination and remote-log sync on in-process nodes (in-memory transports):
 * - one author, 100 followers (nodes holding its feed): time until each of 100 posts
 *   reaches 50 and all 100 of them (gossipsub, one topic per author), and the copies the
 *   publisher sends;
 *   beside a naive fan-out that opens one stream per follower and sends each a copy.
 *   The 102 nodes run in 6 worker threads (threads/network.ts), connected in memory
 *   (threads/port-transport.ts);
 * - a 10,000-entry feed synced from the network while its author is offline (12 nodes in
 *   this thread on libp2p's memory transport).
 */
import { postBody, signEntry } from '../../src/feed/entry.js'
import { EntryKind } from '../../src/feed/wire.js'
import { BENCH_NETWORK, BENCH_PASSWORD, removeNodes, startTestNetwork, waitForRoutingTables } from '../../test/support/nodes.js'
import { cdf, mean, percentile, round } from '../stats.js'
import { startThreadNetwork } from '../threads/network.js'
import type { Arrival } from '../feed-ops.js'
import type { ThreadNetwork } from '../threads/network.js'
import type { Progress, Scenario, ScenarioResult, SummaryRow } from '../scenario.js'

const FOLLOWERS = 100
const POSTS = 100
const WARMUP_POSTS = 5
const SYNC_ENTRIES = 10_000
const SYNC_CACHING_FOLLOWERS = 3
const DELIVERY_TIMEOUT_MS = 5_000
/**
 * How long each post's remote-log update (pointer put, head page push) may take: on this
 * loaded one-process network of 102 nodes it did not finish within the 15 s DHT timeout,
 * and this part measures live dissemination, which happens before it.
 */
const REMOTE_LOG_BUDGET_MS = 1_000
/** per naive post: its streams and its deliveries (100 streams a post from one process) */
const NAIVE_TIMEOUT_MS = 5_000
/**
 * Worker threads the dissemination network's nodes are spread over (FEED_BENCH_THREADS):
 * each thread has its own heap, and a full collection stops every node of its thread. With
 * 2 threads each heap holds 51 nodes (about 315 MiB live); one full collection of it took
 * 460-630 ms (measured with gc()), V8 ran about one per thread per 100 posts, and a post it
 * met took 400-900 ms to reach everyone. With 6 threads a heap holds 17 nodes. Measured on
 * 2 cores, 100 posts per run, reach all 100 (p99 / max, ms): 2 threads 98 / 515, 462 / 532;
 * 4 threads 90 / 99, 111 / 461, 98 / 477; 6 threads 102 / 111, 103 / 188, 93 / 120;
 * 8 threads 139 / 150, 116 / 139 (the threads wait for the 2 cores in turn).
 */
const THREADS = Number(process.env.FEED_BENCH_THREADS ?? 6)

interface GossipStats {
  copies: number
  bytes: number
}

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

async function waitUntil (condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return true
}

/** Arrival times by post text, from the follower threads' events of one kind. */
function collectArrivals (network: ThreadNetwork, kind: 'arrival' | 'naive-arrival'): Map<string, number[]> {
  const arrivals = new Map<string, number[]>()
  network.onEvent((event, detail: Arrival) => {
    if (event !== kind) return
    const list = arrivals.get(detail.text) ?? []
    list.push(detail.at)
    arrivals.set(detail.text, list)
  })
  return arrivals
}

const AUTHOR = 1
const FOLLOWER_NODES = Array.from({ length: FOLLOWERS }, (_, i) => i + 2)

async function measureGossip (network: ThreadNetwork, author: Uint8Array, say: Progress): Promise<Delivery> {
  const arrivals = collectArrivals(network, 'arrival')
  await Promise.all(FOLLOWER_NODES.map(async (index) => network.call(index, 'watchArrivals', { author, index })))
  const reached = (text: string): number => arrivals.get(text)?.length ?? 0
  for (let i = 0; i < WARMUP_POSTS; i++) {
    const text = `warm-up ${i}`
    await network.call(AUTHOR, 'publish', { text, budgetMs: REMOTE_LOG_BUDGET_MS })
    const all = await waitUntil(() => reached(text) >= FOLLOWERS, 20_000)
    say(`warm-up post ${i + 1}: reached ${reached(text)}/${FOLLOWERS}${all ? '' : ' (mesh still forming)'}`)
  }
  const result: Delivery = { arrivals: [], copies: [], bytes: [], missing: 0 }
  for (let i = 0; i < POSTS; i++) {
    const text = `gossip post ${i}`
    const before = await network.call<GossipStats>(AUTHOR, 'gossipStats')
    const started = await network.call<number>(AUTHOR, 'publish', { text, budgetMs: REMOTE_LOG_BUDGET_MS })
    await waitUntil(() => reached(text) >= FOLLOWERS, DELIVERY_TIMEOUT_MS)
    const after = await network.call<GossipStats>(AUTHOR, 'gossipStats')
    const times = (arrivals.get(text) ?? []).map((t) => t - started).sort((a, b) => a - b)
    result.missing += FOLLOWERS - times.length
    result.arrivals.push(times)
    result.copies.push(after.copies - before.copies)
    result.bytes.push(after.bytes - before.bytes)
    if ((i + 1) % 25 === 0) say(`gossip: ${i + 1}/${POSTS} posts, last reached all in ${round(times.at(-1) ?? Number.NaN)} ms`)
  }
  return result
}

/** The baseline: the author opens a stream to every follower and writes the entry to each. */
async function measureNaive (network: ThreadNetwork, say: Progress): Promise<Delivery> {
  const arrivals = collectArrivals(network, 'naive-arrival')
  await Promise.all(FOLLOWER_NODES.map(async (index) => network.call(index, 'naiveHandle', { index })))
  const peers = await Promise.all(FOLLOWER_NODES.map(async (index) => network.call<string>(index, 'peerId')))
  // the naive publisher keeps one connection per follower: open them before measuring, as
  // the gossip part measures after its mesh formed
  const connected = await network.call<number>(AUTHOR, 'naiveConnect', { peers })
  say(`author connected to ${connected}/${FOLLOWERS} followers`)
  const result: Delivery = { arrivals: [], copies: [], bytes: [], missing: 0 }
  for (let i = -WARMUP_POSTS; i < POSTS; i++) {
    const text = `naive post ${i}`
    const sent = await network.call<{ started: number, copies: number, bytes: number }>(AUTHOR, 'naivePost', { text, peers, timeoutMs: NAIVE_TIMEOUT_MS })
    await waitUntil(() => (arrivals.get(text)?.length ?? 0) >= FOLLOWERS, NAIVE_TIMEOUT_MS)
    if (i < 0) continue // warm-up
    const times = (arrivals.get(text) ?? []).map((t) => t - sent.started).sort((a, b) => a - b)
    result.missing += FOLLOWERS - times.length
    result.arrivals.push(times)
    result.copies.push(sent.copies)
    result.bytes.push(sent.bytes)
    if ((i + 1) % 25 === 0) say(`naive: ${i + 1}/${POSTS} posts, last reached all in ${round(times.at(-1) ?? Number.NaN)} ms`)
  }
  await Promise.all(FOLLOWER_NODES.map(async (index) => network.call(index, 'naiveUnhandle')))
  return result
}

/** ms until a post reached the `n`-th follower, per post (NaN when it never did). */
function reach (d: Delivery, n: number): number[] {
  return d.arrivals.map((times) => times[n - 1] ?? Number.NaN).filter((x) => !Number.isNaN(x))
}

async function measureDissemination (progress: Progress): Promise<{ gossip: Delivery, naive: Delivery }> {
  const say: Progress = (m) => { progress(`dissemination: ${m}`) }
  const network = await startThreadNetwork({
    size: FOLLOWERS + 2,
    threads: THREADS,
    label: 'feed',
    progress: say,
    ops: new URL('../feed-ops.js', import.meta.url),
    parley: { presenceIntervalMs: BENCH_NETWORK.presenceIntervalMs }
  })
  try {
    await waitForRoutingTables(network.routingTableSizes, 20, 20_000, say)
    const account = await retry('register author', async (n) => network.call<{ username: string, userKey: Uint8Array }>(AUTHOR, 'register', { username: `author_${n}`, password: BENCH_PASSWORD }), say)
    // followers hold the feed without accounts (FeedService.watch): registering 100 users
    // means 300 DHT puts, more than one loaded process finishes within its timeouts
    await inBatches(FOLLOWER_NODES, 10, async (index) => {
      await retry(`follower ${index} watches`, async () => network.call(index, 'watch', { author: account.userKey }), say)
    })
    say(`${FOLLOWERS} followers watch the author's feed`)
    const gossip = await measureGossip(network, account.userKey, say)
    const naive = await measureNaive(network, say)
    return { gossip, naive }
  } finally {
    await network.stop()
  }
}

async function measureSync (progress: Progress): Promise<{ syncMs: number, added: number, entries: number }> {
  const say: Progress = (m) => { progress(`sync: ${m}`) }
  const network = await startTestNetwork(12, { ...BENCH_NETWORK, memory: 'parley-bench-feedsync', progress: say })
  try {
    const [, author, reader, ...others] = network.map((node) => node.parley)
    await waitForRoutingTables(network, 10, 30_000, say)
    const session = await retry('register long_feed', async (n) => author.accounts.register(`long_feed_${n}`, BENCH_PASSWORD), say)
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
      await retry(`register cacher_${i}`, async (n) => node.accounts.register(`cacher_${i}_${n}`, BENCH_PASSWORD), say)
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
    await removeNodes(network)
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
