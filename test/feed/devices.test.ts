import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { waitForPublished } from '../support/content.js'
import { callHttp, get, post, registerUser, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { userKeyFromId } from '../../src/identity/index.js'

const EACH = 20

/** Timeline order: newest first by timestamp; what the API shows of a post's HLC (wall ms, then counter and id). */
function assertNewestFirst (posts: any[]): void {
  for (let i = 1; i < posts.length; i++) assert.ok(posts[i - 1].timestamp >= posts[i].timestamp, `post ${i} is newer than the one before it`)
}

/**
 * Issue 20, devices step 1: one account on two nodes at once. Both stay logged in, both
 * post, and a follower sees one feed: every post once, in HLC order; so does a fresh
 * follower that syncs from the remote log while both devices are stopped. A device removed
 * from the other one loses its session and cannot post.
 */
describe('one account on two devices at once', () => {
  let nodes: TestNode[]
  let laptop: TestNode
  let phone: TestNode
  let bob: TestNode
  let fresh: TestNode | undefined

  before(async () => {
    nodes = await startTestNetwork(7, { deviceName: 'test device' })
    ;[, laptop, phone, bob] = nodes
  })

  after(async () => {
    await fresh?.stop()
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('both devices stay logged in; a follower sees the 40 interleaved posts once each, in HLC order', async () => {
    laptop.token = await registerUser(laptop, 'alice')
    bob.token = await registerUser(bob, 'bob')
    await post(bob, '/api/follow', { username: 'alice' }, bob.token)
    const login = await phone.call('POST', '/api/login', { username: 'alice', password: 'alice-password' })
    assert.equal(login.status, 200, JSON.stringify(login.body))
    phone.token = login.body.token

    // 20 posts from each, two at a time (one per device, concurrently)
    for (let i = 0; i < EACH; i++) {
      await Promise.all([post(laptop, '/api/posts', { text: `laptop ${i}` }, laptop.token!), post(phone, '/api/posts', { text: `phone ${i}` }, phone.token!)])
    }
    // no takeover: both sessions still answer
    assert.equal((await laptop.call('GET', '/api/me')).status, 200)
    assert.equal((await phone.call('GET', '/api/me')).status, 200)
    assert.equal(laptop.parley.session?.username, 'alice')
    assert.equal(phone.parley.session?.username, 'alice')

    await waitFor(async () => (await get(bob, '/api/timeline?limit=500', bob.token!)).posts.length >= 2 * EACH, 60_000, 'bob to see every post')
    const timeline = (await get(bob, '/api/timeline?limit=500', bob.token!)).posts
    const texts = timeline.map((p: any) => p.text)
    assert.equal(texts.length, 2 * EACH, 'every post exactly once')
    assert.equal(new Set(texts).size, 2 * EACH)
    assertNewestFirst(timeline)
    for (const device of ['laptop', 'phone']) {
      const mine = texts.filter((t: string) => t.startsWith(device))
      assert.deepEqual(mine, Array.from({ length: EACH }, (_, i) => `${device} ${EACH - 1 - i}`), `${device}'s posts in the order it wrote them`)
    }

    // both devices see one feed: the same 40 posts in the same order as bob
    for (const device of [laptop, phone]) {
      await waitFor(async () => (await get(device, '/api/users/alice/posts', device.token!)).posts.length >= 2 * EACH, 30_000, 'each device to hold both chains')
      const own = (await get(device, '/api/users/alice/posts', device.token!)).posts.map(({ published, ...p }: any) => p)
      assert.deepEqual(own, timeline)
    }

    const devices = await get(laptop, '/api/devices', laptop.token!)
    assert.deepEqual(devices.map((d: any) => d.deviceId).sort(), [laptop.parley.peerId, phone.parley.peerId].sort())
    assert.deepEqual(devices.filter((d: any) => d.current).map((d: any) => d.deviceId), [laptop.parley.peerId])
    assert.ok(devices.every((d: any) => d.name === 'test device' && d.addedAt > 0 && d.lastSeen > 0))
  })

  it('a device removed from the other one loses its session, cannot post or log in again; followers never see what it tried', async () => {
    const removed = await laptop.call('DELETE', `/api/devices/${phone.parley.peerId}`)
    assert.equal(removed.status, 204, JSON.stringify(removed.body))
    await waitFor(() => phone.parley.session == null, 30_000, 'the phone to hear that it was removed')

    const attempt = await phone.call('POST', '/api/posts', { text: 'phone after removal' })
    assert.equal(attempt.status, 403)
    assert.equal(attempt.body.error.code, 'device_removed')
    assert.match(attempt.body.error.message, /removed from alice's account/)
    await assert.rejects(phone.parley.feed.publish('phone after removal, in-process'), { name: 'DeviceRemovedError' })
    const again = await phone.call('POST', '/api/login', { username: 'alice', password: 'alice-password' })
    assert.equal(again.status, 403)
    assert.equal(again.body.error.code, 'device_removed')

    assert.deepEqual((await get(laptop, '/api/devices', laptop.token!)).map((d: any) => d.deviceId), [laptop.parley.peerId])
    assert.equal((await laptop.call('GET', '/api/me')).status, 200, 'the laptop stays logged in')
    await post(laptop, '/api/posts', { text: 'laptop after removal' }, laptop.token!)
    await waitFor(async () => (await get(bob, '/api/timeline?limit=500', bob.token!)).posts.some((p: any) => p.text === 'laptop after removal'), 30_000, 'bob to see the laptop\'s post')
    const texts = (await get(bob, '/api/timeline?limit=500', bob.token!)).posts.map((p: any) => p.text)
    assert.equal(texts.length, 2 * EACH + 1)
    assert.ok(!texts.some((t: string) => t.includes('after removal') && t.startsWith('phone')))
  })

  it('a fresh follower syncs the merged feed from the remote log while both devices are stopped', async () => {
    await waitForPublished(laptop, laptop.token!)
    const alice = laptop.parley.session!.userId
    const expected = (await get(bob, '/api/timeline?limit=500', bob.token!)).posts
    await laptop.stop()
    await phone.stop()
    nodes = nodes.filter((node) => node !== laptop && node !== phone)
    fresh = await startTestNode({ bootstrap: [nodes[0].addr] })
    const carol = await registerUser(fresh, 'carol')
    // the remote log alone (pointer, heads block, each device chain's pages), not a follower's copy
    const synced = await fresh.parley.feed.remoteLog.sync(userKeyFromId(alice))
    assert.equal(synced.added, 2 * EACH + 1)
    assert.equal(synced.headSeq, BigInt(2 * EACH + 1), 'the pointer counts the entries of both chains')
    const posts = (await get(fresh, '/api/users/alice/posts', carol)).posts
    assert.deepEqual(posts, expected, 'every post once, in the same order as the live follower')
    const answer = await callHttp(fresh.api.address, 'GET', '/api/users/alice/posts', undefined, carol)
    assert.equal(answer.body.posts.length, 2 * EACH + 1)
  })
})
