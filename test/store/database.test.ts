import assert from 'node:assert/strict'
import { chmod, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { AccountStore } from '../../src/identity/index.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase, StorageFullError, migrationPlan } from '../../src/store/index.js'
import { tempDir } from '../support/nodes.js'
import { canMountTmpfs, mountTmpfs } from '../support/tmpfs.js'

describe('ParleyDatabase', () => {
  it('applies every migration once, in WAL mode, and keeps data across reopen', async () => {
    const dir = await tempDir()
    const path = join(dir, 'parley.sqlite')
    const db = new ParleyDatabase(path, PARLEY_MIGRATIONS)
    assert.equal(db.schemaVersion, migrationPlan(PARLEY_MIGRATIONS).at(-1)!.version)
    const mode = db.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }
    assert.equal(mode.journal_mode, 'wal')
    new AccountStore(db).save({ username: 'alice', userKey: new Uint8Array(32).fill(1), keystore: new Uint8Array([1, 2, 3]), createdAt: 5 })
    db.close()
    const again = new ParleyDatabase(path, PARLEY_MIGRATIONS)
    const account = new AccountStore(again).get('alice')
    assert.deepEqual(account?.keystore, new Uint8Array([1, 2, 3]))
    assert.equal(account?.createdAt, 5)
    again.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('rolls back every row of a failed transaction', async () => {
    const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
    const insert = db.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
    assert.throws(() => db.transaction(() => {
      insert.run('a', '1')
      insert.run('a', '2') // duplicate primary key
    }))
    assert.equal((db.db.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n, 0)
    db.close()
  })

  it('refuses a database newer than its migrations, and a list with a gap', async () => {
    const dir = await tempDir()
    const path = join(dir, 'parley.sqlite')
    new ParleyDatabase(path, PARLEY_MIGRATIONS).close()
    assert.throws(() => new ParleyDatabase(path, PARLEY_MIGRATIONS.filter((m) => m.version < 5)), /newer than this program's 4/)
    assert.throws(() => migrationPlan(PARLEY_MIGRATIONS.filter((m) => m.version !== 2)), /missing 2/)
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps the messages to their owner: the folder 0700, the database and its WAL 0600, an older 0644 file narrowed', async () => {
    const dir = await tempDir()
    const folder = join(dir, 'node')
    const path = join(folder, 'parley.sqlite')
    const db = new ParleyDatabase(path, PARLEY_MIGRATIONS)
    db.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('a', '1')
    const mode = async (p: string): Promise<string> => ((await stat(p)).mode & 0o777).toString(8)
    assert.equal(await mode(folder), '700')
    assert.equal(await mode(path), '600')
    assert.equal(await mode(`${path}-wal`), '600')
    db.close()
    await chmod(path, 0o644)
    new ParleyDatabase(path, PARLEY_MIGRATIONS).close()
    assert.equal(await mode(path), '600')
    await rm(dir, { recursive: true, force: true })
  })
  it('a transaction that meets a full disk rolls back and throws StorageFullError, and the next one succeeds once space is back', { skip: !canMountTmpfs() && 'needs root to mount a tmpfs' }, async (t) => {
    const disk = await mountTmpfs(2 * 1024 * 1024)
    const db = new ParleyDatabase(join(disk.path, 'parley.sqlite'), PARLEY_MIGRATIONS)
    t.after(async () => { db.close(); await disk.unmount() })
    const insert = db.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
    db.transaction(() => insert.run('kept', 'acknowledged'))
    disk.fill()
    const big = 'x'.repeat(64 * 1024)
    // SQLite rolls the transaction back by itself; a ROLLBACK after it used to hide the reason
    assert.throws(() => db.transaction(() => { for (let i = 0; i < 16; i++) insert.run(`big ${i}`, big) }), (err: Error) => {
      assert.ok(err instanceof StorageFullError, `${err.name}: ${err.message}`)
      assert.match(err.message, /full/)
      return true
    })
    assert.equal(db.db.isTransaction, false)
    await disk.free()
    db.transaction(() => { for (let i = 0; i < 16; i++) insert.run(`big ${i}`, big) })
    const count = (db.db.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n
    assert.equal(count, 17)
  })
})
