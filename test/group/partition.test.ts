import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { committedTexts } from '../support/content.js'
import { RESTARTABLE, cut, heal, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Must-show 3: a transport-level partition of five members into two (with the host) and
 * three. The minority's messages stay pending; the majority elects a new host and keeps
 * committing; after healing, the minority's messages commit and everyone agrees.
 */
describe('group chat under a partition (5 in-process nodes over TCP)', () => {
  const USERS = ['pia', 'quin', 'rosa', 'sam', 'tess']
  let nodes: TestNode[] = []
  let groupId = ''

  before(async () => {
    nodes = await startTestNetwork(USERS.length, { ...RESTARTABLE, users: USERS })
    const created = await nodes[0].call('POST', '/api/groups', { name: 'split', members: USERS.slice(1) })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    groupId = created.body.id
    await waitFor(async () => (await Promise.all(nodes.map(async (n) => (await n.call('GET', `/api/groups/${groupId}`)).status))).every((s) => s === 200), 10_000, 'invitations')
    assert.equal((await nodes[0].call('POST', `/api/groups/${groupId}/start`)).status, 200)
  })

  after(async () => {
    await removeNodes(nodes)
  })

  const view = async (n: TestNode): Promise<any> => (await n.call('GET', `/api/groups/${groupId}`)).body
  const send = async (n: TestNode, text: string): Promise<any> => (await n.call('POST', `/api/groups/${groupId}/messages`, { text })).body

  it('the minority side stays pending, the majority continues, all commit after healing', async () => {
    await waitFor(async () => { const vs = await Promise.all(nodes.map(view)); return vs.every((v) => v.host != null && v.host === vs[0].host) }, 10_000, 'a host')
    assert.equal((await send(nodes[0], 'before')).status, 'committed')
    const hostName = (await view(nodes[0])).host
    const hostIndex = USERS.indexOf(hostName)
    const minority = [nodes[hostIndex], nodes[(hostIndex + 1) % 5]]
    const majority = nodes.filter((n) => !minority.includes(n))
    await cut(minority, majority)

    const pending = await send(minority[1], 'from the minority')
    assert.equal(pending.status, 'pending')
    const stranded = await send(minority[0], 'from the old host')
    assert.equal(stranded.status, 'pending')
    await waitFor(async () => { const v = await view(majority[0]); return v.host != null && v.host !== hostName }, 10_000, 'a new host on the majority side')
    assert.equal((await send(majority[1], 'from the majority')).status, 'committed')
    const minorityLog = (await minority[1].call('GET', `/api/groups/${groupId}/messages`)).body.messages
    assert.deepEqual(minorityLog.filter((m: any) => m.status === 'pending').map((m: any) => m.text), ['from the minority'])
    assert.ok(!(await committedTexts(minority[1], groupId)).some((t) => t.includes('majority')), 'the minority cannot see commits it was cut from')

    heal(nodes)
    await waitFor(async () => {
      const logs = await Promise.all(nodes.map(async (n) => committedTexts(n, groupId)))
      return logs.every((l) => l.length === 4)
    }, 20_000, 'all four messages committed everywhere after healing')
    const logs = await Promise.all(nodes.map(async (n) => committedTexts(n, groupId)))
    for (const log of logs.slice(1)) assert.deepEqual(log, logs[0])
    assert.deepEqual([...logs[0]].sort(), [`${USERS[0]}:before`, `${hostName}:from the old host`, `${USERS[nodes.indexOf(minority[1])]}:from the minority`, `${USERS[nodes.indexOf(majority[1])]}:from the majority`].sort())
    assert.equal(logs[0][0], `${USERS[0]}:before`)
  })
})
