import assert from 'node:assert/strict'
import { rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { newRecoveryPhrase } from '../../src/app/backup-file.js'
import { startTestNode, tempDir } from '../support/nodes.js'
import { runCli, startNodeProcess, stopNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

/** `parley backup --out FILE` on one node process, `parley restore FILE` on a fresh one. */
describe('parley backup and parley restore', () => {
  let bootstrap: TestNode
  let dir: string
  const running: NodeProcess[] = []
  let env: Record<string, string>

  before(async () => {
    bootstrap = await startTestNode()
    dir = await tempDir()
    env = { PARLEY_CLI_CONFIG: join(dir, 'cli.json') }
  })

  after(async () => {
    for (const node of running) await stopNodeProcess(node)
    await bootstrap.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('backup writes a 0600 file and prints the phrase once; restore takes it from a file or stdin, and refuses a wrong one', async () => {
    const first = await startNodeProcess({ data: join(dir, 'first'), bootstrap: [bootstrap.addr] })
    running.push(first)
    const api = ['--api', first.api]
    assert.equal((await runCli(['register', 'hank', ...api], { ...env, PARLEY_PASSWORD: 'hank-password' })).code, 0)
    assert.equal((await runCli(['post', 'before the backup', ...api], env)).code, 0)
    const out = join(dir, 'hank.backup')
    const noOut = await runCli(['backup', ...api], env)
    assert.equal(noOut.code, 2, 'a usage mistake')
    const made = await runCli(['backup', '--out', out, ...api], env)
    assert.equal(made.code, 0, made.stderr)
    assert.match(made.stdout, /Write it down now/)
    assert.match(made.stdout, / 1\. [a-z]+/)
    assert.match(made.stdout, /24\. [a-z]+/)
    assert.equal((await stat(out)).mode & 0o777, 0o600)
    const phrase = [...made.stdout.matchAll(/\d+\. ([a-z]+)/g)].map((m) => m[1]).join(' ')
    assert.equal(phrase.split(' ').length, 24)
    const again = await runCli(['backup', '--out', out, ...api], env)
    assert.equal(again.code, 2, 'an existing file is never overwritten')
    assert.match(again.stderr, /exists/)
    await stopNodeProcess(first, 'SIGTERM')

    const second = await startNodeProcess({ data: join(dir, 'second'), bootstrap: [bootstrap.addr] })
    running.push(second)
    const api2 = ['--api', second.api]
    const wrong = await runCli(['restore', out, '--phrase-file', '-', ...api2], env, newRecoveryPhrase() + '\n')
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /not the recovery phrase of this backup/)
    const phraseFile = join(dir, 'phrase.txt')
    await writeFile(phraseFile, phrase + '\n', { mode: 0o600 })
    const restored = await runCli(['restore', out, '--phrase-file', phraseFile, ...api2], env)
    assert.equal(restored.code, 0, restored.stderr)
    assert.match(restored.stdout, /restored hank \(z[^)]+\) and logged in/)
    const posts = await runCli(['posts', 'hank', ...api2, '--json'], env)
    assert.equal(posts.code, 0, posts.stderr)
    assert.deepEqual(JSON.parse(posts.stdout).posts.map((p: any) => p.text), ['before the backup'])
    const twice = await runCli(['restore', out, '--phrase-file', '-', ...api2], env, phrase)
    assert.equal(twice.code, 1)
    assert.match(twice.stderr, /on this node already/)
  })
})
