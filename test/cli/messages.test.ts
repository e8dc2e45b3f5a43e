import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { runCli, startNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

/** `parley send` and `parley inbox` against two running node processes. */
describe('parley send and inbox', () => {
  let bootstrap: TestNode
  const nodes: NodeProcess[] = []
  let dir: string
  const env: Record<string, Record<string, string>> = {}

  before(async () => {
    bootstrap = await startTestNode()
    dir = await tempDir()
    for (const name of ['ivy', 'jack']) {
      env[name] = { PARLEY_CLI_CONFIG: join(dir, `${name}.json`), PARLEY_PASSWORD: `${name}-password` }
      nodes.push(await startNodeProcess({ data: join(dir, name), bootstrap: [bootstrap.addr] }))
    }
  })

  after(async () => {
    for (const node of nodes) node.child.kill('SIGTERM')
    await Promise.all(nodes.map(async (node) => node.exited))
    await bootstrap.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('sends to an online user (delivered), lists conversations and shows the conversation', async () => {
    const [ivy, jack] = nodes
    assert.equal((await runCli(['register', 'ivy', '--api', ivy.api], env.ivy)).code, 0)
    assert.equal((await runCli(['register', 'jack', '--api', jack.api], env.jack)).code, 0)

    const sent = await runCli(['send', 'jack', 'hello', 'jack', '--api', ivy.api], env.ivy)
    assert.equal(sent.code, 0, sent.stderr)
    assert.match(sent.stdout, /^[0-9a-f]{32} delivered$/m)

    const list = await runCli(['inbox', '--api', jack.api], env.jack)
    assert.match(list.stdout, /^ivy .* 1 unread$/m)
    const conversation = await runCli(['inbox', 'ivy', '--api', jack.api, '--json'], env.jack)
    const messages = JSON.parse(conversation.stdout)
    assert.deepEqual(messages.map((m: any) => [m.from, m.text]), [['ivy', 'hello jack']])

    await waitFor(async () => /\(read\)/.test((await runCli(['inbox', 'jack', '--api', ivy.api], env.ivy)).stdout), 20_000, 'the read receipt')
    const unknown = await runCli(['send', 'nobody_here', 'hi', '--api', ivy.api], env.ivy)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /no user "nobody_here"/)
    const usage = await runCli(['send', 'jack', '--api', ivy.api], env.ivy)
    assert.equal(usage.code, 2)
  })
})
