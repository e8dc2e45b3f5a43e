import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StatementSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { MessageStore } from '../../src/dm/message-store.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase } from '../../src/store/index.js'

const ALICE_KEY = new Uint8Array(32).fill(1)
const BOB_KEY = new Uint8Array(32).fill(2)

/** How many parameters a statement takes: the highest ?N, or one per ? */
function parameters (sql: string): number {
  const numbered = [...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]))
  return numbered.length > 0 ? Math.max(...numbered) : (sql.match(/\?/g) ?? []).length
}

/** The SQL of every statement `fn` runs (get, all, run), in order. */
function statementsOf (fn: () => void): string[] {
  const ran: string[] = []
  const methods = ['get', 'all', 'run'] as const
  const originals = methods.map((name) => StatementSync.prototype[name])
  methods.forEach((name, i) => {
    (StatementSync.prototype as any)[name] = function (this: StatementSync, ...args: any[]) {
      ran.push(this.sourceSQL)
      return (originals[i] as any).apply(this, args)
    }
  })
  try {
    fn()
  } finally {
    methods.forEach((name, i) => { (StatementSync.prototype as any)[name] = originals[i] })
  }
  return ran
}

/**
 * A sent message looked up by id (each status change emits it, every sent copy checks it),
 * the resend poll, a conversation's read marks and the receipt flush must be searches of
 * dm_messages' whole key, not walks through every message the account holds: a walk makes
 * each DM, each poll and each reload of an open conversation cost more the longer the
 * history is.
 */
describe('DM lookups by key', () => {
  let dir: string
  let db: ParleyDatabase
  let store: MessageStore
  const ids: string[] = []

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-dm-lookups-'))
    db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS, { checkpointIntervalMs: 3_600_000 })
    store = new MessageStore(db)
    for (let i = 0; i < 20; i++) {
      const id = (i + 1).toString(16).padStart(32, '0')
      ids.push(id)
      store.addOutgoing('alice', ALICE_KEY, { id, text: `out ${i}`, timestamp: 1_000 + i }, [{ username: 'bob', userKey: BOB_KEY }])
    }
  })

  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const plansOf = (statements: string[], on = db): string[] => statements
    .filter((sql) => sql.includes('dm_'))
    .flatMap((sql) => (on.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array(parameters(sql)).fill(null)) as Array<{ detail: string }>).map((r) => r.detail))

  it('a sent message by id searches dm_messages by owner, sender key and id', () => {
    let found: ReturnType<MessageStore['message']>
    const plans = plansOf(statementsOf(() => { found = store.message('alice', ids[7]) }))
    assert.equal(found!.text, 'out 7')
    const messages = plans.filter((p) => p.includes('dm_messages'))
    assert.ok(messages.length > 0, 'dm_messages is read')
    for (const plan of messages) assert.match(plan, /SEARCH dm_messages USING PRIMARY KEY \(owner=\? AND sender_key=\? AND id=\?\)/)
  })

  it('a receipt for a message not held here checks by the whole key too', () => {
    const plans = plansOf(statementsOf(() => { store.advanceByKey('alice', 'f'.repeat(32), BOB_KEY, 'delivered', 5_000) }))
    const messages = plans.filter((p) => p.includes('dm_messages'))
    assert.ok(messages.length > 0, 'dm_messages is read')
    for (const plan of messages) assert.match(plan, /SEARCH dm_messages USING PRIMARY KEY \(owner=\? AND sender_key=\? AND id=\?\)/)
  })

  it('resending polls read the sends in flight, not the history, and still find every unsent message', () => {
    const fresh = new MessageStore(db)
    // the first poll scans once: every message above is still sending
    assert.equal(fresh.unsent('alice', 1_000).length, 20)
    for (const id of ids.slice(0, 18)) fresh.advance('alice', id, 'bob', 'delivered', 6_000)
    const sent = 'a'.repeat(32)
    fresh.addOutgoing('alice', ALICE_KEY, { id: sent, text: 'new', timestamp: 7_000 }, [{ username: 'bob', userKey: BOB_KEY }])
    let unsent: ReturnType<MessageStore['unsent']> = []
    const plans = plansOf(statementsOf(() => { unsent = fresh.unsent('alice', 1_000) }))
    assert.deepEqual(unsent.map((m) => m.text), ['out 18', 'out 19', 'new'], 'oldest first, the delivered ones left out')
    assert.deepEqual(unsent[0].pending.map((p) => p.username), ['bob'])
    for (const plan of plans) assert.match(plan, /\(owner=\? AND (sender_key=\? AND )?id=\?/, 'each read is a key search')
    // a poll after the last ones went: nothing, and only the two ids left are looked at
    for (const id of [ids[18], ids[19], sent]) fresh.advance('alice', id, 'bob', 'stored', 8_000)
    assert.deepEqual(fresh.unsent('alice', 1_000), [])
    assert.equal(statementsOf(() => fresh.unsent('alice', 1_000)).length, 0, 'no candidate left to read')
    // a message written around the store (a restore) is found after ParleyDatabase.rewrites moves
    const restored = 'b'.repeat(32)
    db.db.prepare("INSERT INTO dm_messages (owner, sender_key, id, sender, recipients, text, timestamp, outgoing, received_at) VALUES ('alice', ?, ?, 'alice', '[\"bob\"]', 'restored', 9000, 1, 9000)").run(ALICE_KEY, restored)
    db.db.prepare("INSERT INTO dm_recipients (owner, id, recipient, recipient_key, status, updated_at) VALUES ('alice', ?, 'bob', ?, 'sending', 9000)").run(restored, BOB_KEY)
    db.noteRewrite()
    assert.deepEqual(fresh.unsent('alice', 1_000).map((m) => m.text), ['restored'])
  })

  it('opening a conversation and flushing receipts read the unread and owed messages, not the history', () => {
    const fresh = new MessageStore(db)
    const CAROL_KEY = new Uint8Array(32).fill(3)
    let n = 0
    const incoming = (sender: string, senderKey: Uint8Array, count: number, delivered: boolean): string[] => Array.from({ length: count }, (_, i) => {
      const id = `${sender}-${String(++n).padStart(4, '0')}`.padEnd(32, 'x')
      fresh.addIncoming('alice', [{ senderKey, sender, id, to: ['alice'], text: `${sender} ${i}`, timestamp: 10_000 + i }], 11_000, delivered)
      return id
    })
    incoming('bob', BOB_KEY, 5, true)
    incoming('carol', CAROL_KEY, 3, false)
    // the first uses scan once
    assert.equal(fresh.reads.markRead('alice', 'nobody', 12_000).length, 0)
    assert.deepEqual(fresh.reads.owedReceipts('alice', 100).map((g) => [g.sender, g.kind, g.ids.length]), [['carol', 'delivered', 3]])
    // later ones: key searches only
    const later = incoming('bob', BOB_KEY, 2, true)
    let read: Array<{ id: string }> = []
    const readPlans = plansOf(statementsOf(() => { read = fresh.reads.markRead('alice', 'bob', 12_000) }))
    assert.equal(read.length, 7, 'every unread message from bob, the two new ones too')
    assert.ok(read.some((r) => r.id === later[1]))
    assert.ok(readPlans.length > 0)
    for (const plan of readPlans.filter((p) => p.includes('dm_messages'))) assert.match(plan, /owner=\? AND sender_key=\? AND id=\?/)
    assert.equal(statementsOf(() => fresh.reads.markRead('alice', 'bob', 12_500)).length, 0, 'nothing unread from bob: nothing read or written')
    let owed: ReturnType<MessageStore['reads']['owedReceipts']> = []
    const owedPlans = plansOf(statementsOf(() => { owed = fresh.reads.owedReceipts('alice', 100) }))
    assert.deepEqual(owed.map((g) => [g.sender, g.kind, g.ids.length]).sort(), [['bob', 'read', 7], ['carol', 'delivered', 3]])
    for (const plan of owedPlans.filter((p) => p.includes('dm_messages'))) assert.match(plan, /owner=\? AND sender_key=\? AND id=\?/)
    // receipts sent: owed no more; carol's read later owes her a read receipt
    fresh.reads.receiptSent('alice', BOB_KEY, 'read', owed.find((g) => g.sender === 'bob')!.ids)
    fresh.reads.receiptSent('alice', CAROL_KEY, 'delivered', owed.find((g) => g.sender === 'carol')!.ids)
    assert.deepEqual(fresh.reads.owedReceipts('alice', 100), [])
    assert.equal(fresh.reads.markRead('alice', 'carol', 13_000).length, 3)
    assert.deepEqual(fresh.reads.owedReceipts('alice', 100).map((g) => [g.sender, g.kind, g.ids.length]), [['carol', 'read', 3]])
    // a message written around the store (a restore) is found after ParleyDatabase.rewrites moves
    db.db.prepare("INSERT INTO dm_messages (owner, sender_key, id, sender, recipients, text, timestamp, outgoing, received_at) VALUES ('alice', ?, ?, 'bob', '[\"alice\"]', 'restored', 9000, 0, 9000)").run(BOB_KEY, 'c'.repeat(32))
    db.noteRewrite()
    assert.deepEqual(fresh.reads.owedReceipts('alice', 100).map((g) => [g.sender, g.kind, g.ids.length]).sort(), [['bob', 'delivered', 1], ['carol', 'read', 3]])
    assert.deepEqual(fresh.reads.markRead('alice', 'bob', 14_000).map((m) => m.id), ['c'.repeat(32)])
  })

  it('the conversation list seeks each conversation\'s newest row and counts the unread candidates', () => {
    const db2 = new ParleyDatabase(join(dir, 'list.sqlite'), PARLEY_MIGRATIONS, { checkpointIntervalMs: 3_600_000 })
    try {
      const list = new MessageStore(db2)
      const CAROL_KEY = new Uint8Array(32).fill(3)
      const id = (n: number): string => n.toString(16).padStart(32, '0')
      list.addOutgoing('alice', ALICE_KEY, { id: id(1), text: 'to bob', timestamp: 100 }, [{ username: 'bob', userKey: BOB_KEY }])
      list.addIncoming('alice', [2, 3, 4].map((n) => ({ senderKey: BOB_KEY, sender: 'bob', id: id(n), to: ['alice'], text: `from bob ${n}`, timestamp: 100 + n })), 200, true)
      list.addIncoming('alice', [{ senderKey: CAROL_KEY, sender: 'carol', id: id(5), to: ['alice'], text: 'from carol', timestamp: 300 }], 300, true)
      list.addOutgoing('alice', ALICE_KEY, { id: id(6), text: 'to dave', timestamp: 50 }, [{ username: 'dave' }])
      let conversations: ReturnType<MessageStore['conversations']> = []
      const plans = plansOf(statementsOf(() => { conversations = list.conversations('alice') }), db2)
      assert.deepEqual(conversations, [{ with: 'carol', last: 300, unread: 1 }, { with: 'bob', last: 104, unread: 3 }, { with: 'dave', last: 50, unread: 0 }])
      // one seek per conversation (peer > the last one), no join of every row with its message, no sort of them
      assert.ok(plans.some((plan) => /SEARCH dm_conversations USING PRIMARY KEY \(owner=\? AND peer>\?\)/.test(plan)), plans.join('\n'))
      for (const plan of plans) assert.doesNotMatch(plan, /SCAN dm_|TEMP B-TREE/)
      // read here, and read on another device (the store is not told but by the row)
      list.reads.markRead('alice', 'carol', 400)
      list.reads.markReadElsewhere('alice', [{ senderKey: BOB_KEY, id: id(3) }], 400)
      assert.deepEqual(list.conversations('alice').map((c) => [c.with, c.unread]), [['carol', 0], ['bob', 2], ['dave', 0]])
    } finally {
      db2.close()
    }
  })

  it('a new store learns the key from the first sent message it finds', () => {
    const fresh = new MessageStore(db)
    assert.equal(fresh.message('alice', ids[3])?.text, 'out 3')
    const plans = plansOf(statementsOf(() => { assert.equal(fresh.message('alice', ids[4])?.text, 'out 4') }))
    for (const plan of plans.filter((p) => p.includes('dm_messages'))) assert.match(plan, /owner=\? AND sender_key=\? AND id=\?/)
    assert.equal(fresh.message('alice', 'e'.repeat(32)), undefined)
  })
})
