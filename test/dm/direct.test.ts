import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { AccountStore } from '../../src/identity/index.js'
import { DmAck, DmPayload } from '../../src/dm/wire.js'
import { TEST_SCRYPT, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { crateSender, mailboxKeyOf, sealCrate } from '../../src/crate/index.js'

/** Both users online: messages go over /parley/dm directly, no crate is stored anywhere. */
describe('direct messages between online users', () => {
  let nodes: TestNode[]
  const tokens: Record<string, string> = {}

  before(async () => {
    nodes = await startTestNetwork(5, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 } })
    for (const [i, name] of [[1, 'alice'], [2, 'bob'], [3, 'carol']] as const) tokens[name] = await registerUser(nodes[i], name)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  const storedCrates = (): number => nodes.reduce((n, node) => n + node.parley.mailbox.replica.store.count(), 0)

  it('delivers at once with an acknowledgement, stores no crate, and turns read when bob opens the conversation', async () => {
    const arrived: any[] = []
    nodes[2].parley.addEventListener('message', (event) => { arrived.push(event.detail) })
    const statuses: any[] = []
    nodes[1].parley.addEventListener('message-status', (event) => { statuses.push(event.detail) })

    const sent = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: 'hello bob' }, tokens.alice)
    assert.equal(sent.status, 201)
    assert.equal(sent.body.status, 'delivered')
    assert.deepEqual(sent.body.recipients, { bob: { status: 'delivered', storedOn: 0, path: 'direct' } })
    assert.equal(storedCrates(), 0, 'no crate stored at any holder')
    assert.equal(arrived.length, 1)
    assert.equal(arrived[0].text, 'hello bob')
    assert.equal(arrived[0].from, 'alice')
    assert.ok(statuses.some((s) => s.id === sent.body.id && s.status === 'delivered'))

    const seen = await nodes[2].call('GET', '/api/messages?with=alice', undefined, tokens.bob)
    assert.equal(seen.status, 200)
    assert.deepEqual(seen.body.messages.map((m: any) => [m.id, m.from, m.to, m.text]), [[sent.body.id, 'alice', ['bob'], 'hello bob']])
    await waitFor(async () => {
      const mine = await nodes[1].call('GET', '/api/messages?with=bob', undefined, tokens.alice)
      return mine.body.messages[0]?.status === 'read'
    }, 15_000, 'the read receipt')
    assert.ok(statuses.some((s) => s.id === sent.body.id && s.status === 'read'))
    assert.equal(storedCrates(), 0, 'the receipt went direct too')
  })

  it('tracks each recipient of a message to several users', async () => {
    const sent = await nodes[1].call('POST', '/api/messages', { to: ['bob', 'carol'], text: 'hello both' }, tokens.alice)
    assert.equal(sent.status, 201)
    assert.deepEqual(Object.keys(sent.body.recipients).sort(), ['bob', 'carol'])
    assert.equal(sent.body.status, 'delivered')
    await nodes[3].call('GET', '/api/messages?with=alice', undefined, tokens.carol)
    await waitFor(async () => {
      const mine = await nodes[1].call('GET', '/api/messages?with=carol', undefined, tokens.alice)
      const message = mine.body.messages.find((m: any) => m.id === sent.body.id)
      return message?.recipients.carol.status === 'read'
    }, 15_000, 'carol\'s read receipt')
    const mine = await nodes[1].call('GET', '/api/messages?with=bob', undefined, tokens.alice)
    const message = mine.body.messages.find((m: any) => m.id === sent.body.id)
    assert.equal(message.recipients.bob.status, 'delivered', 'bob has not opened it yet')
    assert.equal(message.status, 'delivered', 'overall: the least advanced recipient')
  })

  it('the events socket carries message and status events', async () => {
    const bobEvents: any[] = []
    const aliceEvents: any[] = []
    const sockets = [[nodes[2], tokens.bob, bobEvents], [nodes[1], tokens.alice, aliceEvents]].map(([node, token, events]: any) => {
      const socket = new WebSocket(`ws://${node.api.address}/api/events?token=${token}`)
      socket.on('message', (data) => { events.push(JSON.parse(data.toString())) })
      return socket
    })
    await waitFor(() => bobEvents.some((e) => e.type === 'hello') && aliceEvents.some((e) => e.type === 'hello'), 5_000, 'both sockets')
    const sent = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: 'over the socket' }, tokens.alice)
    await waitFor(() => bobEvents.some((e) => e.type === 'message' && e.data.text === 'over the socket' && e.data.from === 'alice'), 5_000, 'bob\'s message event')
    await waitFor(() => aliceEvents.some((e) => e.type === 'status' && e.data.id === sent.body.id && e.data.status === 'delivered'), 5_000, 'alice\'s status event')
    for (const socket of sockets) socket.close()
  })

  it('a replayed crate is shown once', async () => {
    const alice = nodes[1].parley
    const session = alice.session!
    const sender = crateSender('alice', session.keys, new AccountStore(alice.database).get('alice')!.createdAt)
    const bob = nodes[2].parley.session!
    const payload = DmPayload.encode({ messages: [{ id: 'feedfacefeedfacefeedfacefeedface', text: 'only once', timestamp: BigInt(Date.now()), to: ['bob'] }] })
    const crate = await sealCrate(payload, { userKey: bob.keys.userKey, encryptionKey: bob.keys.encryptionKey }, sender)
    const device = { peerId: nodes[2].parley.peerId, addrs: [] }
    for (let i = 0; i < 3; i++) assert.equal((await alice.dm.direct.send(device, crate)).ack.status, DmAck.Status.OK)
    // and once more sealed afresh (a new crate id) with the same message id
    const again = await sealCrate(payload, { userKey: bob.keys.userKey, encryptionKey: bob.keys.encryptionKey }, sender)
    assert.equal((await alice.dm.direct.send(device, again)).ack.status, DmAck.Status.OK)
    const seen = await nodes[2].call('GET', '/api/messages?with=alice', undefined, tokens.bob)
    assert.equal(seen.body.messages.filter((m: any) => m.text === 'only once').length, 1)
    // a crate for someone else is refused by bob's device
    const forCarol = await sealCrate(payload, { userKey: nodes[3].parley.session!.keys.userKey, encryptionKey: nodes[3].parley.session!.keys.encryptionKey }, sender)
    assert.equal((await alice.dm.direct.send(device, forCarol)).ack.status, DmAck.Status.NOT_HERE)
    assert.notDeepEqual(mailboxKeyOf(bob.keys.userKey), mailboxKeyOf(nodes[3].parley.session!.keys.userKey))
  })

  it('answers bad requests with clear errors', async () => {
    const unknown = await nodes[1].call('POST', '/api/messages', { to: ['nobody_here'], text: 'hi' }, tokens.alice)
    assert.equal(unknown.status, 404)
    const empty = await nodes[1].call('POST', '/api/messages', { to: [], text: 'hi' }, tokens.alice)
    assert.equal(empty.status, 400)
    const self = await nodes[1].call('POST', '/api/messages', { to: ['alice'], text: 'hi' }, tokens.alice)
    assert.equal(self.status, 400)
    const noAuth = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: 'hi' })
    assert.equal(noAuth.status, 401)
    const list = await nodes[2].call('GET', '/api/messages', undefined, tokens.bob)
    assert.ok(list.body.conversations.some((c: any) => c.with === 'alice'))
  })
})
