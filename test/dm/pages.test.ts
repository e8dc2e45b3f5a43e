import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MessageStore } from '../../src/dm/message-store.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { btreesOf, pageOwners, resetWal, walCommits } from '../support/wal-pages.js'

const ALICE_KEY = new Uint8Array(32).fill(1)
const BOB_KEY = new Uint8Array(32).fill(2)

/**
 * The pages one DM costs, counted structurally: the WAL frames of its commit, named by the
 * b-tree they belong to (a separate primary-key index, a redundant index or a second write
 * of a row would each add a page to every DM). bench/path/dm-pages.ts lists them on two
 * real nodes.
 */
describe('pages one DM writes', () => {
  let dir: string
  let db: ParleyDatabase
  let store: MessageStore
  let n = 0
  const id = (): string => (++n).toString(16).padStart(32, '0')

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-dm-pages-'))
    db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS, { checkpointIntervalMs: 3_600_000 })
    store = new MessageStore(db)
    // some history, so each b-tree has its pages already and a write is one leaf, not a new tree
    for (let i = 0; i < 50; i++) {
      store.addOutgoing('alice', ALICE_KEY, { id: id(), text: `out ${i}`, timestamp: 1_000 + i }, [{ username: 'bob', userKey: BOB_KEY }])
      store.addIncoming('alice', [{ senderKey: BOB_KEY, sender: 'bob', id: id(), to: ['alice'], text: `in ${i}`, timestamp: 2_000 + i }], 3_000 + i, true)
    }
  })

  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function written (work: () => void): string[][] {
    resetWal(db.db)
    work()
    const owners = pageOwners(db.db)
    return walCommits(join(dir, 'parley.sqlite-wal')).map((c) => btreesOf(c, owners).sort())
  }

  it('a sent DM: one commit, one page in each of its four tables (message, conversation, recipient, copy for other devices)', () => {
    const commits = written(() => { store.addOutgoing('alice', ALICE_KEY, { id: id(), text: 'hello bob', timestamp: 5_000 }, [{ username: 'bob', userKey: BOB_KEY }]) })
    assert.deepEqual(commits, [['dm_conversations', 'dm_device_sync', 'dm_messages', 'dm_recipients']])
  })

  it('its recipient\'s new state: one page', () => {
    const sent = id()
    store.addOutgoing('alice', ALICE_KEY, { id: sent, text: 'again', timestamp: 5_001 }, [{ username: 'bob', userKey: BOB_KEY }])
    const commits = written(() => { db.transaction(() => store.advance('alice', sent, 'bob', 'delivered', 5_002, 0, 'direct')) })
    assert.deepEqual(commits, [['dm_recipients']])
  })

  it('a received DM: one commit, one page of messages and one of the conversation', () => {
    const commits = written(() => { store.addIncoming('alice', [{ senderKey: BOB_KEY, sender: 'bob', id: id(), to: ['alice'], text: 'hello alice', timestamp: 6_000 }], 6_001, true) })
    assert.deepEqual(commits, [['dm_conversations', 'dm_messages']])
  })
})
