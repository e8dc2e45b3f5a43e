import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CLIENT_COMMANDS } from '../../src/cli/commands/index.js'
import { spawnParley } from '../../src/cli/spawn.js'
import { callHttp, tempDir, waitFor } from '../support/nodes.js'
import { runCli, startProcessNetwork } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork } from '../support/processes.js'

/** clig.dev conventions of the `parley` command: version, help, stdin, exit codes, JSON errors. */

const PACKAGE = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'))
/** no node answers here: a command that reached for one would fail with 1, not 2 */
const NOWHERE = { PARLEY_API: '127.0.0.1:1', PARLEY_CLI_CONFIG: '/nonexistent/cli.json' }

describe('parley command-line conventions (clig.dev)', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const answer = await runCli([flag])
      assert.equal(answer.code, 0, answer.stderr)
      assert.equal(answer.stdout, `parley ${PACKAGE.version}\n`)
    }
  })

  it('COMMAND --help (and -h, and help COMMAND) prints that command\'s help for every command, and exits 0', async () => {
    const commands = ['node', 'devnet', ...Object.keys(CLIENT_COMMANDS)]
    assert.ok(commands.length > 20, commands.join(' '))
    for (const command of commands) {
      const answer = await runCli([command, '--help'], NOWHERE)
      assert.equal(answer.code, 0, `${command}: ${answer.stderr}`)
      assert.equal(answer.stderr, '', command)
      assert.match(answer.stdout, new RegExp(`^usage: parley ${command}\\b`), command)
      assert.match(answer.stdout, /--help/, command)
    }
    // the other spellings give the same text; --help after other arguments still wins
    const post = (await runCli(['post', '--help'])).stdout
    assert.equal((await runCli(['post', '-h'])).stdout, post)
    assert.equal((await runCli(['help', 'post'])).stdout, post)
    assert.equal((await runCli(['post', 'some', 'text', '--help'], NOWHERE)).stdout, post)
    assert.match(post, /TEXT\|-/)
    assert.match((await runCli(['node', '--help'])).stdout, /--stamp-bits BITS [^\n]*\n\s+PARLEY_STAMP_BITS, default 22/)
  })

  it('usage mistakes exit 2 with the command\'s usage, before anything is started or asked of a node', async () => {
    const mistakes = [
      ['frobnicate'], ['--frob'], ['frobnicate', '--help'], ['whoami', '--nope'], ['post'], ['send'], ['send', 'bob'], ['group'], ['group', 'send'],
      ['timeline', '--limit', 'ten'], ['timeline', '--limit', '0'], ['whoami', '--api', 'nowhere'], ['export-feed', 'bob'],
      ['devnet', '--base-port', '80'], ['devnet', '--bootstrap-nodes', 'x'],
      ['node', '--stamp-bits', '99', '--data', '/nonexistent/parley'], ['node', '--network', 'mars', '--data', '/nonexistent/parley'],
      ['node', '--listen', 'not-a-multiaddr', '--data', '/nonexistent/parley'], ['node', '--bootstrap', '/ip4/1.2.3', '--data', '/nonexistent/parley'],
      ['node', '--kdf-queue', '-1', '--data', '/nonexistent/parley'], ['node', '--api', 'localhost', '--data', '/nonexistent/parley']
    ]
    for (const args of mistakes) {
      const answer = await runCli(args, NOWHERE)
      assert.equal(answer.code, 2, `${args.join(' ')}: ${answer.code} ${answer.stderr}`)
      assert.match(answer.stderr, /^parley: [^]+\nusage:/, args.join(' '))
      assert.equal(answer.stdout, '', args.join(' '))
    }
    const send = await runCli(['send', 'bob'], NOWHERE)
    assert.match(send.stderr, /send needs TEXT\nusage: parley send USER/)
  })

  it('--json prints errors as JSON on stderr: usage mistakes (exit 2) and failures (exit 1)', async () => {
    const usage = await runCli(['timeline', '--limit', 'ten', '--json'], NOWHERE)
    assert.equal(usage.code, 2)
    assert.equal(usage.stdout, '')
    assert.deepEqual(JSON.parse(usage.stderr), { error: { code: 'usage', message: '--limit must be a whole number, 1 or more' } })
    const unknown = await runCli(['--json', 'nope'].reverse(), NOWHERE)
    assert.equal(JSON.parse(unknown.stderr).error.code, 'usage')
    const down = await runCli(['health', '--json'], NOWHERE)
    assert.equal(down.code, 1)
    const { error } = JSON.parse(down.stderr)
    assert.equal(error.code, 'unreachable')
    assert.match(error.message, /no node answers at 127\.0\.0\.1:1/)
    // after --, --json is text, not the flag
    const text = await runCli(['post', '--', '--json'], NOWHERE)
    assert.equal(text.code, 1)
    assert.match(text.stderr, /^parley: no node answers/)
  })

  describe('against running nodes', () => {
    let net: ProcessNetwork
    let kim: ProcessMember, lee: ProcessMember
    const as = (m: ProcessMember): Record<string, string> => ({ PARLEY_API: m.api, PARLEY_TOKEN: m.token, PARLEY_CLI_CONFIG: '/nonexistent/cli.json' })

    before(async () => {
      net = await startProcessNetwork(['kim', 'lee'], { password: (u) => `${u}-password-1`, prefix: 'parley-cli-conv-' })
      ;[kim, lee] = net.members
    })
    after(async () => { await net?.remove() })

    it('reads TEXT from standard input when it is given as -: post, send and group send', async () => {
      const poem = 'first line\nsecond line, with "quotes" and a - dash\n'
      const posted = await runCli(['post', '-', '--json'], as(kim), poem)
      assert.equal(posted.code, 0, posted.stderr)
      assert.equal(JSON.parse(posted.stdout).text, poem.slice(0, -1))
      const posts = await callHttp(kim.api, 'GET', '/api/users/kim/posts', undefined, kim.token)
      assert.equal(posts.body.posts[0].text, 'first line\nsecond line, with "quotes" and a - dash')

      const sent = await runCli(['send', 'lee', '-'], as(kim), 'a DM\nfrom stdin\n')
      assert.equal(sent.code, 0, sent.stderr)
      const inbox = await callHttp(lee.api, 'GET', '/api/messages?with=kim', undefined, lee.token)
      assert.equal(inbox.body.messages.at(-1).text, 'a DM\nfrom stdin')

      const group = await callHttp(kim.api, 'POST', '/api/groups', { name: 'stdin', members: ['lee'] }, kim.token)
      assert.equal(group.status, 201, JSON.stringify(group.body))
      await waitFor(async () => (await callHttp(lee.api, 'GET', `/api/groups/${group.body.id}`, undefined, lee.token)).status === 200, 30_000, 'the invitation')
      assert.equal((await callHttp(kim.api, 'POST', `/api/groups/${group.body.id}/start`, undefined, kim.token)).status, 200)
      const said = await runCli(['group', 'send', group.body.id, '-', '--json'], as(kim), 'group text\n')
      assert.equal(said.code, 0, said.stderr)
      const log = await callHttp(kim.api, 'GET', `/api/groups/${group.body.id}/messages`, undefined, kim.token)
      assert.ok(log.body.messages.some((m: any) => m.text === 'group text'), JSON.stringify(log.body))

      // an empty standard input is a usage mistake; a lone - among other words is text
      const empty = await runCli(['post', '-'], as(kim), '')
      assert.equal(empty.code, 2)
      assert.match(empty.stderr, /post read no TEXT from standard input/)
      const dash = await runCli(['post', 'a', '-', 'b', '--json'], as(kim))
      assert.equal(JSON.parse(dash.stdout).text, 'a - b')
    })

    it('export-feed --out - writes the CAR file to standard output, and nothing else', async () => {
      const dir = await tempDir()
      try {
        const file = join(dir, 'kim.car')
        assert.equal((await runCli(['export-feed', 'kim', '--out', file], as(kim))).code, 0)
        const child = spawnParley(['export-feed', 'kim', '--out', '-'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...as(kim) } })
        const chunks: Buffer[] = []
        child.stdout!.on('data', (c: Buffer) => { chunks.push(c) })
        const code = await new Promise<number>((resolve) => { child.once('exit', (c) => { resolve(c ?? -1) }) })
        assert.equal(code, 0)
        const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
        const stdout = Buffer.concat(chunks)
        assert.ok(stdout.byteLength > 100)
        assert.equal(sha(stdout), sha(await readFile(file)))
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })

    it('--json prints the node\'s refusal as JSON on stderr, exit 1', async () => {
      const answer = await runCli(['user', 'nobody_here', '--json'], as(kim))
      assert.equal(answer.code, 1)
      assert.equal(answer.stdout, '')
      const { error } = JSON.parse(answer.stderr)
      assert.equal(error.code, 'unknown_user')
      assert.match(error.message, /nobody_here/)
    })
  })
})
