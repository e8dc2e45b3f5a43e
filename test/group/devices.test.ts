import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { MIRROR_PROTOCOL } from '../../src/group/constants.js'
import { encodeMirrorFrame } from '../../src/group/mirror-codec.js'
import { RESTARTABLE, get, post, registerUser, removeNodes, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

interface Shown { id: string, seq: number | null, from: string, text: string, status: string }

async function login (node: TestNode): Promise<string> {
  const answer = await node.call('POST', '/api/login', { username: 'alice', password: 'alice-password' })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body.token
}

/**
 * Issue 20, groups on several devices: alice on a laptop and a phone, bob on a third
 * node. The group config binds alice to one of her devices (the group device, which takes
 * part in the ordering); the other (a companion) mirrors the committed log from it and
 * sends through it (docs/protocols/group.md, "Devices").
 */
describe('group chats on two devices of one account', () => {
  let nodes: TestNode[]
  let laptop: TestNode
  let phone: TestNode
  let bob: TestNode
  /** the device bob's group config names for alice, and the other one */
  let groupDevice: TestNode
  let companion: TestNode
  let groupId: string
  /** a device linked by code later */
  let tablet: TestNode

  const messages = async (node: TestNode): Promise<Shown[]> => (await get(node, `/api/groups/${groupId}/messages?limit=1000`, node.token!)).messages
  const committed = async (node: TestNode): Promise<Shown[]> => (await messages(node)).filter((m) => m.status === 'committed').map(({ id, seq, from, text }) => ({ id, seq, from, text, status: 'committed' }))
  const holds = async (node: TestNode, id: string): Promise<boolean> => (await committed(node)).some((m) => m.id === id)
  const send = async (node: TestNode, text: string): Promise<{ id: string, status: string }> => post(node, `/api/groups/${groupId}/messages`, { text }, node.token!)

  before(async () => {
    nodes = await startTestNetwork(6, RESTARTABLE)
    ;[, laptop, phone, bob] = nodes
    laptop.token = await registerUser(laptop, 'alice')
    bob.token = await registerUser(bob, 'bob')
    phone.token = await login(phone)
    await waitFor(() => laptop.parley.session?.profile.devices.length === 2, 30_000, 'the laptop to know the phone')
  })

  after(async () => {
    await removeNodes(nodes)
  })

  it('bob makes a group with alice: the device it names runs it, the other gets every message', async (t) => {
    const created = await post(bob, '/api/groups', { name: 'two devices', members: ['alice'] }, bob.token!)
    groupId = created.id
    const bound = created.members.find((m: any) => m.username === 'alice').peerId
    groupDevice = [laptop, phone].find((n) => n.parley.peerId === bound)!
    companion = groupDevice === laptop ? phone : laptop
    assert.ok(groupDevice != null, 'the config names one of alice\'s devices')
    t.diagnostic(`the group device is alice's ${groupDevice === laptop ? 'laptop' : 'phone'}`)
    await waitFor(async () => (await groupDevice.call('GET', `/api/groups/${groupId}`, undefined, groupDevice.token)).status === 200, 30_000, 'the invitation')
    await post(bob, `/api/groups/${groupId}/start`, {}, bob.token!)
    await waitFor(async () => (await companion.call('GET', `/api/groups/${groupId}`, undefined, companion.token)).body?.started === true, 30_000, 'the companion to hold the started group')
    // only the group device starts or changes the group (here bob is the creator anyway)
    const sent = [await send(bob, 'bob 1'), await send(groupDevice, 'alice from her group device'), await send(bob, 'bob 2')]
    await waitFor(async () => (await Promise.all(sent.map(async (s) => holds(companion, s.id)))).every(Boolean), 30_000, 'the companion to get every message')
    assert.deepEqual(await committed(companion), await committed(bob))
    assert.deepEqual((await committed(companion)).map((m) => m.text), ['bob 1', 'alice from her group device', 'bob 2'])
  })

  it('the companion sends: bob and both of alice\'s devices show it, in one committed order', async () => {
    const mine = await send(companion, 'from the companion')
    // bob writes at the same time: the order is the group's, the same on all three nodes
    const his = await send(bob, 'bob meanwhile')
    for (const node of [bob, groupDevice, companion]) {
      await waitFor(async () => (await holds(node, mine.id)) && (await holds(node, his.id)), 30_000, 'the companion\'s message committed everywhere')
    }
    const logs = await Promise.all([bob, groupDevice, companion].map(committed))
    assert.deepEqual(logs[1], logs[0])
    assert.deepEqual(logs[2], logs[0])
    const shown = logs[0].find((m) => m.id === mine.id)!
    assert.deepEqual([shown.from, shown.text], ['alice', 'from the companion'])
    assert.equal((await messages(companion)).filter((m) => m.status === 'pending').length, 0, 'nothing left pending on the companion')
  })

  it('the companion\'s sends answered early (wait=false): pending at once, each committed once, in order, everywhere', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `companion early ${i}`)
    for (const text of texts) {
      const answer = await post(companion, `/api/groups/${groupId}/messages?wait=false`, { text }, companion.token!)
      assert.equal(answer.status, 'pending', JSON.stringify(answer))
    }
    const early = async (node: TestNode): Promise<string[]> => (await committed(node)).map((m) => m.text).filter((t) => t.startsWith('companion early'))
    for (const node of [bob, groupDevice, companion]) await waitFor(async () => (await early(node)).length === texts.length, 30_000, 'the early sends committed everywhere')
    for (const node of [bob, groupDevice, companion]) assert.deepEqual(await early(node), texts)
    assert.equal((await messages(companion)).filter((m) => m.status === 'pending').length, 0, 'nothing left pending on the companion')
  })

  it('a group alice makes on one device runs there, and her other device mirrors it and sends through it', async () => {
    const created = await post(companion, '/api/groups', { name: 'made on the other device', members: ['bob'] }, companion.token!)
    const other = created.id as string
    assert.equal(created.members.find((m: any) => m.username === 'alice').peerId, companion.parley.peerId, 'the device it was made on is its group device')
    assert.equal(created.companion, false)
    await waitFor(async () => (await bob.call('GET', `/api/groups/${other}`, undefined, bob.token)).status === 200, 30_000, 'bob\'s invitation')
    await waitFor(async () => (await groupDevice.call('GET', `/api/groups/${other}`, undefined, groupDevice.token)).status === 200, 30_000, 'alice\'s other device to hold it')
    const refused = await groupDevice.call('POST', `/api/groups/${other}/start`, undefined, groupDevice.token)
    assert.deepEqual([refused.status, refused.body.error?.code], [409, 'not_group_device'])
    await post(companion, `/api/groups/${other}/start`, {}, companion.token!)
    await waitFor(async () => (await get(groupDevice, `/api/groups/${other}`, groupDevice.token!)).started === true, 30_000, 'the mirrored group to start')
    assert.equal((await get(groupDevice, `/api/groups/${other}`, groupDevice.token!)).companion, true)
    const sent = await post(groupDevice, `/api/groups/${other}/messages`, { text: 'through my other device' }, groupDevice.token!)
    const shown = async (node: TestNode): Promise<Shown[]> => (await get(node, `/api/groups/${other}/messages`, node.token!)).messages.filter((m: Shown) => m.status === 'committed')
    for (const node of [bob, companion, groupDevice]) await waitFor(async () => (await shown(node)).some((m) => m.id === sent.id), 30_000, 'the message to commit everywhere')
    assert.deepEqual(await shown(groupDevice), await shown(bob))
    assert.deepEqual(await shown(companion), await shown(bob))
  })

  it('a companion that was stopped gets what it missed when it comes back; its own send waits until the group device is back', async () => {
    const index = nodes.indexOf(companion)
    await companion.stop()
    const missed = [await send(bob, 'while the companion was off'), await send(groupDevice, 'alice while her companion was off')]
    companion = await startTestNode({ ...RESTARTABLE, dataDir: companion.dataDir, port: companion.port, bootstrap: [nodes[0].addr] })
    nodes[index] = companion
    if (index === 1) laptop = companion
    else phone = companion
    companion.token = await login(companion)
    await waitFor(async () => (await Promise.all(missed.map(async (s) => holds(companion, s.id)))).every(Boolean), 60_000, 'the companion to catch up')
    assert.deepEqual(await committed(companion), await committed(bob))

    // the group device away: the companion's send stays pending (kept), then goes through once it is back
    const gIndex = nodes.indexOf(groupDevice)
    await groupDevice.stop()
    const waiting = await send(companion, 'sent while the group device was off')
    assert.equal(waiting.status, 'pending')
    assert.ok((await messages(companion)).some((m) => m.id === waiting.id && m.status === 'pending'), 'shown pending')
    groupDevice = await startTestNode({ ...RESTARTABLE, dataDir: groupDevice.dataDir, port: groupDevice.port, bootstrap: [nodes[0].addr] })
    nodes[gIndex] = groupDevice
    if (gIndex === 1) laptop = groupDevice
    else phone = groupDevice
    groupDevice.token = await login(groupDevice)
    for (const node of [bob, groupDevice, companion]) await waitFor(async () => holds(node, waiting.id), 60_000, 'the waiting send to commit everywhere')
    assert.deepEqual(await committed(companion), await committed(bob))
    assert.deepEqual(await committed(groupDevice), await committed(bob))
  })

  it('a device linked by code (POST /api/link) holds the group and can send in it', async () => {
    tablet = nodes[4]
    const { code } = await post(groupDevice, '/api/devices/link', {}, groupDevice.token!)
    const linked = await tablet.call('POST', '/api/link', { username: 'alice', code, deviceName: 'tablet' })
    assert.equal(linked.status, 200, JSON.stringify(linked.body))
    tablet.token = linked.body.token
    assert.ok((await committed(tablet)).length > 0, 'the group came with the link')
    const sent = await send(tablet, 'from the linked tablet')
    for (const node of [bob, groupDevice, tablet]) await waitFor(async () => holds(node, sent.id), 30_000, 'the linked device\'s message to commit everywhere')
    assert.deepEqual(await committed(tablet), await committed(bob))
    assert.equal((await messages(tablet)).filter((m) => m.status === 'pending').length, 0)
  })
  it('a companion removed from the account gets nothing sent after: the group device neither pushes to it nor answers it', async () => {
    const before = await send(bob, 'before the removal')
    for (const node of [companion, tablet]) await waitFor(async () => holds(node, before.id), 30_000, 'both companions to get it')
    const stored = (): number => Number((companion.parley.database.db.prepare('SELECT COUNT(*) AS n FROM group_log WHERE group_id = ?').get(groupId) as any).n)
    assert.equal((await groupDevice.call('DELETE', `/api/devices/${companion.parley.peerId}`, undefined, groupDevice.token)).status, 204)
    await waitFor(() => companion.parley.session == null, 30_000, 'the companion to hear it was removed')
    const held = stored()
    // from here, any mirror stream the group device opens to the removed device is counted
    const libp2p = companion.parley.libp2p
    const groupPeer = peerIdFromString(groupDevice.parley.peerId)
    for (const c of libp2p.getConnections(groupPeer)) for (const st of c.streams) if (st.protocol === MIRROR_PROTOCOL) st.abort(new Error('test: watch from here'))
    let opened = 0
    await libp2p.unhandle(MIRROR_PROTOCOL)
    await libp2p.handle(MIRROR_PROTOCOL, (stream) => { opened++; stream.abort(new Error('test: counted')) }, { runOnLimitedConnection: true })
    // the removed device asks for the whole group: its stream is reset at once (an answer would open a stream back)
    const lp = lpStream(await libp2p.dialProtocol(groupPeer, MIRROR_PROTOCOL))
    const signal = AbortSignal.timeout(20_000)
    const answer = await (async () => {
      await lp.write(encodeMirrorFrame({ kind: 'pull', groups: [] }))
      return lp.read({ signal })
    })().then((frame) => frame, (err: Error) => err)
    assert.ok(answer instanceof Error && !signal.aborted, `the group device resets a removed device's stream (got ${String(answer)})`)
    const later = await send(bob, 'after the removal')
    // pushed to the companion still on the account at the same moment: once it has it, a push to the removed one would have gone too
    for (const node of [groupDevice, tablet]) await waitFor(async () => holds(node, later.id), 30_000, 'the group device and the tablet to have it')
    assert.equal(opened, 0, 'no mirror stream to the removed device')
    assert.equal(stored(), held, 'nothing new in the removed device\'s group log')
  })
})
