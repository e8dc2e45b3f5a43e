import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { TEST_SCRYPT, startTestNetwork, tempDir, waitFor } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Issue 20, must-show 4 (the part without a restart): two browser tabs (two tokens) and
 * the CLI on one node at once, each its own session; ending one leaves the others; a
 * second user is refused while the first is signed in; logout --everywhere ends them all.
 */
describe('API: many sessions per node', () => {
  let nodes: TestNode[]
  let node: TestNode
  let dir: string
  let env: Record<string, string>

  before(async () => {
    nodes = await startTestNetwork(2, { scrypt: TEST_SCRYPT })
    node = nodes[1]
    dir = await tempDir()
    env = { PARLEY_CLI_CONFIG: join(dir, 'cli.json'), PARLEY_PASSWORD: 'alma-password' }
  })

  after(async () => {
    await Promise.all(nodes.map(async (n) => n.stop()))
    await rm(dir, { recursive: true, force: true })
  })

  const cli = async (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => runCli([...args, '--api', node.api.address], env)

  it('two tabs and the CLI work at once; one session ends alone; another user is refused; logout --everywhere ends all', async () => {
    const tab1 = await node.call('POST', '/api/register', { username: 'alma', password: 'alma-password' })
    assert.equal(tab1.status, 201, JSON.stringify(tab1.body))
    assert.equal(tab1.body.device.deviceId, node.parley.peerId)
    const tokenA = tab1.body.token as string

    // tab 1 listens for events: it hears the other sessions start and end
    const events: any[] = []
    const socket = new WebSocket(`ws://${node.api.address}/api/events?token=${tokenA}`)
    socket.on('message', (data) => { events.push(JSON.parse(data.toString())) })
    await new Promise((resolve) => socket.once('open', resolve))

    const tab2 = await node.call('POST', '/api/login', { username: 'alma', password: 'alma-password' })
    assert.equal(tab2.status, 200, JSON.stringify(tab2.body))
    const tokenB = tab2.body.token as string
    const login = await cli('login', 'alma')
    assert.equal(login.code, 0, login.stderr)
    await waitFor(() => events.filter((e) => e.type === 'session' && e.data.kind === 'session-started').length === 2, 10_000, 'tab 1 to hear of two new sessions')

    // all three at once: two posts from the tabs, one from the CLI, and reads
    const [p1, p2, p3, me1, me2, whoami] = await Promise.all([
      node.call('POST', '/api/posts', { text: 'from tab 1' }, tokenA),
      node.call('POST', '/api/posts', { text: 'from tab 2' }, tokenB),
      cli('post', 'from the cli'),
      node.call('GET', '/api/me', undefined, tokenA),
      node.call('GET', '/api/me', undefined, tokenB),
      cli('whoami')
    ])
    assert.deepEqual([p1.status, p2.status, p3.code, me1.status, me2.status, whoami.code], [201, 201, 0, 200, 200, 0], JSON.stringify([p1.body, p2.body, p3.stderr, whoami.stderr]))
    assert.match(whoami.stdout, /^alma \(/)
    const timeline = await node.call('GET', '/api/timeline', undefined, tokenB)
    assert.deepEqual(timeline.body.posts.map((p: any) => p.text).sort(), ['from tab 1', 'from tab 2', 'from the cli'])

    const listed = await node.call('GET', '/api/sessions', undefined, tokenA)
    assert.equal(listed.status, 200)
    assert.equal(listed.body.length, 3)
    assert.deepEqual(listed.body.map((s: any) => s.current), [true, false, false])
    assert.ok(listed.body.every((s: any) => s.staySignedIn === false && s.lastUsedAt >= s.createdAt))
    const [idA, idB, idCli] = listed.body.map((s: any) => s.id)
    const cliList = await cli('sessions')
    assert.equal(cliList.code, 0, cliList.stderr)
    assert.match(cliList.stdout, new RegExp(`^${idCli} \\(this one\\)`, 'm'))

    // tab 1 ends tab 2's session: tab 2 is told how to get back in, tab 1 and the CLI go on
    assert.equal((await node.call('DELETE', `/api/sessions/${idB}`, undefined, tokenA)).status, 204)
    const ended = await node.call('GET', '/api/me', undefined, tokenB)
    assert.equal(ended.status, 401)
    assert.equal(ended.body.error.message, 'your session ended (it was logged out on this node); log in again: parley login alma')
    assert.equal((await node.call('GET', '/api/me', undefined, tokenA)).status, 200)
    assert.equal((await cli('whoami')).code, 0)
    assert.equal((await node.call('DELETE', '/api/sessions/nosuchsession', undefined, tokenA)).status, 404)
    await waitFor(() => events.some((e) => e.type === 'session' && e.data.kind === 'session-ended' && e.data.id === idB), 10_000, 'tab 1 to hear that tab 2 ended')

    // another user on this node is refused while alma is signed in, and alma's sessions live on
    const bob = await node.call('POST', '/api/register', { username: 'bodo', password: 'bodo-password' })
    assert.equal(bob.status, 409, JSON.stringify(bob.body))
    assert.equal(bob.body.error.code, 'other_user_signed_in')
    assert.match(bob.body.error.message, /alma is signed in on this node: .*parley logout --everywhere.*--replace/)
    assert.equal((await node.call('GET', '/api/me', undefined, tokenA)).status, 200)

    // the CLI logs out everywhere: tab 1 too, its socket closes, the keys are wiped
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => { resolve(code) }))
    const out = await cli('logout', '--everywhere')
    assert.equal(out.code, 0, out.stderr)
    assert.equal(await closed, 4401)
    assert.equal(node.parley.session, undefined, 'the last session ended: the account is logged out')
    const tab1After = await node.call('GET', '/api/me', undefined, tokenA)
    assert.equal(tab1After.status, 401)
    assert.match(tab1After.body.error.message, /log in again: parley login alma$/)
    env.PARLEY_TOKEN = tokenA
    const cliAfter = await cli('whoami')
    delete env.PARLEY_TOKEN
    assert.equal(cliAfter.code, 1)
    assert.match(cliAfter.stderr, /your session ended \(it was logged out on this node\); log in again: parley login alma/)
    assert.ok(idA != null && idCli != null)

    // now bodo may register; with alma signed in again, --replace ends her session
    assert.equal((await node.call('POST', '/api/register', { username: 'bodo', password: 'bodo-password' })).status, 201)
    const again = await node.call('POST', '/api/login', { username: 'alma', password: 'alma-password', replace: true })
    assert.equal(again.status, 200, JSON.stringify(again.body))
  })
})
