import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { waitForPost } from '../support/content.js'
import { TEST_SCRYPT, get, post, registerUser, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

const NODE = { scrypt: TEST_SCRYPT, dmPollIntervalMs: 1_000 }

/**
 * Linking a device by code (issue 20): alice's laptop shows a code, a fresh node redeems it
 * and becomes one of her devices with her follows, posts and conversations; wrong codes are
 * counted and void the code; the laptop stays signed in.
 */
describe('a new device linked by code', () => {
  let nodes: TestNode[]
  let laptop: TestNode
  let bob: TestNode
  let phone: TestNode
  const tokens: Record<string, string> = {}

  before(async () => {
    // node 0 bootstraps; alice's laptop on 1, bob on 2, alice's new phone on 3
    nodes = await startTestNetwork(4, NODE)
    ;[laptop, bob, phone] = [nodes[1], nodes[2], nodes[3]]
    tokens.alice = await registerUser(laptop, 'alice')
    tokens.bob = await registerUser(bob, 'bob')
    await post(laptop, '/api/follow', { username: 'bob' }, tokens.alice)
    await post(bob, '/api/posts', { text: 'bob was here' }, tokens.bob)
    await post(laptop, '/api/posts', { text: 'alice on her laptop' }, tokens.alice)
    for (let i = 0; i < 5; i++) await post(laptop, '/api/messages', { to: ['bob'], text: `alice to bob ${i}` }, tokens.alice)
    await post(bob, '/api/messages', { to: ['alice'], text: 'bob to alice' }, tokens.bob)
    await waitFor(async () => (await get(laptop, '/api/messages?with=bob', tokens.alice)).messages.length === 6, 30_000, 'the laptop to hold the conversation')
    await waitForPost(laptop, tokens.alice, 'bob was here')
  })

  after(async () => { await removeNodes(nodes) })

  it('refuses a code of the wrong shape, and an unknown user, before asking anyone', async () => {
    const shape = await phone.call('POST', '/api/link', { username: 'alice', code: 'ABC' })
    assert.equal(shape.status, 400)
    assert.match(shape.body.error.message, /8 letters and digits/)
    const nobody = await phone.call('POST', '/api/link', { username: 'nobody_here', code: 'ABCD-EFGH' })
    assert.equal(nobody.status, 404)
  })

  it('refuses on a node where another user is signed in, before asking anyone', async () => {
    const answer = await bob.call('POST', '/api/link', { username: 'alice', code: 'ABCD-EFGH' })
    assert.deepEqual([answer.status, answer.body.error.code], [409, 'other_user_signed_in'])
    assert.equal(bob.parley.session?.username, 'bob', 'bob is still signed in')
  })

  it('counts wrong codes and voids the code after five', async () => {
    const { code } = await post(laptop, '/api/devices/link', {}, tokens.alice)
    const wrong = (code.startsWith('A') ? 'B' : 'A') + code.slice(1)
    for (let left = 4; left >= 0; left--) {
      const answer = await phone.call('POST', '/api/link', { username: 'alice', code: wrong })
      assert.equal(answer.status, 403, JSON.stringify(answer.body))
      assert.equal(answer.body.error.code, 'link_code_wrong')
      assert.match(answer.body.error.message, new RegExp(`${left} more`))
    }
    const voided = await phone.call('POST', '/api/link', { username: 'alice', code })
    assert.equal(voided.status, 410, JSON.stringify(voided.body))
    assert.equal(voided.body.error.code, 'link_code_unknown')
    assert.equal(phone.parley.session, undefined, 'nothing signed in on the phone')
  })

  it('the right code makes the phone one of alice\'s devices, with her state', async () => {
    const { code, expiresAt } = await post(laptop, '/api/devices/link', {}, tokens.alice)
    assert.ok(expiresAt > Date.now())
    const answer = await phone.call('POST', '/api/link', { username: 'alice', code: code.toLowerCase(), deviceName: 'phone' })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    assert.equal(answer.body.user.username, 'alice')
    assert.equal(answer.body.device.deviceId, phone.parley.peerId)
    assert.equal(answer.body.device.name, 'phone')
    assert.ok(answer.body.copied.rows > 0)
    tokens.phone = answer.body.token
    const on = async (node: TestNode, token: string, path: string): Promise<any> => get(node, path, token)
    assert.deepEqual(await on(phone, tokens.phone, '/api/following'), await on(laptop, tokens.alice, '/api/following'))
    const texts = (page: any): string[] => page.messages.map((m: any) => `${m.from}: ${m.text} (${m.status})`)
    assert.deepEqual(texts(await on(phone, tokens.phone, '/api/messages?with=bob')), texts(await on(laptop, tokens.alice, '/api/messages?with=bob')))
    const own = (page: any): string[] => page.posts.map((p: any) => p.text)
    assert.deepEqual(own(await on(phone, tokens.phone, '/api/users/alice/posts')), own(await on(laptop, tokens.alice, '/api/users/alice/posts')))
    // a code works once
    const again = await nodes[0].call('POST', '/api/link', { username: 'alice', code })
    assert.equal(again.status, 410)
  })

  it('the laptop stays signed in beside the phone', async () => {
    const me = await laptop.call('GET', '/api/me', undefined, tokens.alice)
    assert.equal(me.status, 200, JSON.stringify(me.body))
    assert.equal(me.body.username, 'alice')
    assert.equal((await phone.call('GET', '/api/me', undefined, tokens.phone)).status, 200)
    // and each lists the other among the account's devices
    const ids = async (node: TestNode, token: string): Promise<string[]> => (await get(node, '/api/devices', token)).map((d: any) => d.deviceId).sort()
    const both = [laptop.parley.peerId, phone.parley.peerId].sort()
    await waitFor(async () => JSON.stringify(await ids(laptop, tokens.alice)) === JSON.stringify(both), 30_000, 'the laptop to list the phone')
    await waitFor(async () => JSON.stringify(await ids(phone, tokens.phone)) === JSON.stringify(both), 30_000, 'the phone to list the laptop')
  })
})
