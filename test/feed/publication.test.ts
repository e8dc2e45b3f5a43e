import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BLOCK_PROTOCOL } from '../../src/feed/constants.js'
import { appendPosts, waitForPublished } from '../support/content.js'
import { get, post, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

/**
 * The author's remote-log publications after the first: only changed pages are built and
 * pushed, and a change of layout pushes the whole new layout. Whatever was published must
 * be syncable once the author is offline.
 */
describe('remote-log publications over TCP', () => {
  let nodes: TestNode[]
  let token: string
  let authorStopped = false

  before(async () => {
    nodes = await startTestNetwork(5)
    token = await registerUser(nodes[1], 'paula')
  })

  after(async () => {
    await Promise.all(nodes.filter((_, i) => i !== 1 || !authorStopped).map(async (node) => node.stop()))
  })

  it('a post after full pages pushes only the head page, with only the entry block its holders lack; a change of layout pushes every page of the new one', async () => {
    const author = nodes[1].parley
    const me = author.session!.keys.userKey
    assert.equal((await nodes[1].call('PUT', '/api/feed/settings', { mode: 'paged' }, token)).status, 200)
    // one full page of 128 and a head page of 22: 16 inline and 6 by CID
    await appendPosts(nodes[1], 150)
    const first = author.feed.remoteLog.lastPublish!
    assert.equal(first.pagesPushed, 2)
    assert.equal(first.entryBlocksSent, 3 * (112 + 6), 'each of the 3 slot holders of each page took all its entry blocks')
    await post(nodes[1], '/api/posts', { text: 'post 151' }, token)
    await waitForPublished(nodes[1], token)
    const incremental = author.feed.remoteLog.lastPublish!
    assert.equal(incremental.pagesPushed, 1, 'only the head page changed')
    assert.equal(incremental.pageHolders[0], 3)
    // entry 135 left the inline part: the holders of the head page's slot get that block
    // alone, not the 7 the page now refers to
    assert.equal(incremental.entryBlocksSent, 3, 'one entry block for each of the 3 slot holders')

    assert.equal((await nodes[1].call('PUT', '/api/feed/settings', { mode: 'linked' }, token)).status, 200)
    const relaid = author.feed.remoteLog.lastPublish!
    assert.equal(relaid.pagesPushed, 151, 'linked: one page per entry, all of them new')
    assert.ok(relaid.pageHolders.every((holders) => holders > 0), 'every page reached a peer')

    await nodes[1].stop()
    authorStopped = true
    const result = await nodes[3].parley.feed.remoteLog.sync(me)
    assert.equal(result.added, 151)
    const log = nodes[3].parley.feed.store.log(me)
    assert.deepEqual(log.map((e) => e.seq), Array.from({ length: 151 }, (_, i) => i + 1))
    assert.equal(log.at(-1)?.text, 'post 151')
  })
})

describe('remote-log slot holders that refuse a push', () => {
  let nodes: TestNode[]
  let token: string

  before(async () => {
    nodes = await startTestNetwork(5)
    token = await registerUser(nodes[1], 'rita')
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('are forgotten: the failed publication is visible, and its retry walks again and sends the holders every entry block', async () => {
    const author = nodes[1].parley
    await appendPosts(nodes[1], 20) // a head page of 16 inline entries and 4 by CID
    assert.equal(author.feed.remoteLog.lastPublish!.entryBlocksSent, 3 * 4)
    const others = nodes.filter((_, i) => i !== 1).map((node) => node.parley.libp2p as any)
    const saved = others.map((libp2p) => libp2p.components.registrar.getHandler(BLOCK_PROTOCOL))
    for (const libp2p of others) {
      await libp2p.unhandle(BLOCK_PROTOCOL)
      await libp2p.handle(BLOCK_PROTOCOL, (stream: any) => { stream.abort(new Error('refused')) })
    }
    await post(nodes[1], '/api/posts', { text: 'post 21' }, token)
    // the failure is visible and a retry is scheduled
    await waitFor(async () => (await get(nodes[1], '/api/feed/settings', token)).publication.lastError != null, 60_000, 'the failed publication to show')
    const failed = (await get(nodes[1], '/api/feed/settings', token)).publication
    assert.equal(failed.publishedSeq, 20, 'post 21 is not published')
    assert.ok(failed.retryAt != null, 'a retry is scheduled')
    assert.deepEqual(author.feed.remoteLog.lastPublish!.pageHolders, [0], 'every holder refused')
    for (const [i, libp2p] of others.entries()) {
      await libp2p.unhandle(BLOCK_PROTOCOL)
      await libp2p.handle(BLOCK_PROTOCOL, saved[i].handler, saved[i].options)
    }
    // the retry alone (5 s after the failure, no other post) publishes post 21
    await waitForPublished(nodes[1], token)
    const state = (await get(nodes[1], '/api/feed/settings', token)).publication
    assert.deepEqual(state, { headSeq: 21, publishedSeq: 21, lastError: null, retryAt: null })
    const recovered = author.feed.remoteLog.lastPublish!
    assert.deepEqual(recovered.pageHolders, [3])
    // the head page refers to 5 entry blocks now; remembered holders would have been sent
    // only the 1 they had not taken (3 in all)
    assert.equal(recovered.entryBlocksSent, 3 * 5, 'a fresh walk: every holder is sent every entry block')
  })
})
