import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { RESTARTABLE, get, post, registerUser, removeNodes, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import type { MessageView } from '../../src/dm/index.js'
import { deviceMailboxKeyOf } from '../../src/crate/index.js'

/** alice's conversation with bob as a device holds it, without marking anything read (the API's GET would). */
function held (device: TestNode): MessageView[] {
  return device.parley.dm.store.conversation('alice', 'bob')
}

/** What two devices must agree on: every message, its text, order and state. */
function comparable (messages: MessageView[]): unknown[] {
  return messages.map((m) => ({ id: m.id, from: m.from, to: m.to, text: m.text, timestamp: m.timestamp, status: m.status, recipients: m.recipients == null ? undefined : Object.fromEntries(Object.entries(m.recipients).map(([u, r]) => [u, r.status])) }))
}

async function login (node: TestNode): Promise<string> {
  const answer = await node.call('POST', '/api/login', { username: 'alice', password: 'alice-password' })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body.token
}

/**
 * Issue 20, DMs on several devices: alice on two nodes at once, bob on a third. What bob
 * sends reaches both of alice's devices (directly while online, from the device's own
 * mailbox once a stopped one comes back); what alice sends from one device shows on the
 * other as outgoing with its state; what she reads on one is read on the other.
 */
describe('direct messages on two devices of one account', () => {
  let nodes: TestNode[]
  let laptop: TestNode
  let phone: TestNode
  let bob: TestNode

  before(async () => {
    nodes = await startTestNetwork(7, { ...RESTARTABLE, dmPollIntervalMs: 1_000 })
    ;[, laptop, phone, bob] = nodes
    laptop.token = await registerUser(laptop, 'alice')
    bob.token = await registerUser(bob, 'bob')
    phone.token = await login(phone)
  })

  after(async () => {
    await removeNodes(nodes)
  })

  it('bob → alice reaches both online devices directly', async () => {
    const sent = await post(bob, '/api/messages', { to: ['alice'], text: 'hello both' }, bob.token!)
    assert.equal(sent.recipients.alice.status, 'delivered')
    assert.equal(sent.recipients.alice.path, 'direct')
    for (const device of [laptop, phone]) {
      await waitFor(() => held(device).some((m) => m.id === sent.id), 30_000, 'each of alice\'s devices to hold bob\'s message')
    }
  })

  it('a device stopped while bob wrote gets his messages from its own mailbox when it comes back; the other had them at once', async () => {
    await phone.stop()
    const ids: string[] = []
    for (const text of ['while the phone was off 1', 'while the phone was off 2']) {
      const sent = await post(bob, '/api/messages', { to: ['alice'], text }, bob.token!)
      assert.equal(sent.recipients.alice.status, 'delivered', 'the laptop acknowledged it')
      ids.push(sent.id)
    }
    assert.ok(ids.every((id) => held(laptop).some((m) => m.id === id)))
    // the phone's crates wait in its own device mailbox, where the laptop's fetches do not take them
    const phoneMailbox = deviceMailboxKeyOf(laptop.parley.session!.keys.userKey, phone.parley.peerId)
    const holding = (): number => nodes.filter((n) => n !== phone).reduce((sum, n) => sum + n.parley.mailbox.replica.store.usage(phoneMailbox).crates, 0)
    assert.ok(holding() >= 2, `holders keep the phone's crates (${holding()} copies)`)
    await laptop.parley.dm.catchUp()
    assert.ok(holding() >= 2, 'the laptop\'s fetch leaves them')
    phone = await startTestNode({ ...RESTARTABLE, dataDir: phone.dataDir, port: phone.port, bootstrap: [nodes[0].addr], dmPollIntervalMs: 1_000 })
    nodes[2] = phone
    phone.token = await login(phone)
    await waitFor(() => ids.every((id) => held(phone).some((m) => m.id === id)), 60_000, 'the phone to fetch what came while it was off')
    await waitFor(() => holding() === 0, 30_000, 'the phone\'s acknowledgement to delete its crates')
    assert.deepEqual(comparable(held(phone)), comparable(held(laptop)))
  })

  it('alice writes from the laptop: bob gets it once, the phone shows it outgoing with its state', async () => {
    const sent = await post(laptop, '/api/messages', { to: ['bob'], text: 'from the laptop' }, laptop.token!)
    assert.equal(sent.recipients.bob.status, 'delivered')
    await waitFor(() => bob.parley.dm.store.conversation('bob', 'alice').some((m) => m.id === sent.id), 30_000, 'bob to get it')
    await waitFor(() => held(phone).find((m) => m.id === sent.id)?.status === 'delivered', 30_000, 'the phone to show the laptop\'s message as delivered')
    const copy = held(phone).find((m) => m.id === sent.id)!
    assert.equal(copy.from, 'alice')
    assert.deepEqual(copy.to, ['bob'])
    assert.equal(copy.recipients?.bob.status, 'delivered')
    assert.equal(copy.recipients?.bob.path, 'direct')
    await waitFor(() => laptop.parley.dm.store.deviceSync.count('alice') === 0, 30_000, 'the laptop\'s queued copy to go once the phone took it')
    // bob reads it: the read receipt reaches both of alice's devices
    await get(bob, '/api/messages?with=alice', bob.token!)
    for (const device of [laptop, phone]) {
      await waitFor(() => held(device).find((m) => m.id === sent.id)?.status === 'read', 30_000, 'each device to see bob read it')
    }
    assert.equal(bob.parley.dm.store.conversation('bob', 'alice').filter((m) => m.id === sent.id).length, 1, 'once')
  })

  it('alice reads on the phone: the laptop shows the same messages read; both hold the same conversation', async () => {
    assert.ok(held(laptop).some((m) => m.from === 'bob' && m.status === 'delivered'), 'unread on the laptop before')
    const read = await get(phone, '/api/messages?with=bob', phone.token!)
    assert.ok(read.messages.filter((m: any) => m.from === 'bob').length === 3)
    await waitFor(() => held(laptop).filter((m) => m.from === 'bob').every((m) => m.status === 'read'), 30_000, 'the laptop to mark bob\'s messages read')
    const unread = (device: TestNode): number => device.parley.dm.conversations().find((c) => c.with === 'bob')?.unread ?? -1
    assert.equal(unread(laptop), 0)
    assert.equal(unread(phone), 0)
    assert.equal(held(laptop).length, 4)
    assert.deepEqual(comparable(held(phone)), comparable(held(laptop)))
  })
  it('a device removed from the account receives nothing sent after its removal', async () => {
    const aliceKey = laptop.parley.session!.keys.userKey
    assert.equal((await laptop.call('DELETE', `/api/devices/${phone.parley.peerId}`, undefined, laptop.token)).status, 204)
    await waitFor(() => phone.parley.session == null, 30_000, 'the phone to hear it was removed')
    const before = held(phone).length
    // copies a holder got by upkeep after the phone's last fetch may still wait there: count from here
    const phoneMailbox = deviceMailboxKeyOf(aliceKey, phone.parley.peerId)
    const waiting = (): number => nodes.reduce((sum, n) => sum + n.parley.mailbox.replica.store.usage(phoneMailbox).crates, 0)
    const waitingBefore = waiting()
    // bob's cached profile of alice (kept 30 s) still lists the phone: its NOT_HERE makes him look again
    await waitFor(async () => (await bob.parley.directory.resolveProfile(aliceKey))?.record.removed.some((r) => r.peerId === phone.parley.peerId) === true, 30_000, 'bob to see the removal')
    const sent = await post(bob, '/api/messages', { to: ['alice'], text: 'after the removal' }, bob.token!)
    assert.equal(sent.recipients.alice.status, 'delivered')
    assert.ok(held(laptop).some((m) => m.id === sent.id))
    const mine = await post(laptop, '/api/messages', { to: ['bob'], text: 'from the laptop, alone now' }, laptop.token!)
    await waitFor(() => bob.parley.dm.store.conversation('bob', 'alice').some((m) => m.id === mine.id), 30_000, 'bob to get it')
    await get(bob, '/api/messages?with=alice', bob.token!)
    await waitFor(() => held(laptop).find((m) => m.id === mine.id)?.status === 'read', 30_000, 'the laptop to see bob read it')
    assert.equal(held(phone).length, before, 'nothing new on the removed phone')
    assert.equal(waiting(), waitingBefore, 'nothing new waits in its mailbox')
    await waitFor(() => laptop.parley.dm.store.deviceSync.count('alice') === 0, 30_000, 'no copy stays queued for the removed phone')
  })
})
