import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork } from '../support/processes.js'
import type { ProcessMember as Member, ProcessNetwork } from '../support/processes.js'

/**
 * Must-show 5 of issue 19 (defect 8): three real `parley node` processes in a group chat.
 * A member is stopped (SIGSTOP) well past its election timeout while the others commit,
 * then resumed (SIGCONT): the host and term stay. Then the host is stopped: the other two
 * elect a new one (needed: nobody hears the old host); resumed, the old host follows the
 * new one and the term stays again. Messages commit throughout.
 */
const USERS = ['ann', 'ben', 'cat']
/** how long a process stays stopped: beyond every member's election wait (250 + rank × 100 ms) */
const STOP_MS = 1_500

describe('group chat across 3 node processes: a stopped and resumed member or old host forces no election', () => {
  let network: ProcessNetwork | undefined
  let members: Member[] = []
  let groupId = ''
  let sent = 0

  const call = async (m: Member, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> =>
    callHttp(m.api, method, path, body, m.token)
  const view = async (m: Member): Promise<{ host: string | null, term: number, commitIndex: number }> => (await call(m, 'GET', `/api/groups/${groupId}`)).body
  /** every committed message, page by page: one page holds the oldest 1,000 after `after`, and the stops commit more than that */
  const committed = async (m: Member): Promise<string[]> => {
    const all: string[] = []
    for (let after = 0; ;) {
      const page = (await call(m, 'GET', `/api/groups/${groupId}/messages?after=${after}&limit=1000`)).body.messages.filter((x: any) => x.status === 'committed')
      if (page.length === 0) return all
      all.push(...page.map((x: any) => `${x.from}:${x.text}`))
      after = page.at(-1).seq
    }
  }
  /** sends from `m` until one is answered committed; returns its text */
  const commit = async (m: Member, what: string): Promise<string> => {
    let text = ''
    await waitFor(async () => {
      text = `${what} ${++sent}`
      return (await call(m, 'POST', `/api/groups/${groupId}/messages`, { text })).body.status === 'committed'
    }, 20_000, `${m.user} to commit "${what}"`)
    return `${m.user}:${text}`
  }
  /** stops `m`'s process while `during` runs (at least STOP_MS), then resumes it */
  const stopped = async (m: Member, during: () => Promise<void>): Promise<void> => {
    const child = m.node!.child
    child.kill('SIGSTOP')
    try {
      const until = Date.now() + STOP_MS
      await during()
      // the stop is the fault: it lasts its length, with the others committing meanwhile
      const others = members.filter((x) => x !== m)
      while (Date.now() < until) await commit(others[sent % others.length], 'while stopped')
    } finally {
      child.kill('SIGCONT')
    }
  }
  /** every member has `text` committed and the same commit index */
  const caughtUp = async (text: string): Promise<void> => {
    await waitFor(async () => {
      const views = await Promise.all(members.map(view))
      return views.every((v) => v.commitIndex === views[0].commitIndex) && (await Promise.all(members.map(committed))).every((c) => c.includes(text))
    }, 20_000, `every member to commit ${text}`)
  }
  const hostAndTerm = async (): Promise<string[]> => (await Promise.all(members.map(view))).map((v) => `${v.host}@${v.term}`)

  before(async () => {
    network = await startProcessNetwork(USERS, { password: (user) => `${user}-password`, prefix: 'parley-stop-' })
    members = network.members
    await waitFor(async () => {
      const created = await call(members[0], 'POST', '/api/groups', { name: 'stops', members: USERS.slice(1) })
      if (created.status === 201) groupId = created.body.id
      return created.status === 201
    }, 30_000, 'every member to resolve through the DHT')
    await waitFor(async () => (await Promise.all(members.map(async (m) => (await call(m, 'GET', `/api/groups/${groupId}`)).status))).every((s) => s === 200), 10_000, 'invitations')
    assert.equal((await call(members[0], 'POST', `/api/groups/${groupId}/start`)).status, 200)
    await waitFor(async () => {
      const views = await Promise.all(members.map(view))
      return views.every((v) => v.host != null && v.host === views[0].host && v.term === views[0].term)
    }, 15_000, 'a host everywhere')
    await caughtUp(await commit(members[0], 'first'))
  })

  after(async () => {
    await network?.remove()
  })

  it('a member stopped past its election timeout and resumed leaves the host and term as they were', async () => {
    const [host, term] = [(await view(members[0])).host, (await view(members[0])).term]
    const member = members.find((m) => m.user !== host)!
    await stopped(member, async () => {})
    // it takes part again: what it sends after the resume commits, and it has what the others sent meanwhile
    const back = await commit(member, 'back from the stop')
    await caughtUp(back)
    await caughtUp(await commit(members.find((m) => m !== member)!, 'after the stop'))
    assert.deepEqual(await hostAndTerm(), USERS.map(() => `${host}@${term}`), `${member.user} was stopped and resumed`)
  })

  it('the old host, stopped and replaced, follows the new host once resumed: no second election', async () => {
    const old = (await view(members[0])).host!
    const oldTerm = (await view(members[0])).term
    const oldHost = members.find((m) => m.user === old)!
    const others = members.filter((m) => m !== oldHost)
    let replaced: string[] = []
    await stopped(oldHost, async () => {
      // nobody hears the old host: this election is needed
      await waitFor(async () => {
        const views = await Promise.all(others.map(view))
        return views.every((v) => v.host != null && v.host !== old && v.host === views[0].host && v.term === views[0].term && v.term > oldTerm)
      }, 15_000, `a new host while ${old} is stopped`)
      await commit(others[0], 'under the new host')
      const v = await view(others[0])
      replaced = [v.host!, String(v.term)]
    })
    const [newHost, newTerm] = replaced
    const back = await commit(oldHost, 'old host back')
    await caughtUp(back)
    await caughtUp(await commit(others[1], 'after the old host came back'))
    assert.deepEqual(await hostAndTerm(), USERS.map(() => `${newHost}@${newTerm}`), `${old} was stopped, replaced and resumed`)
  })
})
