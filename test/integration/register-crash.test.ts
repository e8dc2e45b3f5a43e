import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { multiaddr } from '@multiformats/multiaddr'
import { nameKey, userIdFromKey, verifyRecord } from '../../src/identity/index.js'
import { KadMessage } from '../../src/net/kad.js'
import { callHttp, registerUser, startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../support/processes.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

/**
 * A `parley node` process SIGKILLed while its name claim is on its way (issue 19, defect 5).
 * The kill does not rely on luck: a peer that takes PUT_VALUEs and never answers holds the
 * claim's publication open (until the DHT query times out, 15 s), and the process is killed
 * once that peer has the claim and the other node has stored it: the claim is out, the
 * registration has not returned.
 */
describe('register survives a crash while the claim is published (issue 19, defect 5)', () => {
  let resolver: TestNode
  let silent: ScriptedDhtPeer
  const dirs: string[] = []
  const running: NodeProcess[] = []

  before(async () => {
    resolver = await startTestNode()
  })

  after(async () => {
    await Promise.all(running.map(async (node) => stopNodeProcess(node)))
    await silent?.stop()
    await resolver.stop()
    await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true })))
  })

  /** Registers `username` on a new node process and kills it once the claim is out; resolves to the claimed user id and the data folder. */
  async function crashWhileClaiming (username: string, password: string): Promise<{ data: string, userId: string }> {
    const data = await tempDir()
    dirs.push(data)
    const node = await startNodeProcess({ data, bootstrap: [resolver.addr] })
    running.push(node)
    // the resolver's user (registering needs a peer)
    resolver.token ??= await registerUser(resolver, 'bob')
    // a user of its own first: its token shows the node's routing table (the silent peer in it)
    const throwaway = await callHttp(node.api, 'POST', '/api/register', { username: `${username}_first`, password })
    assert.equal(throwaway.status, 201)
    await silent?.stop()
    silent = await ScriptedDhtPeer.start([node.addr, resolver.addr])
    await waitFor(async () => (await callHttp(node.api, 'GET', '/api/network', undefined, throwaway.body.token)).body.dht.routingTableSize >= 2, 15_000, 'the silent peer in the routing table')
    silent.holdPuts = true

    const key = nameKey(username)
    const answer = callHttp(node.api, 'POST', '/api/register', { username, password, replace: true }).catch(() => undefined)
    let held: Uint8Array | undefined
    await waitFor(async () => {
      if (silent.requestsFor(KadMessage.MessageType.PUT_VALUE, key) === 0) return false
      held = await silent.getFrom(multiaddr(resolver.addr), key)
      return held != null
    }, 15_000, 'the claim at the resolver while the silent peer holds its publication')
    assert.equal(node.child.exitCode, null, 'the registration is still under way')
    await stopNodeProcess(node, 'SIGKILL')
    assert.equal(await answer, undefined, 'the registration never answered')
    silent.holdPuts = false
    silent.releaseHeld()
    return { data, userId: userIdFromKey(verifyRecord('name-claim', key, held!).record.userKey) }
  }

  async function restart (data: string): Promise<NodeProcess> {
    const node = await startNodeProcess({ data, bootstrap: [resolver.addr] })
    running.push(node)
    return node
  }

  it('register again completes it under the claimed key, and another node resolves the name', async () => {
    const { data, userId } = await crashWhileClaiming('alice', 'alice-password')
    const node = await restart(data)
    const again = await callHttp(node.api, 'POST', '/api/register', { username: 'alice', password: 'alice-password' })
    assert.equal(again.status, 201, JSON.stringify(again.body))
    assert.equal(again.body.user.userId, userId)
    // idempotent: once more, and a login, end at the same user
    const login = await callHttp(node.api, 'POST', '/api/login', { username: 'alice', password: 'alice-password' })
    assert.equal(login.status, 200, JSON.stringify(login.body))
    assert.equal(login.body.user.userId, userId)
    const seen = await resolver.call('GET', '/api/users/alice')
    assert.equal(seen.status, 200, JSON.stringify(seen.body))
    assert.equal(seen.body.userId, userId)
    assert.equal(seen.body.activeDevice, node.peerId)
  })

  it('a login after the crash completes it too', async () => {
    const { data, userId } = await crashWhileClaiming('carol', 'carol-password')
    const node = await restart(data)
    const login = await callHttp(node.api, 'POST', '/api/login', { username: 'carol', password: 'carol-password' })
    assert.equal(login.status, 200, JSON.stringify(login.body))
    assert.equal(login.body.user.userId, userId)
    const seen = await resolver.call('GET', '/api/users/carol')
    assert.equal(seen.status, 200, JSON.stringify(seen.body))
    assert.equal(seen.body.userId, userId)
    assert.equal(seen.body.activeDevice, node.peerId)
    // the claim belongs to carol now: nobody else registers the name
    const other = await callHttp(node.api, 'POST', '/api/register', { username: 'carol', password: 'another-password' })
    assert.equal(other.status, 409)
  })
})
