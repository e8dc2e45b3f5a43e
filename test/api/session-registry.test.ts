import assert from 'node:assert/strict'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { SessionRegistry } from '../../src/api/tokens.js'
import { tempDir } from '../support/nodes.js'

/** The session registry alone, on a virtual clock and a real file. */
describe('API sessions: idle time, the file, the 401s', () => {
  const dirs: string[] = []
  after(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

  it('a session unused for longer than the idle time ends and says so; one in use lives on', () => {
    let now = 1_000_000
    const registry = new SessionRegistry({ idleMs: 60_000, now: () => now })
    const idle = registry.issue('ada', false)
    const busy = registry.issue('ada', false)
    now += 50_000
    registry.check(`Bearer ${busy.token}`)
    now += 20_000
    assert.throws(() => registry.check(`Bearer ${idle.token}`), { status: 401, message: 'your session ended (it was not used for too long); log in again: parley login ada' })
    assert.equal(registry.check(`Bearer ${busy.token}`).id, busy.session.id)
    now += 61_000
    assert.deepEqual(registry.sweep().map((s) => s.id), [busy.session.id])
    assert.deepEqual(registry.all(), [])
    assert.throws(() => registry.check(undefined), { status: 401, message: 'missing bearer token: log in first: parley login USERNAME' })
  })

  it('reads a sessions file as earlier versions wrote it: the token hashes (hex SHA-256) still match', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const file = join(dir, 'sessions.json')
    const now = Date.now()
    // written by a node whose hashes were @noble's sha256 in hex
    const token = 'kept-token-fixture-0123456789abcdefghijklmno'
    const hash = '114c043c2aec5948a810d40de9e5ba99b709d6f3eac193cac1e072bb0af1d0b4'
    await writeFile(file, JSON.stringify({ version: 1, sessions: [{ id: 'fixture', hash, username: 'ada', createdAt: now, lastUsedAt: now, staySignedIn: true }], ended: [] }))
    const registry = new SessionRegistry({ file })
    assert.equal(registry.check(`Bearer ${token}`).id, 'fixture')
  })

  it('a restart keeps the stay-signed-in sessions; the others, and unknown tokens, get the how-to 401; no token is written', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const file = join(dir, 'sessions.json')
    const before = new SessionRegistry({ file })
    const kept = before.issue('ada', true)
    const gone = before.issue('ada', false)
    const text = await readFile(file, 'utf8')
    assert.ok(!text.includes(kept.token) && !text.includes(gone.token))

    const after = new SessionRegistry({ file })
    assert.equal(after.check(`Bearer ${kept.token}`).id, kept.session.id)
    assert.throws(() => after.check(`Bearer ${gone.token}`), { status: 401, message: 'your session ended (the node restarted and it was not kept signed in); log in again: parley login ada' })
    assert.throws(() => after.check(undefined, 'never-issued'), { message: 'your session ended (the node restarted or you logged out); log in again: parley login USERNAME' })
    // and after a second restart the ended one is still named
    const third = new SessionRegistry({ file })
    assert.throws(() => third.check(`Bearer ${gone.token}`), { message: /parley login ada$/ })

    // a file that is not JSON ends every session instead of keeping the node from starting
    await writeFile(file, '{"sessions": [')
    assert.deepEqual(new SessionRegistry({ file }).all(), [])
  })
})
