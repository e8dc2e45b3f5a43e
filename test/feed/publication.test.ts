import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestNetwork } from '../helpers/nodes.js'
import { appendPosts, post, registerUser } from './helpers.js'
import type { TestNode } from '../helpers/nodes.js'

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

  it('a post after full pages pushes only the head page; a change of layout pushes every page of the new one', async () => {
    const author = nodes[1].parley
    const me = author.session!.keys.userKey
    assert.equal((await nodes[1].call('PUT', '/api/feed/settings', { mode: 'paged' }, token)).status, 200)
    await appendPosts(nodes[1], 130) // one full page of 128 and a head page
    assert.equal(author.feed.remoteLog.lastPublish?.pagesPushed, 2)
    await post(nodes[1], '/api/posts', { text: 'post 131' }, token)
    const incremental = author.feed.remoteLog.lastPublish!
    assert.equal(incremental.pagesPushed, 1, 'only the head page changed')
    assert.ok(incremental.pageHolders[0] > 0)

    assert.equal((await nodes[1].call('PUT', '/api/feed/settings', { mode: 'linked' }, token)).status, 200)
    const relaid = author.feed.remoteLog.lastPublish!
    assert.equal(relaid.pagesPushed, 131, 'linked: one page per entry, all of them new')
    assert.ok(relaid.pageHolders.every((holders) => holders > 0), 'every page reached a peer')

    await nodes[1].stop()
    authorStopped = true
    const result = await nodes[3].parley.feed.remoteLog.sync(me)
    assert.equal(result.added, 131)
    const log = nodes[3].parley.feed.store.log(me)
    assert.deepEqual(log.map((e) => e.seq), Array.from({ length: 131 }, (_, i) => i + 1))
    assert.equal(log.at(-1)?.text, 'post 131')
  })
})
