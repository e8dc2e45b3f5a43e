import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { followBody, signEntry } from '../../src/feed/entry.js'
import { followerSummaryKey, signFollowerSummary } from '../../src/feed/follower-summary.js'
import { EntryKind } from '../../src/feed/wire.js'
import { createUserKeys } from '../../src/identity/index.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import { get, post, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Issue 20, must-show 6: follower and following counts of one user agree on every node
 * of a 10-node network after a follow storm, and stay served while that user is offline.
 */
describe('follower counts after a follow storm (10 nodes over TCP)', () => {
  const users = Array.from({ length: 10 }, (_, i) => i === 0 ? 'star' : `fan${i}`)
  let nodes: TestNode[]

  before(async () => {
    nodes = await startTestNetwork(10, { users })
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  /** What each node answers about `username`: its followers and following counts. */
  async function countsEverywhere (username: string, on: TestNode[]): Promise<Array<{ followers: number, following: number, countsPartial?: boolean }>> {
    return Promise.all(on.map(async (node) => {
      const user = await get(node, `/api/users/${username}`, node.token!)
      return { followers: user.followers, following: user.following, countsPartial: user.countsPartial }
    }))
  }

  it('8 users follow star at once and 3 unfollow: every node answers 5 followers and 2 following', async (t) => {
    await post(nodes[0], '/api/follow', { username: 'fan1' }, nodes[0].token!)
    await post(nodes[0], '/api/follow', { username: 'fan9' }, nodes[0].token!)
    // the storm: fan1..fan8 follow star concurrently, then fan2, fan5 and fan7 unfollow concurrently
    await Promise.all(nodes.slice(1, 9).map(async (node) => post(node, '/api/follow', { username: 'star' }, node.token!)))
    await Promise.all([2, 5, 7].map(async (i) => post(nodes[i], '/api/unfollow', { username: 'star' }, nodes[i].token!)))
    const stormEnded = Date.now()
    let last: unknown
    try {
      await waitFor(async () => {
        const counts = await countsEverywhere('star', nodes)
        t.diagnostic(`${Date.now() - stormEnded} ms after the storm: ${JSON.stringify(counts.map((c) => `${c.followers}/${c.following}${c.countsPartial === true ? 'p' : ''}`))}`)
        last = counts
        return counts.every((c) => c.followers === 5 && c.following === 2 && c.countsPartial === false)
      }, 150_000, 'every node to count 5 followers and 2 following of star', 500)
    } catch (err) {
      assert.fail(`counts per node: ${JSON.stringify(last)} (${(err as Error).message})`)
    }
    t.diagnostic(`every node agrees ${Date.now() - stormEnded} ms after the storm`)
    const me = await get(nodes[0], '/api/me', nodes[0].token!)
    assert.equal(me.followers, 5)
    assert.equal(me.following, 2)
    assert.equal(me.countsPartial, false)
    assert.equal(typeof me.countsAsOf, 'number')
  })

  it('a hostile peer cannot inflate the count: forged summaries are refused by every node, and the counts stay', async () => {
    const attacker = await ScriptedDhtPeer.start(nodes.map((node) => node.addr))
    try {
      const star = nodes[0].parley.session!.keys.userKey
      const key = followerSummaryKey(star)
      // three made-up followers, each with a genuine signed follow of star
      const sybils = Array.from({ length: 3 }, () => createUserKeys())
      const now = Date.now()
      const follows = sybils.map((s) => signEntry({ author: s.userKey, seq: 1n, prev: undefined, timestamp: { wall: now, counter: 0 }, kind: EntryKind.FOLLOW, body: followBody({ userKey: star, username: 'star' }) }, s.signingSecret).bytes)
      // the summary must be star's: signed by a sybil under star's key, every node refuses it
      const forged = signFollowerSummary(star, sybils[0].signingSecret, follows, now + 60_000)
      for (const [i, node] of nodes.entries()) {
        assert.equal(await attacker.putTo(peerIdFromString(node.parley.peerId), key, forged), false, `node ${i} must refuse the forged summary`)
      }
    } finally {
      await attacker.stop()
    }
    const counts = await countsEverywhere('star', nodes)
    assert.ok(counts.every((c) => c.followers === 5), JSON.stringify(counts))
  })

  it('with star offline, the other nodes still agree, from the published summary and the remote log', async () => {
    await nodes[0].parley.feed.publicationSettled({ signal: AbortSignal.timeout(30_000) })
    await nodes[0].parley.feed.followerSummarySettled({ signal: AbortSignal.timeout(30_000) })
    await nodes[0].stop()
    const rest = nodes.slice(1)
    let last: unknown
    try {
      await waitFor(async () => {
        const counts = await countsEverywhere('star', rest)
        last = counts
        return counts.every((c) => c.followers === 5 && c.following === 2 && c.countsPartial === false)
      }, 60_000, 'the other nodes to count 5 and 2 with star offline', 500)
    } catch (err) {
      assert.fail(`counts per node: ${JSON.stringify(last)} (${(err as Error).message})`)
    }
  })
})
