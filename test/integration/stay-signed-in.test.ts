import assert from 'node:assert/strict'
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { callHttp, freePort, startTestNode, tempDir } from '../support/nodes.js'
import { runCli, startNodeProcess, stopNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

/**
 * Issue 20, must-show 4, against a real `parley node`: SIGKILLed and restarted, it keeps
 * the session that chose "stay signed in" (CLI) and tells the others (a tab's token) how
 * to log in again, over the API and in the CLI.
 */
describe('stay signed in across a node restart', () => {
  let bootstrap: TestNode
  let dir: string
  let data: string
  let env: Record<string, string>
  let node: NodeProcess | undefined
  // one API address across restarts: the CLI keeps its token per address
  let api: string

  before(async () => {
    bootstrap = await startTestNode()
    dir = await tempDir()
    data = join(dir, 'node')
    api = `127.0.0.1:${await freePort()}`
    env = { PARLEY_CLI_CONFIG: join(dir, 'cli.json'), PARLEY_PASSWORD: 'sina-password' }
  })

  after(async () => {
    if (node != null) await stopNodeProcess(node)
    await bootstrap.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const start = async (): Promise<NodeProcess> => (node = await startNodeProcess({ data, api, bootstrap: [bootstrap.addr] }))
  const cli = async (args: string[], extra: Record<string, string> = {}): Promise<{ code: number, stdout: string, stderr: string }> =>
    runCli([...args, '--api', node!.api], { ...env, ...extra })

  it('SIGKILL and restart: the CLI\'s stay-signed-in session works, a tab\'s is told how to log in again', async (t) => {
    const first = await start()
    const registered = await callHttp(node!.api, 'POST', '/api/register', { username: 'sina', password: 'sina-password' })
    assert.equal(registered.status, 201, JSON.stringify(registered.body))
    const tab = registered.body.token as string
    const login = await cli(['login', 'sina', '--stay-signed-in'])
    assert.equal(login.code, 0, login.stderr)
    assert.match(login.stdout, /logged in as sina .*staying signed in/)
    const kept = JSON.parse(await readFile(env.PARLEY_CLI_CONFIG, 'utf8'))[node!.api] as string

    // what is kept: token hashes, never tokens; the keys sealed; every file 0600 in a 0700 folder
    const sessionsFile = await readFile(join(data, 'sessions.json'), 'utf8')
    assert.ok(!sessionsFile.includes(kept) && !sessionsFile.includes(tab), 'no token is stored in the clear')
    for (const file of ['sessions.json', 'kept-keys.json', 'session.key']) assert.equal((await stat(join(data, file))).mode & 0o777, 0o600, file)
    assert.equal((await stat(data)).mode & 0o777, 0o700)

    await stopNodeProcess(node!, 'SIGKILL')
    const again = await start()
    assert.ok(again.stdout.includes('signed in: sina (stayed signed in)'), again.stdout.join('\n'))
    const startedIn = (n: NodeProcess): string | undefined => n.stdout.find((l) => l.startsWith('started in '))
    t.diagnostic(`first start: ${startedIn(first)}; restart signing sina back in: ${startedIn(again)}; sessions.json ${Buffer.byteLength(sessionsFile)} bytes for 2 sessions`)

    const whoami = await cli(['whoami'])
    assert.equal(whoami.code, 0, whoami.stderr)
    assert.match(whoami.stdout, /^sina \(.*\) online/)
    const me = await callHttp(node!.api, 'GET', '/api/me', undefined, kept)
    assert.equal(me.body.userId, registered.body.user.userId)
    // the keys work: a post is signed and published
    assert.equal((await cli(['post', 'still here after a crash'])).code, 0)

    const told = await callHttp(node!.api, 'GET', '/api/me', undefined, tab)
    assert.equal(told.status, 401)
    assert.equal(told.body.error.message, 'your session ended (the node restarted and it was not kept signed in); log in again: parley login sina')
    const cliTold = await cli(['whoami'], { PARLEY_TOKEN: tab })
    assert.equal(cliTold.code, 1)
    assert.match(cliTold.stderr, /^parley: your session ended \(the node restarted and it was not kept signed in\); log in again: parley login sina \(unauthorized\)$/m)
    const stranger = await callHttp(node!.api, 'GET', '/api/me', undefined, 'not-a-token-this-node-gave')
    assert.equal(stranger.body.error.message, 'your session ended (the node restarted or you logged out); log in again: parley login USERNAME')

    // a clean stop (SIGTERM logs the user out on the network) keeps it too
    await stopNodeProcess(node!, 'SIGTERM')
    await start()
    assert.equal((await cli(['whoami'])).code, 0)

    // logged out, nothing is kept: the next start signs nobody in
    assert.equal((await cli(['logout'])).code, 0)
    await assert.rejects(stat(join(data, 'kept-keys.json')), { code: 'ENOENT' })
    await assert.rejects(stat(join(data, 'session.key')), { code: 'ENOENT' })
    await stopNodeProcess(node!, 'SIGKILL')
    const last = await start()
    assert.ok(!last.stdout.some((l) => l.startsWith('signed in:')), last.stdout.join('\n'))
    const afterLogout = await callHttp(node!.api, 'GET', '/api/me', undefined, kept)
    assert.equal(afterLogout.body.error.message, 'your session ended (it was logged out on this node); log in again: parley login sina')
  })
})
