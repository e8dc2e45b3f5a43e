import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork } from '../support/processes.js'
import type { ProcessMember as Member, ProcessNetwork } from '../support/processes.js'

/**
 * A follower's `parley node` process is stopped (SIGSTOP): its connections stay open and
 * nothing answers on them. The author's post must answer from the local log (issue 21:
 * durable and handed to gossip), and the remote-log publication follow in the background,
 * retried, with its state visible (`published` on the post, `publication` in the feed
 * settings). A generous bound, not a speed target: the answer comes while the follower is
 * still stopped.
 */
const ANSWER_BOUND_MS = 5_000

describe('a post while a follower is stopped', () => {
  let network: ProcessNetwork
  let alice: Member
  let bob: Member
  let bobStopped = false

  before(async () => {
    network = await startProcessNetwork(['alice', 'bob', 'carol', 'dave'], { password: (user) => `${user}-password-1` })
    ;[alice, bob] = network.members
    assert.equal((await callHttp(bob.api, 'POST', '/api/follow', { username: 'alice' }, bob.token)).status, 204)
    await waitFor(async () => (await callHttp(alice.api, 'GET', '/api/followers', undefined, alice.token)).body.length === 1, 30_000, 'alice to see her follower')
    // the mesh is formed and the first publication placed before the stop
    assert.equal((await callHttp(alice.api, 'POST', '/api/posts', { text: 'before the stop' }, alice.token)).status, 201)
    await waitFor(async () => await timelineTexts(bob).then((texts) => texts.includes('before the stop')), 30_000, 'bob to get the first post')
  })

  after(async () => {
    if (bobStopped) bob.node?.child.kill('SIGCONT')
    await network?.remove()
  })

  it('answers while the follower is stopped; after SIGCONT the follower gets the post and the publication state turns published', async () => {
    bob.node!.child.kill('SIGSTOP')
    bobStopped = true
    const answer = await Promise.race([
      callHttp(alice.api, 'POST', '/api/posts', { text: 'while bob is stopped' }, alice.token),
      new Promise<'no answer'>((resolve) => { setTimeout(() => { resolve('no answer') }, ANSWER_BOUND_MS).unref() })
    ])
    assert.notEqual(answer, 'no answer', `POST /api/posts did not answer within ${ANSWER_BOUND_MS} ms while a follower was stopped`)
    assert.ok(bobStopped, 'the answer came while bob was still stopped')
    const { status, body: post } = answer as { status: number, body: any }
    assert.equal(status, 201)
    assert.equal(typeof post.published, 'boolean', 'an own post says whether the remote log names it')
    // durable: the post is in the author's log when the answer comes
    const own = await callHttp(alice.api, 'GET', '/api/users/alice/posts', undefined, alice.token)
    assert.ok(own.body.posts.some((p: any) => p.id === post.id))

    bob.node!.child.kill('SIGCONT')
    bobStopped = false
    await waitFor(async () => await timelineTexts(bob).then((texts) => texts.includes('while bob is stopped')), 60_000, 'bob to get the post after SIGCONT')
    await waitFor(async () => {
      const settings = await callHttp(alice.api, 'GET', '/api/feed/settings', undefined, alice.token)
      return settings.body.publication.publishedSeq >= post.seq
    }, 120_000, 'the remote log to name the post')
    const settings = (await callHttp(alice.api, 'GET', '/api/feed/settings', undefined, alice.token)).body
    assert.equal(settings.publication.headSeq, post.seq)
    assert.equal(settings.publication.lastError, null)
    const timeline = await callHttp(alice.api, 'GET', '/api/timeline', undefined, alice.token)
    assert.equal(timeline.body.posts.find((p: any) => p.id === post.id)?.published, true)
    // another node finds the pointer naming the post in the DHT
    const carol = network.members[2]
    const read = await callHttp(carol.api, 'GET', '/api/users/alice/posts', undefined, carol.token)
    assert.ok(read.body.posts.some((p: any) => p.text === 'while bob is stopped'), 'carol reads the post through the remote log')
  })
})

async function timelineTexts (member: Member): Promise<string[]> {
  const answer = await callHttp(member.api, 'GET', '/api/timeline', undefined, member.token)
  return answer.status === 200 ? answer.body.posts.map((p: any) => p.text) : []
}
