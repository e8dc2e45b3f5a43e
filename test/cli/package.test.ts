// The package as a user gets it: `npm pack`, `npm install -g` of the tarball into a
// temporary prefix, and the installed `parley` command run from there. Uses only the
// local npm cache (--offline): the bundle carries every library, so the package has no
// dependencies to fetch. Also checks what a node leaves in its data folder: the folder
// 0700 and every file in it 0600, a looser folder and key made beforehand narrowed.
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { callHttp, freePort, tempDir } from '../support/nodes.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The environment without what `npm test` sets for its own run (npm_config_prefix and co.). */
function cleanEnv (path: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))
  delete env.GLIBC_TUNABLES
  return { ...env, PATH: path }
}

/** The first `node` on the system PATH (outside node_modules) older than 24, if there is one. */
async function oldNode (): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin', '/usr/local/bin')) {
    if (dir === '' || dir.includes('node_modules')) continue
    const node = join(dir, 'node')
    const version = await run(node, ['--version']).then((r) => r.stdout.trim(), () => undefined)
    if (version != null && Number(version.slice(1).split('.')[0]) < 24) return node
  }
  return undefined
}

async function modeOf (path: string): Promise<string> {
  return ((await stat(path)).mode & 0o777).toString(8)
}

/** Every file and folder under dir with its permission bits, e.g. { 'device.key': '600' }. */
async function modesUnder (dir: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true })) modes[entry] = await modeOf(join(dir, entry))
  return modes
}

describe('the installed package', () => {
  let work: string
  let prefix: string
  let files: string[]
  // the installed command's shebang finds `node` on PATH: this test's Node 24 first
  let pathWithNode24: string

  before(async () => {
    work = await tempDir('parley-package-')
    prefix = join(work, 'prefix')
    pathWithNode24 = `${join(prefix, 'bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`
    // the test runs after the build; --ignore-scripts packs that build instead of building again
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: cleanEnv(process.env.PATH ?? ''), maxBuffer: 64 << 20 })
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string, files: Array<{ path: string }> }>
    files = info.files.map((f) => f.path)
    await run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, info.filename)], { cwd: work, env: cleanEnv(process.env.PATH ?? '') })
  })
  after(async () => { await rm(work, { recursive: true, force: true }) })

  it('ships the bundle, the web UI, the OpenAPI document and the bin, and no tests or screenshots', () => {
    for (const needed of ['package.json', 'README.md', 'bin/parley.js', 'dist/src/cli/parley.mjs', 'dist/src/cli/kad-prefixes.bin', 'dist/ui/index.html', 'dist/openapi.json']) {
      assert.ok(files.includes(needed), `${needed} is in the tarball`)
    }
    const unwanted = files.filter((f) => /^(test|src|ui|bench|patches|docs\/screenshots|dist\/test|dist\/bench)\//.test(f))
    assert.deepEqual(unwanted, [])
  })

  it('installs with nothing to fetch and no install scripts of its own', async () => {
    const installed = join(prefix, 'lib', 'node_modules', 'parley')
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'))
    assert.deepEqual(manifest.dependencies ?? {}, {})
    assert.equal(manifest.scripts?.postinstall, undefined)
    await assert.rejects(stat(join(installed, 'node_modules')), { code: 'ENOENT' })
  })

  it('answers --version', async () => {
    const { stdout } = await run(join(prefix, 'bin', 'parley'), ['--version'], { env: cleanEnv(pathWithNode24) })
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
    assert.match(stdout, new RegExp(`^(parley )?${version.replaceAll('.', '\\.')}\\n$`))
  })

  it('runs a node that says ready, answers /api/health and serves the UI, and keeps its data folder to its owner', async () => {
    const data = join(work, 'data')
    // made beforehand with the usual umask, as `mkdir ~/.parley` would
    await mkdir(data, { mode: 0o755 })
    await chmod(data, 0o755)
    const first = await runNode(data)
    assert.equal(first.health.status, 200)
    assert.equal(first.health.body.ok, true)
    assert.equal(first.ui.status, 200)
    assert.match(String(first.ui.body), /<html/i)
    assert.equal(first.openapi.status, 200)
    const modes = await modesUnder(data)
    assert.ok('device.key' in modes && 'parley.sqlite' in modes, `the node wrote its key and database: ${JSON.stringify(modes)}`)
    assert.deepEqual(Object.entries(modes).filter(([, mode]) => mode !== '600'), [], 'every file 0600')
    assert.equal(await modeOf(data), '700')

    // a key and folder loosened after the fact (copied in, restored from a backup) are narrowed
    await chmod(data, 0o755)
    await chmod(join(data, 'device.key'), 0o644)
    await chmod(join(data, 'parley.sqlite'), 0o644)
    const second = await runNode(data)
    assert.equal(second.health.body.peerId, first.health.body.peerId, 'the same device key')
    assert.deepEqual(Object.entries(await modesUnder(data)).filter(([, mode]) => mode !== '600'), [])
    assert.equal(await modeOf(data), '700')
  })

  it('on a Node too old for node:sqlite, says in one line which Node it needs and exits 1', async (t) => {
    const node = await oldNode()
    if (node == null) { t.skip('no Node older than 24 on this machine'); return }
    // through the shebang, with the old Node first on PATH, as a user's shell would
    const viaShebang = await run(join(prefix, 'bin', 'parley'), ['--version'], { env: cleanEnv(`${join(prefix, 'bin')}:${dirname(node)}:/usr/bin:/bin`) }).then(() => undefined, (err) => err)
    for (const failed of [viaShebang, await run(node, [join(prefix, 'bin', 'parley'), 'node']).then(() => undefined, (err) => err)]) {
      assert.ok(failed != null, 'it fails')
      assert.equal(failed.code, 1)
      assert.equal(failed.stdout, '')
      assert.match(failed.stderr, /^parley needs Node\.js 24 or newer \(node:sqlite\); this is Node\.js 2?\d\.[^\n]*\n$/)
    }
  })

  /** Starts the installed `parley node` on 127.0.0.1, waits for ready, asks it, stops it. */
  async function runNode (data: string): Promise<Record<'health' | 'ui' | 'openapi', { status: number, body: any }>> {
    const api = `127.0.0.1:${await freePort()}`
    const child = spawn(join(prefix, 'bin', 'parley'), ['node', '--network', 'local', '--listen', '/ip4/127.0.0.1/tcp/0', '--api', api, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(pathWithNode24) })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += String(chunk) })
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => { if (line === 'ready') resolve() })
        child.once('exit', (code) => { reject(new Error(`parley node exited with ${code} before ready: ${stderr}`)) })
      })
      return {
        health: await callHttp(api, 'GET', '/api/health'),
        ui: await fetchText(`http://${api}/`),
        openapi: await callHttp(api, 'GET', '/api/openapi.json')
      }
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }
})

async function fetchText (url: string): Promise<{ status: number, body: string }> {
  const response = await fetch(url)
  return { status: response.status, body: await response.text() }
}
