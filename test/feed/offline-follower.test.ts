import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { waitForPost } from '../support/content.js'
import { callHttp, get, post, registerUser, startTestNetwork, startTestNode, tempDir } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

const MISSED = 50

/** Must-show 2: a follower offline for 50 posts catches up on login; its timeline equals the author's feed. */
describe('a follower that was offline catches up on login', () => {
  let nodes: TestNode[]
  let follower: TestNode | undefined
  let followerData: string
  let aliceToken: string

  async function startFollower (bootstrap: string): Promise<TestNode> {
    return startTestNode({ dataDir: followerData, bootstrap: [bootstrap], keepData: true })
  }

  async function stopFollower (): Promise<void> {
    await follower?.stop()
    follower = undefined
  }

  before(async () => {
    nodes = await startTestNetwork(5)
    followerData = await tempDir()
    aliceToken = await registerUser(nodes[1], 'alice')
  })

  after(async () => {
    await stopFollower()
    await Promise.all(nodes.map(async (node) => node.stop()))
    await rm(followerData, { recursive: true, force: true })
  })

  it('misses 50 posts while its node is down, then has them all, in the author\'s order', async () => {
    const bootstrap = nodes[0].addr
    follower = await startFollower(bootstrap)
    const registered = await callHttp(follower.api.address, 'POST', '/api/register', { username: 'bob', password: 'bob-password' })
    assert.equal(registered.status, 201)
    const bobNode = { call: async (m: string, p: string, b?: unknown, t?: string) => callHttp(follower!.api.address, m, p, b, t) } as unknown as TestNode
    await post(bobNode, '/api/follow', { username: 'alice' }, registered.body.token)
    await post(nodes[1], '/api/posts', { text: 'before the break' }, aliceToken)
    await waitForPost(bobNode, registered.body.token, 'before the break')

    await stopFollower() // a clean stop: bob goes offline
    for (let i = 1; i <= MISSED; i++) await post(nodes[1], '/api/posts', { text: `while away ${i}` }, aliceToken)

    follower = await startFollower(bootstrap)
    const login = await callHttp(follower.api.address, 'POST', '/api/login', { username: 'bob', password: 'bob-password' })
    assert.equal(login.status, 200)
    await waitForPost(bobNode, login.body.token, `while away ${MISSED}`, 60_000)

    // the author's own view also says whether each post reached the remote log (`published`)
    const feed = (await get(nodes[1], '/api/users/alice/posts', aliceToken)).posts.map(({ published, ...entry }: any) => entry)
    assert.equal(feed.length, MISSED + 1)
    const timeline = await get(bobNode, '/api/timeline?limit=500', login.body.token)
    assert.deepEqual(timeline.posts, feed, 'same entries, same order')
  })
})
