import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { canBuildLab } from '../support/nat-lab.js'
import { LAB_P2P_PORT, callMember, formatPairTable, labPassword, measurePairs, observeConnections, startNatNetwork } from '../support/nat-network.js'
import { waitFor } from '../support/nodes.js'
import type { LabMember, NatNetwork } from '../support/nat-network.js'

/**
 * Issue 17, must show 1 and 2: five users, four of them behind home routers doing NAT
 * (port-preserving twice, random ports, full cone), one on a public address, two public
 * nodes as bootstrap and relay, all in network namespaces with nftables. Every ordered
 * pair gets a DM delivered (not stored) within 5 s, with the path it took; a post reaches
 * every follower; a group across all of them commits, and fails over when its host's
 * router is cut off the internet.
 */
const ROOT = process.getuid?.() === 0

describe('five users behind home routers (network namespaces, real NAT)', { skip: ROOT ? false : 'needs root to build network namespaces' }, () => {
  let net: NatNetwork
  let users: LabMember[] = []

  before(async () => {
    assert.ok(canBuildLab(), 'the NAT lab needs `ip` and `nft` (Debian: iproute2, nftables)')
    net = await startNatNetwork((line) => { console.log(`# ${line}`) })
    users = net.users
  })

  after(async () => {
    await net?.remove()
  })

  it('every ordered pair, both online: a DM is delivered within 5 s, and the path is recorded', async () => {
    const results = await measurePairs(users, 5_000)
    await observeConnections(users, results)
    const natOf = (name: string): string => net.byName.get(name)!.nat
    console.log(formatPairTable(results, natOf))
    for (const r of results) {
      assert.ok(!Number.isNaN(r.deliveredMs), `${r.from} → ${r.to} (${natOf(r.from)} → ${natOf(r.to)}) delivered within 5 s, answered ${r.status} via ${r.path}`)
      assert.notEqual(r.path, 'mailbox', `${r.from} → ${r.to} went to the mailboxes`)
      assert.ok(r.path === 'direct' || r.path === 'relayed', `${r.from} → ${r.to} path ${r.path}`)
    }
    // two users behind NATs that nobody can dial in through reach each other only by relay
    const hidden = (name: string): boolean => ['port-preserving', 'random'].includes(natOf(name))
    for (const r of results) {
      if (hidden(r.from) && hidden(r.to)) assert.equal(r.path, 'relayed', `${r.from} → ${r.to}`)
      if (!hidden(r.to)) assert.equal(r.path, 'direct', `${r.from} → ${r.to}: ${r.to} can be dialled`)
    }
  })

  it('a post reaches every follower, across every NAT', async () => {
    for (const follower of users) {
      for (const author of users) {
        if (author === follower) continue
        const answer = await callMember(follower, 'POST', '/api/follow', { username: author.name })
        assert.equal(answer.status, 204, `${follower.name} follows ${author.name}: ${JSON.stringify(answer.body)}`)
      }
    }
    for (const author of users) {
      const posted = await callMember(author, 'POST', '/api/posts', { text: `a post by ${author.name}` })
      assert.equal(posted.status, 201, JSON.stringify(posted.body))
    }
    for (const follower of users) {
      const want = users.filter((u) => u !== follower).map((u) => `a post by ${u.name}`).sort()
      let seen: string[] = []
      await waitFor(async () => {
        const timeline = (await callMember(follower, 'GET', '/api/timeline?limit=50')).body
        seen = timeline.posts.map((p: any) => p.text).filter((t: string) => t.startsWith('a post by') && !t.endsWith(follower.name)).sort()
        return want.every((t) => seen.includes(t))
      }, 20_000, `${follower.name}'s timeline`).catch(() => {})
      assert.deepEqual(seen, want, `${follower.name} sees every other user's post once`)
    }
  })

  it('a group across every NAT commits, and fails over when its host\'s router is cut off', async () => {
    const [owner, ...others] = users
    let groupId = ''
    await waitFor(async () => {
      const created = await callMember(owner, 'POST', '/api/groups', { name: 'behind routers', members: others.map((u) => u.name) })
      if (created.status === 201) groupId = created.body.id
      return created.status === 201
    }, 30_000, 'the group to be created')
    let statuses: number[] = []
    await waitFor(async () => {
      statuses = await Promise.all(users.map(async (u) => (await callMember(u, 'GET', `/api/groups/${groupId}`)).status))
      return statuses.every((s) => s === 200)
    }, 20_000, 'invitations').catch(() => {})
    assert.deepEqual(statuses, users.map(() => 200), `every member has the group: ${users.map((u, i) => `${u.name} ${statuses[i]}`).join(', ')}`)
    const started = await callMember(owner, 'POST', `/api/groups/${groupId}/start`)
    assert.equal(started.status, 200, JSON.stringify(started.body))
    const view = async (u: LabMember): Promise<any> => (await callMember(u, 'GET', `/api/groups/${groupId}`)).body
    await waitFor(async () => {
      const views = await Promise.all(users.map(view))
      return views.every((v) => v.host != null && v.host === views[0].host)
    }, 30_000, 'one host everywhere')
    for (const u of users) {
      const sent = await callMember(u, 'POST', `/api/groups/${groupId}/messages`, { text: `first from ${u.name}` })
      assert.equal(sent.status, 200, JSON.stringify(sent.body))
    }
    // every member's message commits, and every member sees all five in one order
    const committedAt = async (u: LabMember): Promise<string[]> => (await callMember(u, 'GET', `/api/groups/${groupId}/messages?limit=100`)).body.messages
      .filter((m: any) => m.status === 'committed' && m.text.startsWith('first from')).map((m: any) => m.text)
    let logs: string[][] = []
    await waitFor(async () => {
      logs = await Promise.all(users.map(committedAt))
      return logs.every((log) => log.length === users.length)
    }, 30_000, 'every first message committed everywhere').catch(() => {})
    for (const [i, log] of logs.entries()) assert.deepEqual(log, logs[0], `${users[i].name} has the five first messages in the agreed order: ${JSON.stringify(log)}`)
    assert.equal(logs[0].length, users.length)
    const before = await view(owner)
    const host = net.byName.get(before.host)!
    console.log(`# host ${host.name} (${host.nat}, term ${before.term}); cutting its router off the internet`)
    net.lab.setOnline(host.name, false)
    try {
      const rest = users.filter((u) => u !== host)
      await waitFor(async () => {
        const v = await view(rest[0])
        return v.host != null && v.host !== host.name && v.term > before.term
      }, 60_000, `a new host after cutting ${host.name} off`)
      const after = await view(rest[0])
      console.log(`# new host ${after.host} (term ${after.term})`)
      for (const u of rest) {
        let status = ''
        await waitFor(async () => {
          const sent = await callMember(u, 'POST', `/api/groups/${groupId}/messages`, { text: `after the cut, from ${u.name}` })
          status = sent.body?.status
          return status === 'committed'
        }, 30_000, `${u.name}'s message to commit under the new host`).catch(() => {})
        assert.equal(status, 'committed', `${u.name} commits under ${after.host}`)
      }
      const logs = await Promise.all(rest.map(async (u) => (await callMember(u, 'GET', `/api/groups/${groupId}/messages?limit=100`)).body.messages
        .filter((m: any) => m.status === 'committed').map((m: any) => `${m.from}:${m.text}`)))
      await waitFor(async () => {
        const now = await Promise.all(rest.map(async (u) => (await view(u)).commitIndex))
        return now.every((c) => c === now[0])
      }, 20_000, 'the same commit index on every member still online')
      for (const log of logs.slice(1)) assert.deepEqual(log.slice(0, logs[0].length), logs[0].slice(0, log.length), 'one order everywhere')
    } finally {
      net.lab.setOnline(host.name, true)
    }
  })

  it('1,000 dials and 1,000 silent connections from one address push out no established peer; the node keeps working', async () => {
    const target = net.infrastructure[0]
    const targetId = target.node!.peerId
    const connectedToTarget = async (): Promise<string[]> => {
      const linked: string[] = []
      for (const u of users) {
        const network = (await callMember(u, 'GET', '/api/network')).body
        if (network.peers.some((p: any) => p.peerId === targetId)) linked.push(u.name)
      }
      return linked
    }
    const before = await connectedToTarget()
    assert.deepEqual(before, users.map((u) => u.name), 'every user is connected to the public node before')
    net.lab.addPublicHost('mallory')
    const flood = spawn('ip', net.lab.wrap('mallory', [process.execPath, fileURLToPath(new URL('../support/dial-flood.js', import.meta.url)),
      '--target', `/ip4/${target.host.ip}/tcp/${LAB_P2P_PORT}`, '--libp2p', '1000', '--raw', '1000', '--hold-ms', '30000']).slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = createInterface({ input: flood.stdout! })[Symbol.asyncIterator]()
    const holding = JSON.parse(String((await lines.next()).value))
    console.log(`# mallory holds ${holding.libp2pOpened} libp2p and ${holding.rawStillOpen} raw connections to ${target.name}`)
    assert.ok(holding.libp2pOpened <= 8, `at most 8 connections from one address: ${holding.libp2pOpened}`)
    assert.deepEqual(await connectedToTarget(), before, 'no established peer was pushed out')
    const health = await callMember(target, 'GET', '/api/health')
    assert.equal(health.status, 200)
    const alice = net.byName.get('alice')!
    let status = ''
    await waitFor(async () => {
      const sent = await callMember(alice, 'POST', '/api/messages', { to: ['dave'], text: 'during the flood' })
      status = sent.body.status
      return status === 'delivered'
    }, 20_000, 'a DM through the flooded relay', 500).catch(() => {})
    assert.equal(status, 'delivered', 'a DM between two users behind NAT, relayed by the flooded node')
    const done = JSON.parse(String((await lines.next()).value))
    console.log(`# after the hold: ${done.libp2pStillOpen} libp2p and ${done.rawStillOpen} raw connections left standing`)
    assert.ok(done.rawStillOpen < 1000, `idle raw connections are closed: ${done.rawStillOpen} left`)
    assert.deepEqual(await connectedToTarget(), before, 'still connected after the flood')
  })

  it('a user behind NAT logs in again after a restart and is reached at its new relayed addresses', async () => {
    const alice = net.byName.get('alice')!
    await (await import('../support/processes.js')).stopNodeProcess(alice.node!)
    await net.launch(alice)
    // as a client would: wait until the node says it is ready (peers, DHT, a relay)
    await waitFor(async () => (await callMember({ ...alice, token: '' }, 'GET', '/api/health?ready')).status === 200, 60_000, 'alice\'s node to be ready', 500)
    let login = { status: 0, body: undefined as any }
    const started = performance.now()
    await waitFor(async () => {
      login = await callMember({ ...alice, token: '' }, 'POST', '/api/login', { username: 'alice', password: labPassword('alice') })
      return login.status === 200
    }, 60_000, 'alice to log in again', 1_000).catch(() => {})
    assert.equal(login.status, 200, JSON.stringify(login.body))
    console.log(`# alice logged in ${Math.round(performance.now() - started)} ms after her node was ready`)
    alice.token = login.body.token
    const bob = net.byName.get('bob')!
    let path = ''
    await waitFor(async () => {
      const sent = await callMember(bob, 'POST', '/api/messages', { to: ['alice'], text: 'welcome back' })
      path = sent.body.recipients?.alice?.path ?? ''
      return sent.body.status === 'delivered'
    }, 30_000, 'a DM to alice delivered after her restart', 1_000).catch(() => {})
    assert.equal(path, 'relayed', 'bob reached alice through a relay again')
  })
})
