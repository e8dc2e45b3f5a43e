import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, it } from 'node:test'
import { tempDir } from '../support/nodes.js'
import { NODE_PROCESS_ENV } from '../../src/cli/spawn.js'
import { ParleyDatabase } from '../../src/store/database.js'

const DATABASE_MODULE = new URL('../../src/store/database.js', import.meta.url).href
const TRIM_MODULE = new URL('../../src/cli/malloc-trim.js', import.meta.url).href

/**
 * A fresh process opens a 6 MB database, reads every row (SQLite's page cache fills to
 * its 2 MiB), reads its private memory, releases the database's memory, gives malloc's
 * free pages back (as an idle node's compaction does) and reads it again.
 */
const script = (path: string): string => `
import { readFileSync } from 'node:fs'
const { ParleyDatabase } = await import(${JSON.stringify(DATABASE_MODULE)})
const { trimMalloc } = await import(${JSON.stringify(TRIM_MODULE)})
const privateMiB = () => Number(/^Private_Dirty:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))[1]) / 1024
const database = new ParleyDatabase(${JSON.stringify(path)}, [])
for (let pass = 0; pass < 3; pass++) database.statement('SELECT sum(length(body)) AS n FROM t').get()
trimMalloc()
const before = privateMiB()
database.releaseMemory()
trimMalloc()
const after = privateMiB()
database.close()
process.stdout.write(JSON.stringify({ before, after }))
`

describe('the database releases its memory', { skip: process.platform !== 'linux' ? 'reads /proc/self/smaps_rollup' : false }, () => {
  it('frees its page cache for an idle node', async () => {
    const dir = await tempDir()
    const written = new ParleyDatabase(join(dir, 'db.sqlite'), [])
    written.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)')
    written.transaction(() => { for (let i = 0; i < 6000; i++) written.statement('INSERT INTO t (body) VALUES (?)').run(new Uint8Array(1000).fill(i % 251)) })
    written.close()
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script(join(dir, 'db.sqlite'))], {
        env: { ...process.env, ...NODE_PROCESS_ENV }
      })
      const { before, after } = JSON.parse(stdout) as { before: number, after: number }
      // the page cache held about 2 MiB (SQLite's default cache_size of -2000 KiB)
      assert.ok(after < before - 1.5, `private memory ${before.toFixed(1)} → ${after.toFixed(1)} MiB`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
