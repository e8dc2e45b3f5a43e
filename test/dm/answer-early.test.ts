import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

const BURST = 60

/**
 * POST /api/messages?wait=false (issue 21): the answer comes once the message is stored and
 * handed to delivery, `sending`; every later state reaches the client as status events and
 * the stored conversation, and a burst answered that way arrives whole and in order.
 */
describe('a DM answered before its delivery', () => {
  let nodes: TestNode[]
  const tokens: Record<string, string> = {}

  before(async () => {
    nodes = await startTestNetwork(3, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 } })
    for (const [i, name] of [[1, 'alice'], [2, 'bob']] as const) tokens[name] = await registerUser(nodes[i], name)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it(`answers sending; ${BURST} sent back to back arrive once each in order and each reaches delivered by events`, async () => {
    const arrived: string[] = []
    nodes[2].parley.addEventListener('message', (event) => { arrived.push(event.detail.text) })
    const delivered = new Set<string>()
    nodes[1].parley.addEventListener('message-status', (event) => { if (event.detail.status === 'delivered') delivered.add(event.detail.id) })

    const ids: string[] = []
    for (let i = 0; i < BURST; i++) {
      const sent = await nodes[1].call('POST', '/api/messages?wait=false', { to: ['bob'], text: `early ${i}` }, tokens.alice)
      assert.equal(sent.status, 201, JSON.stringify(sent.body))
      assert.equal(sent.body.status, 'sending', `answer ${i}: ${JSON.stringify(sent.body)}`)
      assert.deepEqual(sent.body.recipients, { bob: { status: 'sending', storedOn: 0 } })
      ids.push(sent.body.id)
    }
    await waitFor(() => ids.every((id) => delivered.has(id)), 15_000, 'a delivered status event for every message')
    assert.deepEqual(arrived, Array.from({ length: BURST }, (_, i) => `early ${i}`), 'each once, in the order sent')
    const mine = await nodes[1].call('GET', '/api/messages?with=bob', undefined, tokens.alice)
    assert.deepEqual(mine.body.messages.map((m: any) => [m.id, m.status]), ids.map((id) => [id, 'delivered']))
    const theirs = await nodes[2].call('GET', '/api/messages?with=alice', undefined, tokens.bob)
    assert.deepEqual(theirs.body.messages.map((m: any) => m.text), arrived)
  })

  it('still answers with the outcome by default, and refuses another wait', async () => {
    const sent = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: 'waited for' }, tokens.alice)
    assert.equal(sent.body.status, 'delivered')
    const bad = await nodes[1].call('POST', '/api/messages?wait=maybe', { to: ['bob'], text: 'x' }, tokens.alice)
    assert.equal(bad.status, 400, JSON.stringify(bad.body))
  })
})
