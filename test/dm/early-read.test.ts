import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PARLEY_MIGRATIONS } from '../../src/app/migrations.js'
import { MessageStore } from '../../src/dm/message-store.js'
import { ParleyDatabase } from '../../src/store/index.js'

/**
 * A read mark from another device of the account can arrive before the message it names
 * (the sync came direct, the message through a mailbox): the message is read once it lands.
 */
describe('read on another device before the message arrived here', () => {
  it('marks the message read when it arrives, at the time it was read', () => {
    const store = new MessageStore(new ParleyDatabase(':memory:', PARLEY_MIGRATIONS))
    const bobKey = new Uint8Array(32).fill(2)
    const message = (id: string): { senderKey: Uint8Array, sender: string, id: string, to: string[], text: string, timestamp: number } =>
      ({ senderKey: bobKey, sender: 'bob', id, to: ['alice'], text: `text of ${id}`, timestamp: 1_000 })
    assert.equal(store.reads.markReadElsewhere('alice', [{ senderKey: bobKey, id: 'early' }], 5_000), 0)
    store.addIncoming('alice', [message('early'), message('other')], 6_000)
    const shown = Object.fromEntries(store.conversation('alice', 'bob').map((m) => [m.id, m.status]))
    assert.deepEqual(shown, { early: 'read', other: 'delivered' })
    assert.deepEqual(store.conversations('alice').map((c) => ({ ...c })), [{ with: 'bob', last: 1_000, unread: 1 }])
  })
})

/**
 * A receipt from the recipient can reach a device before the sent copy of the message
 * another device of the account sent (bob read it at once, the copy came later): the copy
 * lands with the receipt's state, as on the sending device.
 */
describe('a receipt before the sent copy from another device', () => {
  it('applies bob\'s read receipt when the copy lands; a receipt from someone else moves nothing', () => {
    const store = new MessageStore(new ParleyDatabase(':memory:', PARLEY_MIGRATIONS))
    const aliceKey = new Uint8Array(32).fill(1)
    const bobKey = new Uint8Array(32).fill(2)
    const carolKey = new Uint8Array(32).fill(3)
    const copy = (id: string): { id: string, text: string, timestamp: number, to: string[] } => ({ id, text: `text of ${id}`, timestamp: 1_000, to: ['bob'] })
    const delivered = [{ username: 'bob', userKey: bobKey, status: 'delivered' as const, storedOn: 0, path: 'direct' as const }]
    assert.equal(store.advanceByKey('alice', 'early', bobKey, 'delivered', 5_000), false)
    assert.equal(store.advanceByKey('alice', 'early', bobKey, 'read', 5_000), false)
    assert.equal(store.advanceByKey('alice', 'forged', carolKey, 'read', 5_000), false)
    assert.equal(store.addSentCopy('alice', aliceKey, copy('early'), delivered, 6_000), true)
    assert.equal(store.addSentCopy('alice', aliceKey, copy('forged'), delivered, 6_000), true)
    assert.equal(store.addSentCopy('alice', aliceKey, copy('later'), delivered, 6_000), true)
    const shown = Object.fromEntries(store.conversation('alice', 'bob').map((m) => [m.id, `${m.status} ${m.recipients?.bob.status}`]))
    assert.deepEqual(shown, { early: 'read read', forged: 'delivered delivered', later: 'delivered delivered' })
  })
})
