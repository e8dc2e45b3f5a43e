import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BENCH_PASSWORD, callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork } from '../support/processes.js'

/**
 * A group message answered `pending` (POST ?wait=false) is durable: it is in the sender's
 * outbox when the answer comes. Bob's process is stopped (SIGSTOP), so nothing can commit
 * (two members: both must hold an entry); alice's answers come anyway, then her node is
 * SIGKILLed. After her restart and login the entries commit, once each and in order, on both.
 */
describe('a group message answered before its commit survives a SIGKILL of the sender', () => {
  let network: ProcessNetwork

  before(async () => {
    network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-group-resume-' })
  })

  after(async () => {
    const bob = network.members[1].node
    if (bob != null) bob.child.kill('SIGCONT')
    await network.remove()
  })

  const call = async (m: ProcessMember, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> => callHttp(m.api, method, path, body, m.token)
  const texts = async (m: ProcessMember, groupId: string): Promise<Array<[string, string]>> =>
    (await call(m, 'GET', `/api/groups/${groupId}/messages`)).body.messages.map((msg: any) => [msg.text, msg.status])

  it('commits after the restart, once each, in order', async () => {
    const [alice, bob] = network.members
    let groupId = ''
    await waitFor(async () => {
      const created = await call(alice, 'POST', '/api/groups', { name: 'durable', members: ['bob'] })
      if (created.status === 201) groupId = created.body.id
      return created.status === 201
    }, 30_000, 'bob to resolve through the DHT', 200)
    await waitFor(async () => (await call(bob, 'GET', `/api/groups/${groupId}`)).status === 200, 20_000, 'the invitation at bob')
    assert.equal((await call(alice, 'POST', `/api/groups/${groupId}/start`)).status, 200)
    await waitFor(async () => {
      const views = await Promise.all([alice, bob].map(async (m) => (await call(m, 'GET', `/api/groups/${groupId}`)).body))
      return views.every((v) => v.host != null && v.host === views[0].host)
    }, 20_000, 'a host on both')
    const first = await call(alice, 'POST', `/api/groups/${groupId}/messages`, { text: 'before the kill' })
    assert.deepEqual([first.status, first.body.status], [200, 'committed'])

    bob.node!.child.kill('SIGSTOP')
    const held = ['across the kill 1', 'across the kill 2', 'across the kill 3']
    for (const text of held) {
      const sent = await call(alice, 'POST', `/api/groups/${groupId}/messages?wait=false`, { text })
      assert.deepEqual([sent.status, sent.body.status], [200, 'pending'], JSON.stringify(sent.body))
    }
    assert.deepEqual(await texts(alice, groupId), [['before the kill', 'committed'], ...held.map((t) => [t, 'pending'])], 'nothing commits while bob is stopped')
    await stopNodeProcess(alice.node!, 'SIGKILL')
    bob.node!.child.kill('SIGCONT')

    await network.launch(alice)
    await waitFor(async () => {
      const login = await callHttp(alice.api, 'POST', '/api/login', { username: 'alice', password: BENCH_PASSWORD })
      if (login.status === 200) alice.token = login.body.token
      return login.status === 200
    }, 30_000, 'alice to log in again', 200)
    const want = ['before the kill', ...held].map((t) => [t, 'committed'])
    await waitFor(async () => JSON.stringify(await texts(alice, groupId)) === JSON.stringify(want), 60_000, 'the held messages committed at alice', 200)
    await waitFor(async () => JSON.stringify(await texts(bob, groupId)) === JSON.stringify(want), 30_000, 'the held messages committed at bob', 200)
  })
})
