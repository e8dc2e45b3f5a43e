import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { GroupStore } from '../../src/group/store.js'
import { committedTexts } from '../support/content.js'
import { RESTARTABLE, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { PersistChanges } from '../../src/group/store.js'
import type { TestNode } from '../support/nodes.js'

const USERS = ['alice', 'bob']
const BURST = 100

/**
 * POST /api/groups/:id/messages?wait=false (issue 21): the answer comes once the entry is
 * stored in the sender's outbox, `pending`; the commit reaches clients as `message` events.
 * Each member sends a burst that way (one of them hosts, the other submits to it): every
 * entry commits once, in send order, on both members, and each shows as an event on both.
 */
describe('group messages answered before their commit', () => {
  let nodes: TestNode[] = []
  let groupId = ''
  const sockets: WebSocket[] = []
  const events: Array<Array<{ text: string, seq: number, from: string }>> = [[], []]
  // log writes that grew a member's log, and the entries they held (how well bursts batch)
  const logWrites = new Map<GroupStore, { writes: number, entries: number }>()
  const persist = GroupStore.prototype.persist

  before(async () => {
    nodes = await startTestNetwork(USERS.length, { ...RESTARTABLE, users: USERS })
    GroupStore.prototype.persist = function (this: GroupStore, id: string, changes: PersistChanges) {
      const grown = changes.log.length - Math.min(changes.logFrom, changes.storedLength)
      if (grown > 0) {
        const seen = logWrites.get(this) ?? { writes: 0, entries: 0 }
        logWrites.set(this, { writes: seen.writes + 1, entries: seen.entries + grown })
      }
      persist.call(this, id, changes)
    }
  })

  after(async () => {
    GroupStore.prototype.persist = persist
    for (const socket of sockets) socket.close()
    await removeNodes(nodes)
  })

  it('starts a two-member group and follows both members\' events', async () => {
    const created = await nodes[0].call('POST', '/api/groups', { name: 'burst', members: ['bob'] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    groupId = created.body.id
    await waitFor(async () => (await nodes[1].call('GET', `/api/groups/${groupId}`)).status === 200, 10_000, 'the invitation')
    assert.equal((await nodes[0].call('POST', `/api/groups/${groupId}/start`)).status, 200)
    await waitFor(async () => {
      const views = await Promise.all(nodes.map(async (n) => (await n.call('GET', `/api/groups/${groupId}`)).body))
      return views.every((v) => v.host != null && v.host === views[0].host)
    }, 10_000, 'a host on both members')
    for (const [i, node] of nodes.entries()) {
      const socket = new WebSocket(`ws://${node.api.address}/api/events?token=${node.token}`)
      const seen: any[] = []
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString())
        seen.push(event)
        if (event.type === 'group' && event.data.kind === 'message') events[i].push({ text: event.data.message.text, seq: event.data.message.seq, from: event.data.message.from })
      })
      sockets.push(socket)
      await waitFor(() => seen.some((e) => e.type === 'hello'), 5_000, 'hello event')
    }
  })

  for (const [sender, user] of USERS.entries()) {
    it(`${user}: ${BURST} sent back to back answer pending, commit once each in order on both members, and show as events`, async (t) => {
      const texts = Array.from({ length: BURST }, (_, i) => `${user} early ${i}`)
      for (const text of texts) {
        const sent = await nodes[sender].call('POST', `/api/groups/${groupId}/messages?wait=false`, { text })
        assert.equal(sent.status, 200, JSON.stringify(sent.body))
        assert.equal(sent.body.status, 'pending', `${text}: ${JSON.stringify(sent.body)}`)
      }
      const mine = (list: string[]): string[] => list.filter((s) => s.startsWith(`${user}:${user} early`))
      await waitFor(async () => (await Promise.all(nodes.map(async (n) => mine(await committedTexts(n, groupId)).length))).every((n) => n === BURST), 20_000, 'the burst committed on both members')
      for (const node of nodes) assert.deepEqual(mine(await committedTexts(node, groupId)), texts.map((text) => `${user}:${text}`), 'once each, in send order')
      await waitFor(() => events.every((list) => list.filter((e) => e.from === user).length >= BURST), 10_000, 'an event for each on both members')
      for (const list of events) {
        assert.deepEqual(list.filter((e) => e.from === user).map((e) => e.text), texts, 'one event each, in order')
        assert.deepEqual(list.map((e) => e.seq), [...list.map((e) => e.seq)].sort((a, b) => a - b), 'events in commit order')
      }
      t.diagnostic(`log writes that grew a log (writes/entries) so far: ${[...logWrites.values()].map((w) => `${w.writes}/${w.entries}`).join(', ')}`)
    })
  }

  it('still answers committed by default, and refuses another wait', async () => {
    const sent = await nodes[0].call('POST', `/api/groups/${groupId}/messages`, { text: 'waited for' })
    assert.deepEqual([sent.status, sent.body.status], [200, 'committed'])
    const waited = await nodes[0].call('POST', `/api/groups/${groupId}/messages?wait=true`, { text: 'waited for too' })
    assert.deepEqual([waited.status, waited.body.status], [200, 'committed'])
    const bad = await nodes[0].call('POST', `/api/groups/${groupId}/messages?wait=maybe`, { text: 'x' })
    assert.equal(bad.status, 400, JSON.stringify(bad.body))
    assert.ok(!(await committedTexts(nodes[0], groupId)).includes('alice:x'), 'nothing sent')
  })
})
