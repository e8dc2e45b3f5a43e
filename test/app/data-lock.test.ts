import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Parley } from '../../src/app/index.js'
import { startNodeProcess, stopNodeProcess } from '../support/processes.js'
import { tempDir } from '../support/nodes.js'

/** Issue 19, defect 6: two nodes on one data folder both ran, with one peer id, both appending to one feed. */
describe('one node per data folder', () => {
  it('a second node on a folder in use is refused and the first keeps running; once it stops, the folder is free', async () => {
    const dataDir = await tempDir()
    const first = await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })
    await first.start()
    await assert.rejects(Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] }), (err: any) => {
      assert.equal(err.name, 'DataFolderInUseError')
      assert.equal(err.code, 'data_folder_in_use')
      assert.match(err.message, new RegExp(`process ${process.pid}\\b.*${dataDir}`))
      return true
    })
    assert.equal(first.libp2p.status, 'started')
    assert.equal(first.database.db.isOpen, true, 'the refused node did not touch the first one\'s database')
    await first.stop()
    const again = await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })
    assert.equal(again.peerId, first.peerId, 'the same folder, the same device key')
    await again.stop() // never started: stop frees the folder all the same
    await (await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })).stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('takes over the lock of a node whose process is gone (killed, crashed)', async () => {
    const dataDir = await tempDir()
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    await writeFile(join(dataDir, 'parley.lock'), `${gone.stdout}\n`)
    const node = await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })
    assert.equal((await readFile(join(dataDir, 'parley.lock'), 'utf8')).trim(), String(process.pid))
    await node.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('a second `parley node` process on the folder exits at once with a message that says why', async () => {
    const dir = await tempDir()
    const data = join(dir, 'node')
    const running = await startNodeProcess({ data })
    try {
      await assert.rejects(startNodeProcess({ data, readyTimeoutMs: 20_000 }), (err: Error) => {
        assert.match(err.message, /exited \(1\) before ready/)
        assert.match(err.message, /another Parley node \(process \d+\) is using the data folder .* \(data_folder_in_use\)/)
        return true
      })
      assert.equal(running.child.exitCode, null, 'the first node still runs')
    } finally {
      await stopNodeProcess(running)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
