import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { RESTARTABLE, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'

describe('parley group (CLI)', () => {
  let nodes: TestNode[] = []
  const env = (i: number): Record<string, string> => ({ PARLEY_CLI_CONFIG: join(nodes[i].dataDir, 'cli.json') })
  const cli = async (i: number, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => runCli([...args, '--api', nodes[i].api.address], env(i))

  before(async () => {
    nodes = await startTestNetwork(2, { ...RESTARTABLE, users: ['gina', 'hugo'] })
    for (const [i, user] of ['gina', 'hugo'].entries()) assert.equal((await cli(i, 'login', user, '--password', `${user}-password`)).code, 0)
  })

  after(async () => {
    await removeNodes(nodes)
  })

  it('create, start, send, log and show', async () => {
    const created = await cli(0, 'group', 'create', 'duo', 'hugo', '--json')
    assert.equal(created.code, 0, created.stderr)
    const id = JSON.parse(created.stdout).id
    const listed = await cli(0, 'group', 'list', '--json')
    assert.equal(listed.code, 0, listed.stderr)
    assert.deepEqual(JSON.parse(listed.stdout).groups.map((g: any) => [g.id, g.name]), [[id, 'duo']])
    await waitFor(async () => (await cli(1, 'group', 'show', id)).code === 0, 10_000, 'the invitation')
    assert.match((await cli(1, 'group', 'list')).stdout, /^duo \(/, 'the invited member lists the group too')
    assert.equal((await cli(1, 'group', 'start', id)).code, 1, 'only the creator starts')
    const started = await cli(0, 'group', 'start', id)
    assert.equal(started.code, 0, started.stderr)
    await waitFor(async () => (await cli(1, 'group', 'show', id)).stdout.includes('host '), 10_000, 'a host')
    const sent = await cli(1, 'group', 'send', id, 'hello', 'from', 'hugo')
    assert.match(sent.stdout, /^committed /)
    // position 1 is hugo's key entry (his sealed sender key), which the log does not show
    await waitFor(async () => (await cli(0, 'group', 'log', id)).stdout.trim() === '2\thugo\thello from hugo', 10_000, 'the message in the log')
    const show = await cli(0, 'group', 'show', id)
    assert.match(show.stdout, /commit index 2/)
    // --no-wait: answered once stored in the outbox, the commit follows
    const early = await cli(0, 'group', 'send', id, 'early', '--no-wait')
    assert.equal(early.code, 0, early.stderr)
    assert.match(early.stdout, /^pending /)
    await waitFor(async () => (await cli(1, 'group', 'log', id)).stdout.includes('gina\tearly'), 10_000, 'the early send committed')
    assert.equal((await cli(0, 'group', 'nonsense')).code, 2)
  })
})
