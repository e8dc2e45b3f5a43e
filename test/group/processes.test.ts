import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { ProcessMember as Member, ProcessNetwork } from '../support/processes.js'

/**
 * Must-show 2: five real `parley node` processes over TCP. One gets 40 ms of extra
 * latency on every write of its transport and must not be chosen as host; then the host
 * is SIGKILLed three times while everyone sends: every member ends with the same
 * committed sequence, nothing acknowledged is lost, nothing is duplicated.
 */
const USERS = ['ann', 'ben', 'cat', 'dan', 'eve']
const SLOW = 1 // ben
const KILLS = 3

describe('group chat across 5 node processes with host kills', () => {
  let network: ProcessNetwork | undefined
  let members: Member[] = []
  let groupId = ''

  const call = async (m: Member, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> =>
    callHttp(m.api, method, path, body, m.token)
  const launch = async (m: Member): Promise<void> => network!.launch(m)

  before(async () => {
    network = await startProcessNetwork(USERS, { password: (user) => `${user}-password`, env: (i): Record<string, string> => i === SLOW ? { PARLEY_TRANSPORT_DELAY_MS: '40' } : {}, prefix: 'parley-gp-' })
    members = network.members
  })

  after(async () => {
    await network?.remove()
  })

  const view = async (m: Member): Promise<any> => (await call(m, 'GET', `/api/groups/${groupId}`)).body
  const live = (): Member[] => members.filter((m) => m.node != null)

  it('the member with injected latency is ranked last and not chosen as host', async () => {
    await waitFor(async () => {
      const created = await call(members[0], 'POST', '/api/groups', { name: 'five', members: USERS.slice(1) })
      if (created.status === 201) groupId = created.body.id
      return created.status === 201
    }, 30_000, 'every member to resolve through the DHT')
    await waitFor(async () => (await Promise.all(members.map(async (m) => (await call(m, 'GET', `/api/groups/${groupId}`)).status))).every((s) => s === 200), 10_000, 'invitations')
    const started = await call(members[0], 'POST', `/api/groups/${groupId}/start`)
    assert.equal(started.status, 200, JSON.stringify(started.body))
    assert.equal(started.body.preferredHosts.at(-1), 'ben', `ranking ${started.body.preferredHosts.join(', ')}`)
    await waitFor(async () => {
      const views = await Promise.all(members.map(view))
      return views.every((v) => v.host != null && v.host === views[0].host)
    }, 15_000, 'a host everywhere')
    const v = await view(members[0])
    assert.notEqual(v.host, 'ben')
    assert.equal(v.host, v.preferredHosts[0])
  })

  it('host SIGKILLed three times while sending: same sequence everywhere, nothing acknowledged lost or duplicated', async () => {
    const acked = new Set<string>()
    let sending = true
    const sender = async (m: Member): Promise<void> => {
      for (let k = 1; sending; k++) {
        const text = `${m.user}-${k}`
        try {
          if (m.node == null) throw new Error('down')
          const answer = await call(m, 'POST', `/api/groups/${groupId}/messages`, { text })
          if (answer.status === 200 && answer.body.status === 'committed') acked.add(`${m.user}:${text}`)
        } catch {
          // the node is down (a request cut by the kill may still commit later: texts are never reused)
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
    }
    const senders = members.map(sender)
    try {
      let lastTerm = (await view(members[0])).term
      for (let i = 0; i < KILLS; i++) {
        const target = acked.size + 15
        await waitFor(() => acked.size >= target, 30_000, 'acknowledged messages before the kill')
        // right after a rejoin the members may be re-choosing their host: wait for a live one
        let hostName = ''
        await waitFor(async () => {
          hostName = (await view(live()[0])).host ?? ''
          return members.some((m) => m.user === hostName && m.node != null)
        }, 15_000, 'a live host')
        const host = members.find((m) => m.user === hostName)!
        const node = host.node!
        host.node = null
        await stopNodeProcess(node)
        await waitFor(async () => {
          const v = await view(live()[0])
          return v.host != null && v.host !== hostName && v.term > lastTerm
        }, 15_000, `a new host after killing ${hostName}`)
        lastTerm = (await view(live()[0])).term
        const ackedAtFailover = acked.size
        await waitFor(() => acked.size > ackedAtFailover, 15_000, 'a commit under the new host')
        await launch(host)
        const login = await call(host, 'POST', '/api/login', { username: host.user, password: `${host.user}-password` })
        assert.equal(login.status, 200, JSON.stringify(login.body))
        host.token = login.body.token
      }
    } finally {
      // a failed wait must not leave the senders looping (the test file would never exit)
      sending = false
      await Promise.all(senders)
    }
    await waitFor(async () => {
      const views = await Promise.all(members.map(view))
      const pending = await Promise.all(members.map(async (m) => (await call(m, 'GET', `/api/groups/${groupId}/messages?limit=1`)).body.messages.some((x: any) => x.status === 'pending')))
      return views.every((v) => v.commitIndex === views[0].commitIndex) && !pending.some(Boolean)
    }, 30_000, 'every member to reach the same commit index with nothing pending')
    const sequences = await Promise.all(members.map(async (m) => {
      const all: string[] = []
      for (let after = 0; ;) {
        const page = (await call(m, 'GET', `/api/groups/${groupId}/messages?after=${after}&limit=1000`)).body.messages.filter((x: any) => x.status === 'committed')
        all.push(...page.map((x: any) => `${x.from}:${x.text}`))
        if (page.length < 1000) return all
        after = page.at(-1).seq
      }
    }))
    for (const s of sequences.slice(1)) assert.deepEqual(s, sequences[0], 'same committed sequence everywhere')
    const committed = sequences[0]
    assert.equal(new Set(committed).size, committed.length, 'nothing duplicated')
    for (const text of acked) assert.ok(committed.includes(text), `acknowledged ${text} is committed`)
    for (const user of USERS) {
      const ks = committed.filter((t) => t.startsWith(`${user}:`)).map((t) => Number(t.split('-').at(-1)))
      assert.deepEqual(ks, [...ks].sort((a, b) => a - b), `${user}'s messages in send order`)
    }
    assert.ok(acked.size >= KILLS * 15, `${acked.size} acknowledged`)
  })

  it('all five stop and restart: history intact, the chat continues', async () => {
    const history = async (m: Member): Promise<string[]> => {
      const all: string[] = []
      for (let after = 0; ;) {
        const page = (await call(m, 'GET', `/api/groups/${groupId}/messages?after=${after}&limit=1000`)).body.messages.filter((x: any) => x.status === 'committed')
        all.push(...page.map((x: any) => `${x.seq}:${x.from}:${x.text}`))
        if (page.length < 1000) return all
        after = page.at(-1).seq
      }
    }
    const before = await history(members[0])
    await Promise.all(members.map(async (m) => { const node = m.node!; m.node = null; await stopNodeProcess(node, 'SIGTERM') }))
    await launch(members[0])
    await Promise.all(members.slice(1).map(launch))
    for (const m of members) {
      const login = await call(m, 'POST', '/api/login', { username: m.user, password: `${m.user}-password` })
      assert.equal(login.status, 200, JSON.stringify(login.body))
      m.token = login.body.token
      assert.deepEqual((await history(m)).slice(0, before.length), before, `${m.user}'s history after the restart`)
    }
    await waitFor(async () => {
      const answer = await call(members[3], 'POST', `/api/groups/${groupId}/messages`, { text: 'after the restart' })
      return answer.body.status === 'committed'
    }, 20_000, 'a commit after everyone restarted')
    await waitFor(async () => (await Promise.all(members.map(history))).every((h) => h.some((x) => x.endsWith(':dan:after the restart'))), 10_000, 'the new message everywhere')
  })
})
