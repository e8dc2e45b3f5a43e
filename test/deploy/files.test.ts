/**
 * The deployment files (Dockerfile, deploy/compose.yaml, deploy/parley.service) checked by
 * the tools that exist without a container engine or a running systemd: dockerfile-utils'
 * linter and dclint (the compose spec's JSON schema plus its style rules), both dev
 * dependencies, and `systemd-analyze` (Debian's systemd, which .ci/run installs). Their node
 * command lines are checked by `parley config print`. The image itself is built only where
 * a Docker daemon answers (`docker info`); the test says so when it is skipped.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { validate } from 'dockerfile-utils'
import { parse } from 'yaml'

const exec = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PARLEY = join(ROOT, 'bin', 'parley.js')

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions (text: string): Array<{ keyword: string, args: string }> {
  return text.replace(/\\\n/g, ' ').split('\n')
    .map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ keyword: line.split(/\s+/)[0].toUpperCase(), args: line.slice(line.split(/\s+/)[0].length).trim() }))
}

/** `parley config print` accepts these node arguments (a bad flag or value exits 2 naming it). */
async function assertNodeArgs (args: string[], where: string): Promise<Record<string, { value: unknown }>> {
  assert.equal(args[0], 'node', `${where} runs parley node`)
  try {
    const { stdout } = await exec(process.execPath, [PARLEY, 'config', 'print', ...args.slice(1), '--json'])
    return JSON.parse(stdout)
  } catch (err: any) {
    assert.fail(`${where}: parley config print ${args.slice(1).join(' ')} failed: ${err.stderr ?? err.message}`)
  }
}

describe('deployment files', () => {
  let dir: string
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-deploy-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('the Dockerfile lints clean, builds in two stages and runs as a non-root user with a data volume and a health check', async () => {
    const text = await readFile(join(ROOT, 'Dockerfile'), 'utf8')
    assert.deepEqual(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`), [], 'dockerfile-utils finds nothing')
    const all = instructions(text)
    const stages = all.filter((i) => i.keyword === 'FROM')
    assert.ok(stages.length >= 2, 'multi-stage')
    const runtime = all.slice(all.lastIndexOf(stages.at(-1)!))
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args
    assert.ok(user !== undefined && !/^(root|0)(:|$)/.test(user), `the runtime stage runs as a non-root user (USER ${user})`)
    assert.ok(runtime.some((i) => i.keyword === 'VOLUME' && i.args.includes('"/data"')), 'VOLUME /data')
    assert.ok(runtime.some((i) => i.keyword === 'ENV' && i.args.includes('PARLEY_DATA=/data')), 'the node keeps its data on the volume')
    const health = runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? ''
    assert.match(health, /CMD \["parley", "health"/, 'HEALTHCHECK asks parley health')
    assert.ok(runtime.some((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build')), 'the runtime stage takes only the packed tarball from the build stage')
    const cmd = JSON.parse(runtime.find((i) => i.keyword === 'CMD')?.args ?? '[]') as string[]
    const config = await assertNodeArgs(cmd, 'the Dockerfile CMD')
    assert.equal(config.api.value, '0.0.0.0:7777', 'the API binds the container\'s interfaces, for a published port')
  })

  it('.dockerignore leaves every file in git in the build context, and the packed tarball holds the parley command', async () => {
    const patterns = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    const { stdout } = await exec('git', ['ls-files'], { cwd: ROOT })
    const ignored = stdout.split('\n').filter((file) => file !== '' && patterns.some((p) => {
      const bare = p.replace(/^\//, '').replace(/\/$/, '')
      return p.startsWith('*') ? file.endsWith(p.slice(1)) : (file === bare || file.startsWith(`${bare}/`))
    }))
    assert.deepEqual(ignored, [], 'no committed file is left out of the image build')
    const pack = JSON.parse((await exec('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT })).stdout) as Array<{ files: Array<{ path: string }> }>
    const files = new Set(pack[0].files.map((f) => f.path))
    for (const needed of ['bin/parley.js', 'dist/src/cli/parley.mjs', 'dist/src/cli/kad-prefixes.bin', 'dist/ui/index.html', 'dist/openapi.json', 'package.json']) {
      assert.ok(files.has(needed), `npm pack holds ${needed}, which the image runs`)
    }
  })

  it('deploy/compose.yaml passes dclint (the compose spec schema) and its node commands parse', async () => {
    const file = join(ROOT, 'deploy', 'compose.yaml')
    const dclint = fileURLToPath(import.meta.resolve('dclint/package.json').replace(/package\.json$/, 'bin/dclint.cjs'))
    const lint = await exec(process.execPath, [dclint, file, '--max-warnings', '0', '--color', 'false']).catch((err) => err)
    assert.equal(lint.code ?? 0, 0, `dclint: ${lint.stdout}${lint.stderr}`)
    const compose = parse(await readFile(file, 'utf8'), { merge: true }) as { services: Record<string, { command: string[] }> }
    const services = Object.entries(compose.services)
    assert.equal(services.length, 4)
    const publicNodes: string[] = []
    for (const [name, service] of services) {
      const config = await assertNodeArgs(service.command, `service ${name}`)
      if (config.public.value === true) publicNodes.push(name)
      const bootstrap = config.bootstrap.value as string[]
      assert.ok(bootstrap.length > 0 && bootstrap.every((b) => /^\/dns4\/public\d\/tcp\/4001$/.test(b) && !b.includes(`/${name}/`)), `${name} bootstraps from the other public nodes: ${bootstrap.join(' ')}`)
    }
    assert.deepEqual(publicNodes, ['public1', 'public2'])
  })

  it('deploy/parley.service passes systemd-analyze verify, with an exposure of at most 2.0', async () => {
    const unit = await readFile(join(ROOT, 'deploy', 'parley.service'), 'utf8')
    for (const line of ['DynamicUser=yes', 'StateDirectory=parley', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'Restart=on-failure']) {
      assert.ok(unit.split('\n').includes(line), line)
    }
    const execStart = /^ExecStart=(\S+) (.*)$/m.exec(unit)
    assert.ok(execStart !== null)
    const config = await assertNodeArgs(execStart[2].replace('%S', '/var/lib').split(' '), 'ExecStart')
    assert.match(String(config.api.value), /^127\.0\.0\.1:/, 'the API listens on loopback only')
    // verify checks that ExecStart's binary exists: point it at this checkout's bin/parley.js
    const copy = join(dir, 'parley.service')
    await writeFile(copy, unit.replace(`ExecStart=${execStart[1]} `, `ExecStart=${PARLEY} `))
    await chmod(PARLEY, 0o755)
    const verify = await exec('systemd-analyze', ['verify', '--man=no', copy]).catch((err) => err)
    assert.equal(`${verify.stdout}${verify.stderr}`.trim(), '', 'systemd-analyze verify prints nothing: no unknown key, no bad value')
    assert.equal(verify.code ?? 0, 0)
    const security = await exec('systemd-analyze', ['security', '--offline=true', '--no-pager', copy]).catch((err) => err)
    const exposure = /Overall exposure level for parley\.service: ([\d.]+)/.exec(`${security.stdout}`)
    assert.ok(exposure !== null, `systemd-analyze security: ${security.stdout}${security.stderr}`)
    assert.ok(Number(exposure[1]) <= 2.0, `exposure ${exposure[1]} (0 is the most locked down, 10 none)`)
  })

  it('the image builds and the node in it becomes healthy', async (t) => {
    const daemon = await exec('docker', ['info', '--format', '{{.ServerVersion}}']).then(() => true, () => false)
    if (!daemon) { t.skip('no Docker daemon here (docker info fails): the image is built only where one answers'); return }
    const tag = `parley-test:${process.pid}`
    await exec('docker', ['build', '-t', tag, ROOT], { maxBuffer: 64 << 20, timeout: 600_000 })
    const { stdout } = await exec('docker', ['run', '-d', '--rm', tag, 'node', '--api', '0.0.0.0:7777', '--network', 'local'])
    const id = stdout.trim()
    try {
      let status = ''
      for (let i = 0; i < 120 && status !== 'healthy'; i++) {
        status = (await exec('docker', ['inspect', '--format', '{{.State.Health.Status}}', id])).stdout.trim()
        if (status !== 'healthy') await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      assert.equal(status, 'healthy')
      assert.equal((await exec('docker', ['exec', id, 'id', '-u'])).stdout.trim(), '10001', 'runs as the parley user')
    } finally {
      await exec('docker', ['rm', '-f', id]).catch(() => {})
      await exec('docker', ['rmi', tag]).catch(() => {})
    }
  })
})

