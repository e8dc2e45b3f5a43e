import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { post, registerUser, removeNodes, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { BareTestNode, TestNode } from '../support/nodes.js'

const POSTS = 20

/**
 * Issue 17, a public role: a node told to keep alice's feed (`archive`) serves it to a
 * new user on a fresh node after alice's node and every other node that held her feed
 * (the bootstrap node, a third node) stopped. The keeper joins after alice posted, so
 * whatever it holds of alice it fetched because it was told to keep her feed; the same
 * node without the setting leaves the new user without her posts.
 */
describe('an archive node keeps a feed while its author and every holder are offline', () => {
  const started: BareTestNode[] = []

  after(async () => { await removeNodes(started) })

  /** alice posts on a 3-node network; a keeper (with or without `archive`) joins; the 3 stop; carol reads alice on a fresh node. */
  async function scenario (archive: boolean): Promise<{ status: number, posts: any[], keeper: TestNode }> {
    // without the archive, alice's node republishes her name claim and keystore every
    // second, so the keeper holds them and the run differs only by the feed; the archive
    // must put her claim back into the DHT itself (it joined after she registered)
    const network = await startTestNetwork(3, archive ? {} : { recordRepublishIntervalMs: 1_000 })
    started.push(...network)
    const aliceToken = await registerUser(network[1], 'alice')
    for (let i = 1; i < POSTS; i++) await post(network[1], '/api/posts', { text: `kept ${i}` }, aliceToken)

    // a retention of 1 ms: whatever the keeper holds unpinned goes at the next collection
    const keeper = await startTestNode({ bootstrap: [network[0].addr], feedRetentionMs: 1, ...(archive ? { archive: { usernames: ['alice'], retryMs: 500 } } : {}) })
    started.push(keeper)
    if (archive) {
      // no user is logged in on the keeper; the listing needs no token
      // every entry held, and the head pointer that covers them (what a reader syncs from)
      const held = async (entries: number): Promise<boolean> => {
        const [feed] = (await keeper.call('GET', '/api/archive')).body.feeds
        return feed?.entries === entries && feed.pointerSeq === entries && feed.lastSyncAt != null
      }
      await waitFor(async () => held(POSTS - 1), 60_000, 'the archive to sync alice\'s feed')
      // the next periodic sync is 5 min away: the last post comes live, over gossip, and
      // the archive fetches its head pointer then
      await post(network[1], '/api/posts', { text: `kept ${POSTS}` }, aliceToken)
      await waitFor(async () => held(POSTS), 30_000, 'the archive to receive the new post')
      const [feed] = (await keeper.call('GET', '/api/archive')).body.feeds
      assert.equal(feed.username, 'alice')
      assert.equal(feed.lastError, null)
      assert.equal(keeper.parley.feed.collectGarbage(), 0, 'nothing of a kept feed expires')
    } else {
      await post(network[1], '/api/posts', { text: `kept ${POSTS}` }, aliceToken)
      // (the archive puts alice's claim itself, so her republication adds nothing it counts;
      // at least 3: her claim, profile and keystore, so that her name resolves below)
      await waitFor(() => keeper.parley.network().dht.heldForOthers.records >= 3, 30_000, 'the keeper to hold alice\'s records')
    }

    await Promise.all(network.map(async (node) => node.stop()))
    // alice's node may push her last page to the keeper as it stops (a publication coalesced
    // behind the one before runs at once on stop), less than the 1 ms retention before this
    // line: without the archive that is a holder's unpinned copy, which the next collection
    // (20 ms later) drops
    if (!archive) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      keeper.parley.feed.collectGarbage()
    }

    const reader = await startTestNode({ bootstrap: [keeper.addr] })
    started.push(reader)
    const carolToken = await registerUser(reader, 'carol')
    const answer = await reader.call('GET', '/api/users/alice/posts', undefined, carolToken)
    return { status: answer.status, posts: answer.body.posts ?? [], keeper }
  }

  it(`a new user on a fresh node gets all ${POSTS} of alice's posts from the archive`, async () => {
    const { status, posts } = await scenario(true)
    assert.equal(status, 200)
    assert.equal(posts.length, POSTS)
    assert.deepEqual(posts.map((p: any) => p.text), Array.from({ length: POSTS }, (_, i) => `kept ${POSTS - i}`))
  })

  it('without the archive setting the same node, holding alice\'s records, leaves the new user without her posts', async () => {
    const { status, posts } = await scenario(false)
    // the name resolves (the keeper holds alice's claim) but no peer left holds her feed
    assert.equal(status, 200)
    assert.equal(posts.length, 0)
  })
})
