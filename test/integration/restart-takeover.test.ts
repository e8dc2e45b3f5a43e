import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { callHttp, startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

/** Real `parley node` processes: SIGKILL and restart, then a login on a second device (both stay logged in). */
describe('node processes: crash, restart, a second device', () => {
  let bootstrap: TestNode
  let bootstrapAddr: string
  const dirs: string[] = []
  const running: NodeProcess[] = []

  before(async () => {
    bootstrap = await startTestNode()
    bootstrapAddr = bootstrap.addr
  })

  after(async () => {
    for (const node of running) node.child.kill('SIGKILL')
    await bootstrap.stop()
    await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true })))
  })

  async function start (data: string): Promise<NodeProcess> {
    const node = await startNodeProcess({ data, bootstrap: [bootstrapAddr] })
    running.push(node)
    return node
  }

  it('a node killed with SIGKILL keeps its peer id, account and data, and logs in again; a login elsewhere takes over', async () => {
    const dataA = await tempDir()
    const dataB = await tempDir()
    dirs.push(dataA, dataB)
    const first = await start(dataA)
    const registered = await callHttp(first.api, 'POST', '/api/register', { username: 'dora', password: 'dora-password' })
    assert.equal(registered.status, 201)

    first.child.kill('SIGKILL')
    assert.equal(await first.exited, 'SIGKILL')

    const again = await start(dataA)
    assert.equal(again.peerId, first.peerId, 'same peer id after restart')
    const health = await callHttp(again.api, 'GET', '/api/health')
    assert.equal(health.body.peerId, first.peerId)
    assert.equal((await callHttp(again.api, 'GET', '/api/me', undefined, registered.body.token)).status, 401, 'old tokens die with the process')
    const login = await callHttp(again.api, 'POST', '/api/login', { username: 'dora', password: 'dora-password' })
    assert.equal(login.status, 200)
    assert.equal(login.body.user.userId, registered.body.user.userId, 'same account (same user key) after restart')
    const me = await callHttp(again.api, 'GET', '/api/me', undefined, login.body.token)
    assert.equal(me.body.online, true)

    // a second device: it has never seen dora; her keystore comes from the DHT
    const second = await start(dataB)
    const elsewhere = await callHttp(second.api, 'POST', '/api/login', { username: 'dora', password: 'dora-password' })
    assert.equal(elsewhere.status, 200)
    assert.equal(elsewhere.body.user.userId, registered.body.user.userId)

    // no takeover: the first device stays logged in, and both are devices of the account
    assert.equal((await callHttp(again.api, 'GET', '/api/me', undefined, login.body.token)).status, 200, 'the first session goes on')
    await waitFor(async () => (await callHttp(again.api, 'GET', '/api/devices', undefined, login.body.token)).body.length === 2, 10_000, 'the first device to list the second')

    const profile = await bootstrap.parley.lookupUser('dora')
    assert.deepEqual(new Set(profile.devices.map((d) => d.peerId)), new Set([first.peerId, second.peerId]))
    assert.equal(profile.activeDevice, second.peerId)
    assert.equal(profile.online, true)

    // a clean stop (SIGTERM) tells the network the user went offline
    second.child.kill('SIGTERM')
    assert.equal(await second.exited, 0)
    const stopped = await bootstrap.parley.lookupUser('dora')
    assert.equal(stopped.online, false)
    assert.ok(stopped.lastSeen > 0)
  })
})
