import assert from 'node:assert/strict'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { GroupRuntime } from '../../src/group/runtime.js'
import { GroupStore } from '../../src/group/store.js'
import { committedTexts } from '../support/content.js'
import { RESTARTABLE, cut, heal, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { PersistChanges } from '../../src/group/store.js'
import type { ParleyDatabase } from '../../src/store/index.js'
import type { TestNode } from '../support/nodes.js'

const BURST = 50

/**
 * The host's own messages are stored once, as rows of its log, in the transaction that
 * answers `pending`: no outbox row is written for them, nor deleted at their commit
 * (issue 21). What the host's file holds at any moment, read as a restart after a
 * SIGKILL would (a second connection to the live WAL file), still has every uncommitted
 * one in the outbox, and each commits once.
 */
describe('the host\'s own messages are stored in its log only', () => {
  let nodes: TestNode[] = []
  let groupId = ''
  let host: TestNode
  let other: TestNode
  const persist = GroupStore.prototype.persist
  const rows = new Map<GroupStore, number>()
  const step = GroupRuntime.prototype.step
  /** the bodies of the own entries the nodes stepped in (sent), which their logs keep */
  const sentBodies: Uint8Array[] = []

  before(async () => {
    nodes = await startTestNetwork(2, { ...RESTARTABLE, users: ['alice', 'bob'] })
    GroupStore.prototype.persist = function (this: GroupStore, id: string, changes: PersistChanges) {
      rows.set(this, (rows.get(this) ?? 0) + changes.outboxAdd.length)
      persist.call(this, id, changes)
    }
    GroupRuntime.prototype.step = function (this: GroupRuntime, input: Parameters<GroupRuntime['step']>[0]) {
      if (input.type === 'send') sentBodies.push(input.body)
      return step.call(this, input)
    }
  })

  after(async () => {
    GroupStore.prototype.persist = persist
    GroupRuntime.prototype.step = step
    await removeNodes(nodes)
  })

  /** The group as a node restarted on the host's file now would load it. */
  function reopened (): { outboxRows: number, outbox: string[], committed: number } {
    const db = new DatabaseSync(join(host.dataDir, 'parley.sqlite'), { readOnly: true })
    try {
      const store = new GroupStore({ db } as unknown as ParleyDatabase)
      const row = store.get(groupId)!
      const g = new GroupRuntime(row, store, Date.now())
      const outboxRows = Number((db.prepare('SELECT COUNT(*) AS n FROM group_outbox WHERE group_id = ?').get(groupId) as any).n)
      return { outboxRows, outbox: g.state!.outbox.map((e) => e.id), committed: g.state!.commitIndex }
    } finally {
      db.close()
    }
  }

  it('starts a group of two', async () => {
    const created = await nodes[0].call('POST', '/api/groups', { name: 'host outbox', members: ['bob'] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    groupId = created.body.id
    await waitFor(async () => (await nodes[1].call('GET', `/api/groups/${groupId}`)).status === 200, 10_000, 'the invitation')
    assert.equal((await nodes[0].call('POST', `/api/groups/${groupId}/start`)).status, 200)
    let name = ''
    await waitFor(async () => { name = (await nodes[0].call('GET', `/api/groups/${groupId}`)).body.host ?? ''; return name !== '' }, 10_000, 'a host')
    host = nodes[name === 'alice' ? 0 : 1]
    other = nodes[name === 'alice' ? 1 : 0]
  })

  it(`${BURST} sent back to back at the host write no outbox row, and commit once each`, async () => {
    rows.clear()
    const texts = Array.from({ length: BURST }, (_, i) => `burst ${i}`)
    for (const text of texts) {
      const sent = await host.call('POST', `/api/groups/${groupId}/messages?wait=false`, { text })
      assert.equal(sent.body.status, 'pending', JSON.stringify(sent.body))
    }
    await waitFor(async () => (await committedTexts(other, groupId)).length === BURST, 20_000, 'the burst committed at the other member')
    for (const node of nodes) assert.equal((await committedTexts(node, groupId)).length, BURST, 'once each')
    assert.equal(reopened().outboxRows, 0, 'outbox rows in the host\'s file')
    // the other member writes no rows either (it sent nothing): every row counted is the host's
    assert.deepEqual([...rows.values()].reduce((a, b) => a + b, 0), 0, 'outbox rows written')
  })

  it('keeps each own entry\'s body in a buffer of its own, not a view into a shared pool slab', () => {
    // the host's log holds its own entries: a view would keep a whole 64 KiB slab of Node's Buffer pool alive
    assert.ok(sentBodies.length >= BURST, `${sentBodies.length} sent`)
    assert.deepEqual(sentBodies.map((b) => b.buffer.byteLength).filter((size, i) => size !== sentBodies[i].byteLength), [])
  })

  it('uncommitted ones are in the outbox of the host\'s file as a restart reads it, and commit once each', async () => {
    const committed = reopened().committed // the messages and the host's key entry
    await cut([host], [other])
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const sent = await host.call('POST', `/api/groups/${groupId}/messages?wait=false`, { text: `cut off ${i}` })
      assert.equal(sent.body.status, 'pending', JSON.stringify(sent.body))
      ids.push(sent.body.id)
    }
    const file = reopened()
    assert.equal(file.committed, committed, 'none of them committed')
    assert.deepEqual(file.outbox, ids, 'the outbox a restart would load')
    heal(nodes)
    await waitFor(async () => (await Promise.all(nodes.map(async (n) => (await committedTexts(n, groupId)).length))).every((n) => n === BURST + 3), 30_000, 'committed after the cut heals')
    for (const node of nodes) {
      const texts = await committedTexts(node, groupId)
      assert.deepEqual(texts.slice(BURST).map((t) => t.replace(/^[^:]*:/, '')), ['cut off 0', 'cut off 1', 'cut off 2'], 'once each, in order')
    }
    assert.equal(reopened().outbox.length, 0, 'nothing left to send')
  })
})
