import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { lpStream } from '@libp2p/utils'
import { WebSocket } from 'ws'
import { encodeFrame } from '../../src/group/codec.js'
import { GROUP_PROTOCOL } from '../../src/group/index.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import { committedTexts } from '../support/content.js'
import { RESTARTABLE, removeNodes, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

describe('group chats over TCP (3 in-process nodes)', () => {
  const USERS = ['alice', 'bob', 'carol']
  // dave's node runs from the start; he joins the running chat later
  let nodes: TestNode[] = []
  let groupId: string

  before(async () => {
    nodes = await startTestNetwork(USERS.length + 1, { ...RESTARTABLE, users: [...USERS, 'dave'] })
  })

  after(async () => {
    await removeNodes(nodes)
  })

  const view = async (node: TestNode): Promise<any> => (await node.call('GET', `/api/groups/${groupId}`)).body

  it('creates a group, invites the members and starts with a signed preferred-host list', async () => {
    const created = await nodes[0].call('POST', '/api/groups', { name: 'trio', members: ['bob', 'carol'] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    groupId = created.body.id
    assert.deepEqual(created.body.members.map((m: any) => m.username), USERS)
    assert.equal(created.body.started, false)
    await waitFor(async () => (await nodes[2].call('GET', `/api/groups/${groupId}`)).status === 200, 10_000, 'the invitation')
    assert.equal((await nodes[1].call('POST', `/api/groups/${groupId}/start`)).status, 403, 'only the creator starts')
    const started = await nodes[0].call('POST', `/api/groups/${groupId}/start`)
    assert.equal(started.status, 200, JSON.stringify(started.body))
    assert.deepEqual([...started.body.preferredHosts].sort(), USERS)
    await waitFor(async () => {
      const views = await Promise.all(nodes.slice(0, 3).map(view))
      return views.every((v) => v.host != null && v.host === views[0].host && v.term === views[0].term)
    }, 10_000, 'every member to know the same host')
    const v = await view(nodes[1])
    assert.equal(v.host, v.preferredHosts[0], 'the most preferred member hosts')
  })

  it('every member delivers the same committed order, each sender in its send order', async () => {
    const sends = nodes.slice(0, 3).flatMap((node, i) => [1, 2, 3].map((k) => async () => node.call('POST', `/api/groups/${groupId}/messages`, { text: `${USERS[i]}-${k}` })))
    // senders run in parallel, each sending its own in order
    const answers = (await Promise.all([0, 1, 2].map(async (i) => {
      const out = []
      for (const send of sends.slice(i * 3, i * 3 + 3)) out.push(await send())
      return out
    }))).flat()
    for (const a of answers) assert.deepEqual([a.status, a.body.status], [200, 'committed'])
    await waitFor(async () => (await Promise.all(nodes.slice(0, 3).map(async (n) => committedTexts(n, groupId)))).every((l) => l.length === 9), 10_000, 'nine messages committed everywhere')
    const logs = await Promise.all(nodes.slice(0, 3).map(async (n) => committedTexts(n, groupId)))
    assert.deepEqual(logs[1], logs[0])
    assert.deepEqual(logs[2], logs[0])
    for (const user of USERS) assert.deepEqual(logs[0].filter((t) => t.startsWith(`${user}:`)), [1, 2, 3].map((k) => `${user}:${user}-${k}`))
    assert.equal(new Set(logs[0]).size, 9)
  })

  it('committed messages go out as group events on /api/events', async () => {
    const socket = new WebSocket(`ws://${nodes[1].api.address}/api/events?token=${nodes[1].token}`)
    const events: any[] = []
    socket.on('message', (data) => { events.push(JSON.parse(data.toString())) })
    try {
      await waitFor(() => events.some((e) => e.type === 'hello'), 5_000, 'hello event')
      await nodes[2].call('POST', `/api/groups/${groupId}/messages`, { text: 'evented' })
      await waitFor(() => events.some((e) => e.type === 'group' && e.data.kind === 'message' && e.data.message.text === 'evented'), 5_000, 'the group event')
      const event = events.find((e) => e.type === 'group' && e.data.kind === 'message')
      const listed = (await nodes[1].call('GET', `/api/groups/${groupId}/messages`)).body.messages.find((m: any) => m.text === 'evented')
      assert.deepEqual([event.data.groupId, event.data.message.from, event.data.message.status, event.data.message.seq], [groupId, 'carol', 'committed', listed.seq])
    } finally {
      socket.close()
    }
  })

  it('texts are encrypted: no plaintext in any member\'s stored log, only members read them', async () => {
    const secret = 'the eagle lands at noon'
    assert.equal((await nodes[1].call('POST', `/api/groups/${groupId}/messages`, { text: secret })).body.status, 'committed')
    await waitFor(async () => (await committedTexts(nodes[2], groupId)).includes(`bob:${secret}`), 5_000, 'carol to read it')
    for (const node of nodes.slice(0, 3)) {
      const bodies = node.parley.database.db.prepare('SELECT body FROM group_log WHERE group_id = ?').all(groupId) as Array<{ body: Uint8Array }>
      assert.ok(bodies.length > 0)
      assert.ok(!bodies.some((b) => Buffer.from(b.body).includes(secret)), 'stored ciphertext only')
    }
  })

  it('rejects bad input with typed errors', async () => {
    assert.equal((await nodes[0].call('POST', `/api/groups/${groupId}/messages`, { text: '' })).status, 400)
    assert.equal((await nodes[0].call('POST', '/api/groups/nope/messages', { text: 'hi' })).status, 404)
    assert.equal((await nodes[1].call('POST', `/api/groups/${groupId}/members`, { username: 'dave' })).status, 403, 'only the creator adds')
    assert.equal((await nodes[0].call('POST', '/api/groups', { name: 'x', members: ['nobody_here'] })).status, 404)
  })

  it('frames from a non-member or garbage are dropped without harm', async () => {
    const attacker = await ScriptedDhtPeer.start([nodes[0].addr])
    try {
      const stream = await attacker.node.dialProtocol(nodes[0].parley.libp2p.peerId, GROUP_PROTOCOL)
      const lp = lpStream(stream)
      const forged = { id: 'evil', sender: nodes[1].parley.session!.userId, seq: 99, body: new Uint8Array(10) }
      await lp.write(new Uint8Array([0xff, 0x00, 0x13, 0x37]))
      await lp.write(encodeFrame(groupId, { kind: 'core', message: { type: 'append', term: 1_000, prev: 0, entries: [forged], commitIndex: 1, reset: true } }))
      await lp.write(encodeFrame(groupId, { kind: 'core', message: { type: 'collect', term: 1_000, commitIndex: 0 } }))
      await lp.write(encodeFrame(groupId, { kind: 'config', signed: new Uint8Array(64) }))
      await stream.close()
    } finally {
      await attacker.stop()
    }
    const v = await view(nodes[0])
    assert.ok(v.term < 1_000, 'the forged term was not adopted')
    const sent = await nodes[0].call('POST', `/api/groups/${groupId}/messages`, { text: 'still fine' })
    assert.equal(sent.body.status, 'committed')
    assert.ok(!(await committedTexts(nodes[0], groupId)).some((t) => t.includes('evil')))
  })

  it('a member added to the running chat gets the whole history and takes part', async () => {
    const added = await nodes[0].call('POST', `/api/groups/${groupId}/members`, { username: 'dave' })
    assert.equal(added.status, 200, JSON.stringify(added.body))
    assert.deepEqual(added.body.members.map((m: any) => m.username), [...USERS, 'dave'])
    await waitFor(async () => (await nodes[3].call('GET', `/api/groups/${groupId}`)).body?.host != null, 20_000, 'dave to run the chat')
    const sent = await nodes[3].call('POST', `/api/groups/${groupId}/messages`, { text: 'hi, I am new' })
    assert.equal(sent.body.status, 'committed')
    await waitFor(async () => {
      const logs = await Promise.all(nodes.map(async (n) => committedTexts(n, groupId)))
      return logs.every((l) => l.length === logs[0].length && l.at(-1) === 'dave:hi, I am new')
    }, 10_000, 'the same log at all four')
    const log = await committedTexts(nodes[3], groupId)
    assert.ok(log.includes('alice:(added dave)'), 'dave holds the log from before he joined')
    assert.ok(log.includes('alice:(encrypted: no key for this message here)') && !log.includes('alice:alice-1'), 'but cannot read what was said before')
    assert.ok((await committedTexts(nodes[0], groupId)).includes('alice:alice-1'))
    const v = await view(nodes[2])
    assert.deepEqual([...v.preferredHosts].sort(), [...USERS, 'dave'].sort(), 'the host choice was re-run with dave')
  })

  it('after every member stopped, the group resumes with its history and continues', async () => {
    const before = await committedTexts(nodes[0], groupId)
    const daveBefore = await committedTexts(nodes[3], groupId)
    await Promise.all(nodes.map(async (n) => n.stop()))
    const first = await startTestNode({ ...RESTARTABLE, dataDir: nodes[0].dataDir, port: nodes[0].port })
    const bootstrap = [first.addr]
    const rest = await Promise.all(nodes.slice(1).map(async (n) => startTestNode({ ...RESTARTABLE, dataDir: n.dataDir, port: n.port, bootstrap })))
    nodes = [first, ...rest]
    for (const [i, node] of nodes.entries()) {
      const user = [...USERS, 'dave'][i]
      const login = await node.call('POST', '/api/login', { username: user, password: `${user}-password` })
      assert.equal(login.status, 200, JSON.stringify(login.body))
      node.token = login.body.token
    }
    for (const node of nodes.slice(0, 3)) assert.deepEqual(await committedTexts(node, groupId), before, 'history intact from SQLite, keys again from the log')
    assert.deepEqual(await committedTexts(nodes[3], groupId), daveBefore)
    const measured = (await view(nodes[1])).measuredAt
    await waitFor(async () => (await view(nodes[1])).measuredAt > measured, 20_000, 'the creator to re-run the host choice on the rejoin')
    const sent = await nodes[2].call('POST', `/api/groups/${groupId}/messages`, { text: 'back again' })
    assert.equal(sent.body.status, 'committed')
    await waitFor(async () => (await Promise.all(nodes.map(async (n) => committedTexts(n, groupId)))).every((l) => l.at(-1) === 'carol:back again'), 10_000, 'the new message everywhere')
    for (const node of nodes.slice(0, 3)) assert.deepEqual(await committedTexts(node, groupId), [...before, 'carol:back again'])
    assert.equal(before.length, 14)
  })
})
