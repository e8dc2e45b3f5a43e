import assert from 'node:assert/strict'
import { access, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { TEST_STAMP_BITS } from '../support/crates.js'
import { callHttp, freePort, tempDir } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import { spawnParley } from '../../src/cli/spawn.js'

describe('parley node settings', () => {
  let dir: string
  const file = async (name: string, settings: unknown): Promise<string> => {
    const path = join(dir, name)
    await writeFile(path, typeof settings === 'string' ? settings : JSON.stringify(settings))
    return path
  }

  before(async () => { dir = await tempDir('parley-config-') })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('takes flags over the environment over the config file over the defaults', async () => {
    const path = await file('precedence.json', { 'kdf-queue': 5, 'login-attempts': 6, 'stamp-bits': 10, listen: '/ip4/127.0.0.1/tcp/4100', public: true })
    const env = { PARLEY_KDF_QUEUE: '4', PARLEY_LOGIN_ATTEMPTS: '7', PARLEY_LOG: 'debug', PARLEY_BOOTSTRAP: '/ip4/127.0.0.1/tcp/4200,/ip4/127.0.0.1/tcp/4201' }
    const printed = await runCli(['config', 'print', '--json', '--config', path, '--kdf-queue', '3', '--no-public', '--log-level', 'trace'], env)
    assert.equal(printed.code, 0, printed.stderr)
    const settings = JSON.parse(printed.stdout)
    assert.deepEqual(settings['kdf-queue'], { value: 3, source: 'flag --kdf-queue' })
    assert.deepEqual(settings.public, { value: false, source: 'flag --public' })
    assert.deepEqual(settings['log-level'], { value: 'trace', source: 'flag --log-level' })
    assert.deepEqual(settings['login-attempts'], { value: 7, source: 'env PARLEY_LOGIN_ATTEMPTS' })
    assert.deepEqual(settings.bootstrap, { value: ['/ip4/127.0.0.1/tcp/4200', '/ip4/127.0.0.1/tcp/4201'], source: 'env PARLEY_BOOTSTRAP' })
    assert.deepEqual(settings['stamp-bits'], { value: 10, source: `file ${path}` })
    assert.deepEqual(settings.listen, { value: ['/ip4/127.0.0.1/tcp/4100'], source: `file ${path}` })
    assert.deepEqual(settings['kdf-concurrency'], { value: 1, source: 'default' })
    assert.deepEqual(settings.network, { value: 'internet', source: 'default' })

    // the file named by PARLEY_CONFIG instead, and the human form
    const human = await runCli(['config', 'print'], { PARLEY_CONFIG: path, PARLEY_LOG: 'warn' })
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /^stamp-bits +10 +file .*precedence\.json$/m)
    assert.match(human.stdout, /^log-level +warn +env PARLEY_LOG$/m)
    assert.match(human.stdout, /^api +127\.0\.0\.1:7777 +default$/m)
  })

  it('refuses an unknown key in the config file, naming it, with exit 2', async () => {
    const path = await file('unknown.json', { 'kdf-queue': 2, 'kdf-queu': 3 })
    for (const command of [['config', 'print'], ['node']]) {
      const run = await runCli([...command, '--config', path])
      assert.equal(run.code, 2, run.stderr)
      assert.match(run.stderr, /unknown\.json: unknown key "kdf-queu"/)
    }
  })

  it('refuses a bad value from any source, naming the setting, with exit 2', async () => {
    const cases: Array<{ args?: string[], env?: Record<string, string>, settings?: unknown, says: RegExp }> = [
      { settings: { 'stamp-bits': 41 }, says: /stamp-bits 41: must be a whole number from 0 to 40/ },
      { settings: { network: 'moon' }, says: /network "moon": must be internet or local/ },
      { settings: { bootstrap: ['/ip4/127.0.0.1/tcp/1', 'nonsense'] }, says: /bootstrap .*must be a multiaddr/ },
      { settings: '{"data": "/tmp/x",', says: /not JSON/ },
      { env: { PARLEY_NETWORK: 'moon' }, says: /PARLEY_NETWORK="moon": must be internet or local/ },
      { env: { PARLEY_PUBLIC: 'maybe' }, says: /PARLEY_PUBLIC="maybe": must be true or false/ },
      { env: { PARLEY_LOG: 'loud' }, says: /PARLEY_LOG="loud": must be one of fatal, error/ },
      { args: ['--kdf-queue', 'x'], says: /--kdf-queue "x": must be a whole number 0 or more/ },
      { args: ['--listen', 'nonsense'], says: /--listen "nonsense": must be a multiaddr/ },
      { args: ['--api', 'localhost'], says: /--api "localhost": must be HOST:PORT or unix:PATH/ },
      { args: ['--archive', 'alice', '--archive', 'Bob!'], says: /--archive .*must be usernames/ }
    ]
    for (const [i, c] of cases.entries()) {
      const config = c.settings != null ? ['--config', await file(`bad-${i}.json`, c.settings)] : []
      const run = await runCli(['node', ...config, ...(c.args ?? [])], c.env)
      assert.equal(run.code, 2, `case ${i}: ${run.stderr}`)
      assert.match(run.stderr, c.says, `case ${i}`)
    }
  })

  it('runs a node from a config file alone', async () => {
    const api = `127.0.0.1:${await freePort()}`
    const data = join(dir, 'node')
    const path = await file('node.json', { data, api, listen: ['/ip4/127.0.0.1/tcp/0'], network: 'local', 'stamp-bits': TEST_STAMP_BITS, 'log-level': 'debug', archive: ['alice'] })
    const child = spawnParley(['node', '--config', path], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
    try {
      await new Promise<void>((resolve, reject) => {
        void exited.then(() => { reject(new Error(`node exited before ready: ${stderr}`)) })
        createInterface({ input: child.stdout! }).on('line', (line) => { if (line === 'ready') resolve() })
      })
      const health = await callHttp(api, 'GET', '/api/health')
      assert.equal(health.status, 200)
      await access(join(data, 'parley.sqlite'))
      // at debug the node logs its settings and where each came from, as JSON (not a terminal)
      const settings = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.msg === 'settings')
      assert.equal(settings?.level, 20, stderr)
      assert.equal(settings.config['stamp-bits'], TEST_STAMP_BITS)
      assert.equal(settings.sources.api, `file ${path}`)
      assert.equal(settings.sources['kdf-queue'], 'default')
      // the feeds it keeps, without a logged-in user: alice cannot be resolved on a lone node
      const archive = await callHttp(api, 'GET', '/api/archive')
      assert.equal(archive.status, 200)
      assert.deepEqual(archive.body.feeds.map((f: any) => [f.username, f.entries, f.lastSyncAt]), [['alice', 0, null]])
      const listed = await runCli(['archive', '--api', api])
      assert.equal(listed.code, 0, listed.stderr)
      assert.match(listed.stdout, /^alice: 0 entries, last sync never/m)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  })
})
