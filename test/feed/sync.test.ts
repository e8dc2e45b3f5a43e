import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CarReader } from '@ipld/car/reader'
import * as dagCbor from '@ipld/dag-cbor'
import * as raw from 'multiformats/codecs/raw'
import { verifyEntry } from '../../src/feed/entry.js'
import { appendPosts } from '../support/content.js'
import { get, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import { serveGarbageBlocks } from './garbage-peer.js'
import type { PublishReport } from '../../src/feed/remote-log.js'
import type { TestNode } from '../support/nodes.js'

const POSTS = 300

/** Remote log over TCP: the author goes offline; others sync, export and expire its feed. */
describe('remote log sync over TCP', () => {
  let nodes: TestNode[]
  const tokens: Record<string, string> = {}
  let aliceKey: Uint8Array
  let aliceStopped = false
  let placed: PublishReport | undefined

  before(async () => {
    nodes = await startTestNetwork(7, { feedRetentionMs: 3_000 })
    tokens.alice = await registerUser(nodes[1], 'alice')
    aliceKey = nodes[1].parley.session!.keys.userKey
    for (const [i, name] of [[2, 'dave'], [3, 'mallory'], [4, 'erin'], [5, 'frank']] as const) tokens[name] = await registerUser(nodes[i], name)
    const mode = await nodes[1].call('PUT', '/api/feed/settings', { mode: 'paged' }, tokens.alice)
    assert.equal(mode.status, 200)
    await appendPosts(nodes[1], POSTS)
    placed = nodes[1].parley.feed.remoteLog.lastPublish
    await nodes[1].stop()
    aliceStopped = true
  })

  after(async () => {
    await Promise.all(nodes.filter((_, i) => i !== 1 || !aliceStopped).map(async (node) => node.stop()))
  })

  it("the author's publication reports the pointer and every page it pushed as placed", () => {
    assert.ok(placed != null, 'the author published its remote log')
    assert.ok(placed.pointerHolders > 0)
    assert.equal(placed.pagesPushed, Math.ceil(POSTS / 128)) // paged mode: 128 entries a page
    assert.deepEqual(placed.pageHolders, placed.pageHolders.map(() => 3), 'each page reached the R = 3 closest peers')
  })

  it('syncs the whole feed of an offline author from the peers that hold its pages', async () => {
    const posts = (await get(nodes[2], '/api/users/alice/posts', tokens.dave)).posts
    assert.equal(posts.length, POSTS)
    assert.deepEqual(posts.map((p: any) => p.seq), Array.from({ length: POSTS }, (_, i) => POSTS - i))
    assert.equal(posts[0].text, `post ${POSTS}`)
  })

  it('a peer that answers with garbage does not stop sync from honest peers', async () => {
    const garbageSent = await serveGarbageBlocks(nodes[3].parley.libp2p)
    const result = await nodes[4].parley.feed.remoteLog.sync(aliceKey, { extraHolders: [nodes[3].parley.libp2p.peerId] })
    assert.ok(garbageSent() > 0, 'the garbage peer was asked first')
    assert.deepEqual(result.badPeers, [nodes[3].parley.peerId])
    assert.equal(result.added, POSTS)
    assert.equal(nodes[4].parley.feed.store.totalSeq(aliceKey), BigInt(POSTS))
  })

  it('exports the feed as a CAR file that CarReader reads back with every entry', async () => {
    const response = await fetch(`http://${nodes[2].api.address}/api/users/alice/feed.car`, { headers: { authorization: `Bearer ${tokens.dave}` } })
    assert.equal(response.status, 200)
    const reader = await CarReader.fromBytes(new Uint8Array(await response.arrayBuffer()))
    const [root] = await reader.getRoots()
    const seqs = new Set<bigint>()
    let pages = 0
    let headsBlocks = 0
    for await (const block of reader.blocks()) {
      if (block.cid.code === dagCbor.code) {
        const value = dagCbor.decode(block.bytes) as any
        if (Array.isArray(value.heads)) { headsBlocks++; continue }
        pages++
        for (const bytes of value.entries) seqs.add(verifyEntry(bytes, { author: aliceKey }).entry.seq)
      } else {
        assert.equal(block.cid.code, raw.code)
        seqs.add(verifyEntry(block.bytes, { author: aliceKey }).entry.seq)
      }
    }
    assert.equal(pages, Math.ceil(POSTS / 128))
    assert.equal(headsBlocks, 1)
    const heads = (dagCbor.decode((await reader.get(root))!.bytes) as any).heads
    assert.deepEqual(heads.map((h: any) => h.seq), [POSTS], 'the root is the heads block, naming the one device chain\'s head page')
    assert.equal(seqs.size, POSTS)
  })

  it("others' cached entries expire after the retention time unless pinned; own entries never do", async () => {
    await nodes[2].call('POST', '/api/follow', { username: 'alice' }, tokens.dave) // dave's own log: one entry
    const dave = nodes[2].parley.session!.keys.userKey
    await nodes[5].parley.feed.remoteLog.sync(aliceKey)
    nodes[5].parley.feed.store.setPinned(aliceKey, true)
    await waitFor(() => { nodes[2].parley.feed.collectGarbage(); return nodes[2].parley.feed.store.heads(aliceKey).length === 0 }, 20_000, "alice's entries to expire on dave's node")
    assert.equal(nodes[2].parley.feed.store.log(dave).length, 1, 'own entries stay')
    nodes[5].parley.feed.collectGarbage()
    assert.equal(nodes[5].parley.feed.store.log(aliceKey).length, POSTS, 'pinned entries stay')
  })
})
