import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { waitForPost } from '../support/content.js'
import { callHttp, freePort, get, post, registerUser, startTestNetwork, startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { runCli, startNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

const FOLLOWERS = 15

/**
 * Must-show 1: twenty real nodes over TCP. The author is a real `parley node` process;
 * fifteen followers get its posts live; the author is SIGKILLed; a brand-new follower syncs
 * the whole feed from the network and follows; the restarted author sees that follower
 * and a notification.
 */
describe('twenty nodes: live posts, author killed, new follower, author back', () => {
  let nodes: TestNode[] // 0: bootstrap, 1-15: followers, 16-17: bystanders
  let newcomer: TestNode | undefined
  let author: NodeProcess | undefined
  let authorData: string
  let authorApi: string
  let authorToken: string
  const tokens: string[] = []
  const published: string[] = []

  before(async () => {
    nodes = await startTestNetwork(18)
    authorData = await tempDir()
    authorApi = `127.0.0.1:${await freePort()}`
    author = await startNodeProcess({ data: authorData, api: authorApi, bootstrap: [nodes[0].addr] })
    const registered = await callHttp(authorApi, 'POST', '/api/register', { username: 'author', password: 'author-password' })
    assert.equal(registered.status, 201)
    authorToken = registered.body.token
    for (let i = 1; i <= FOLLOWERS; i++) tokens[i] = await registerUser(nodes[i], `follower${i}`)
  })

  after(async () => {
    author?.child.kill('SIGKILL')
    await Promise.all([...nodes, ...(newcomer == null ? [] : [newcomer])].map(async (node) => node.stop()))
    await rm(authorData, { recursive: true, force: true })
  })

  it('fifteen followers follow the author, who sees all of them', async () => {
    await Promise.all(Array.from({ length: FOLLOWERS }, async (_, k) => post(nodes[k + 1], '/api/follow', { username: 'author' }, tokens[k + 1])))
    await waitFor(async () => (await callHttp(authorApi, 'GET', '/api/followers', undefined, authorToken)).body.length === FOLLOWERS, 150_000, 'the author to see 15 followers')
    const me = await callHttp(authorApi, 'GET', '/api/me', undefined, authorToken)
    assert.equal(me.body.followers, FOLLOWERS)
  })

  it('every online follower gets each new post (published with the CLI)', async () => {
    for (let n = 1; n <= 3; n++) {
      const text = `live post ${n}`
      const result = await runCli(['post', text, '--api', authorApi], { PARLEY_TOKEN: authorToken })
      assert.equal(result.code, 0, result.stderr)
      published.push(text)
      await Promise.all(Array.from({ length: FOLLOWERS }, async (_, k) => waitForPost(nodes[k + 1], tokens[k + 1], text, 60_000)))
    }
    // a post answers once it is in the local log; the remote log (what a newcomer syncs
    // from while the author is offline) names it shortly after, which the author's feed
    // settings show
    await waitFor(async () => {
      const { publication } = (await callHttp(authorApi, 'GET', '/api/feed/settings', undefined, authorToken)).body
      return publication.publishedSeq >= publication.headSeq && publication.headSeq > 0
    }, 60_000, 'the remote log to name every post')
  })

  it('after the author is SIGKILLed, a brand-new follower syncs the whole feed from the network', async () => {
    author!.child.kill('SIGKILL')
    assert.equal(await author!.exited, 'SIGKILL')
    newcomer = await startTestNode({ bootstrap: [nodes[0].addr] })
    const token = await registerUser(newcomer, 'newcomer')
    const posts = (await get(newcomer, '/api/users/author/posts', token)).posts
    assert.deepEqual(posts.map((p: any) => p.text), [...published].reverse())
    await post(newcomer, '/api/follow', { username: 'author' }, token)
    const timeline = await get(newcomer, '/api/timeline', token)
    assert.deepEqual(timeline.posts.map((p: any) => p.text), [...published].reverse())
  })

  it('the restarted author sees the new follower and a notification', async () => {
    author = await startNodeProcess({ data: authorData, api: authorApi, bootstrap: [nodes[0].addr] })
    const login = await callHttp(authorApi, 'POST', '/api/login', { username: 'author', password: 'author-password' })
    assert.equal(login.status, 200)
    authorToken = login.body.token
    await waitFor(async () => (await callHttp(authorApi, 'GET', '/api/followers', undefined, authorToken)).body.some((f: any) => f.username === 'newcomer'), 90_000, 'the author to see the new follower')
    const followers = (await callHttp(authorApi, 'GET', '/api/followers', undefined, authorToken)).body
    assert.equal(followers.length, FOLLOWERS + 1)
    const notes = (await callHttp(authorApi, 'GET', '/api/notifications', undefined, authorToken)).body
    assert.ok(notes.some((n: any) => n.kind === 'follow' && n.from === 'newcomer'), JSON.stringify(notes))
    const cli = await runCli(['notifications', '--api', authorApi], { PARLEY_TOKEN: authorToken })
    assert.match(cli.stdout, /newcomer followed you/)
  })
})
