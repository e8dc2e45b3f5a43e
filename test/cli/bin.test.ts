import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFile, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { callHttp, freePort, tempDir } from '../support/nodes.js'
import { NODE_PROCESS_ENV, NODE_PROCESS_FLAGS } from '../../src/cli/spawn.js'

const BIN = fileURLToPath(new URL('../../../bin/parley.js', import.meta.url))

describe('the parley bin', () => {
  it('starts a node as an executable, with the flags and environment devnet and the tests use', async () => {
    const dir = await tempDir()
    const api = `127.0.0.1:${await freePort()}`
    // the shebang finds `node` on PATH: the Node 24 running this test, as npm scripts arrange
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` }
    delete env.GLIBC_TUNABLES
    const child = spawn(BIN, ['node', '--data', join(dir, 'node'), '--api', api, '--listen', '/ip4/127.0.0.1/tcp/0'], { stdio: ['ignore', 'pipe', 'pipe'], env })
    try {
      const lines = createInterface({ input: child.stdout })
      await new Promise<void>((resolve, reject) => {
        lines.on('line', (line) => { if (line === 'ready') resolve() })
        child.once('exit', (code) => { reject(new Error(`bin exited with ${code} before ready`)) })
      })
      assert.equal((await callHttp(api, 'GET', '/api/health')).status, 200)
      // the process the shebang started: its environment and V8 flags
      const environ = (await readFile(`/proc/${child.pid}/environ`, 'utf8')).split('\0')
      for (const [name, value] of Object.entries(NODE_PROCESS_ENV)) assert.ok(environ.includes(`${name}=${value}`), `${name} is set`)
      const argv = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0')
      for (const flag of NODE_PROCESS_FLAGS) assert.ok(argv.includes(flag), `${flag} is passed; argv ${argv.join(' ')}`)
      // two V8 worker threads, not Node's default four (--v8-pool-size=2: fewer arenas and stacks)
      const threads = await Promise.all((await readdir(`/proc/${child.pid}/task`)).map(async (t) => (await readFile(`/proc/${child.pid}/task/${t}/comm`, 'utf8')).trim()))
      assert.equal(threads.filter((name) => name === 'V8Worker').length, 2, `threads ${threads.join(', ')}`)
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      await rm(dir, { recursive: true, force: true })
    }
  })
})
