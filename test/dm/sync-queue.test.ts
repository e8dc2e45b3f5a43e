import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_DEVICE_SYNC_ROWS } from '../../src/dm/index.js'
import { MessageStore } from '../../src/dm/message-store.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase } from '../../src/store/index.js'

const ALICE_KEY = new Uint8Array(32).fill(1)
const BOB_KEY = new Uint8Array(32).fill(2)

/** The durable queue of copies for the account's other devices (src/dm/sync-queue.ts). */
describe('own-device sync queue', () => {
  it('is written with the outgoing message and the read mark, and a queued copy is replaced by a newer one', () => {
    const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
    const store = new MessageStore(db)
    store.addOutgoing('alice', ALICE_KEY, { id: 'a'.repeat(32), text: 'hi', timestamp: 1 }, [{ username: 'bob', userKey: BOB_KEY }])
    store.addIncoming('alice', [{ senderKey: BOB_KEY, sender: 'bob', to: ['alice'], id: 'b'.repeat(32), text: 'yo', timestamp: 2 }], 3)
    assert.equal(store.reads.markRead('alice', 'bob', 4).length, 1)
    assert.equal(store.reads.markRead('alice', 'bob', 5).length, 0, 'nothing new read, nothing queued')
    const [sent, read] = store.deviceSync.oldest('alice', 10)
    assert.deepEqual([sent.kind, sent.ref, read.kind], ['sent', 'a'.repeat(32), 'read'])
    assert.deepEqual([...store.deviceSync.recipientKeys('alice', 'a'.repeat(32))], [['bob', BOB_KEY]])
    store.deviceSync.progress('alice', sent.seq, ['phone'])
    store.deviceSync.addSent('alice', 'a'.repeat(32), 6) // the send's outcome: the copy goes again, to every device
    const rows = store.deviceSync.oldest('alice', 10)
    assert.deepEqual(rows.map((r) => [r.kind, r.done]), [['read', []], ['sent', []]])
    store.deviceSync.remove('alice', sent.seq) // a pass finishing the old row leaves the new one
    assert.equal(store.deviceSync.count('alice'), 2)
    db.close()
  })

  it('a replaced copy that was the newest row gets a new seq: a pass finishing on the old one leaves it', () => {
    const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
    const store = new MessageStore(db)
    const seq = store.addOutgoing('alice', ALICE_KEY, { id: 'a'.repeat(32), text: 'hi', timestamp: 1 }, [{ username: 'bob', userKey: BOB_KEY }])
    assert.equal(store.deviceSync.queuedUnsent('alice', seq), true)
    const again = store.deviceSync.addSent('alice', 'a'.repeat(32), 2) // the only row, replaced
    assert.notEqual(again, seq)
    assert.equal(store.deviceSync.queuedUnsent('alice', seq), false, 'the old row is gone')
    store.deviceSync.remove('alice', seq)
    assert.deepEqual(store.deviceSync.oldest('alice', 10).map((r) => [r.seq, r.ref]), [[again, 'a'.repeat(32)]])
    db.close()
  })

  it(`keeps at most ${MAX_DEVICE_SYNC_ROWS} rows per account, dropping the oldest and saying so`, () => {
    const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
    const store = new MessageStore(db)
    const drops: Array<[string, number]> = []
    store.deviceSync.onDrop = (owner, n) => { drops.push([owner, n]) }
    db.transaction(() => {
      for (let i = 0; i < MAX_DEVICE_SYNC_ROWS + 2; i++) store.deviceSync.addSent('alice', i.toString(16).padStart(32, '0'), i)
    })
    store.deviceSync.addSent('bob', 'f'.repeat(32), 0)
    assert.equal(store.deviceSync.count('alice'), MAX_DEVICE_SYNC_ROWS)
    assert.equal(store.deviceSync.count('bob'), 1, 'another account\'s quota is its own')
    assert.deepEqual(drops, [['alice', 1], ['alice', 1]])
    assert.equal(store.deviceSync.oldest('alice', 1)[0].ref, (2).toString(16).padStart(32, '0'))
    assert.equal(store.deviceSync.clear('alice'), MAX_DEVICE_SYNC_ROWS)
    db.close()
  })
})
