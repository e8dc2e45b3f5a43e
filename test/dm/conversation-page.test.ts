import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PARLEY_MIGRATIONS } from '../../src/app/migrations.js'
import { MessageStore } from '../../src/dm/message-store.js'
import { DEFAULT_PAGE } from '../../src/dm/index.js'
import { InvalidInputError } from '../../src/kernel/index.js'
import { ParleyDatabase } from '../../src/store/index.js'

/**
 * A long conversation read a page at a time (GET /api/messages?with=&limit=&before=): the
 * first page is the newest, each cursor leads to the page before it, and paging through
 * gives every message once, in order, even where messages share a timestamp.
 */
describe('conversation pages', () => {
  const TOTAL = 2_500
  const database = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
  const store = new MessageStore(database)
  const bobKey = new Uint8Array(32).fill(2)
  // from bob, three to a millisecond: ties broken by sender and id
  store.addIncoming('alice', Array.from({ length: TOTAL }, (_, i) => ({
    senderKey: bobKey, sender: 'bob', id: `m${String(i).padStart(5, '0')}`, to: ['alice'], text: `message ${i}`, timestamp: 1_000 + Math.floor(i / 3)
  })), 5_000)
  const texts = (page: { messages: Array<{ text: string }> }): string[] => page.messages.map((m) => m.text)

  it(`answers the newest ${DEFAULT_PAGE} first, oldest of them first, with a cursor to older ones`, () => {
    const first = store.conversationPage('alice', 'bob')
    assert.equal(first.messages.length, DEFAULT_PAGE)
    assert.equal(first.messages.at(-1)?.text, `message ${TOTAL - 1}`)
    assert.equal(first.messages[0].text, `message ${TOTAL - DEFAULT_PAGE}`)
    assert.notEqual(first.next, null)
  })

  it('pages back to the first message: each once, in order, and no cursor at the start', () => {
    const seen: string[] = []
    let before: string | undefined
    let pages = 0
    do {
      const page = store.conversationPage('alice', 'bob', 700, before)
      seen.unshift(...texts(page))
      before = page.next ?? undefined
      pages++
    } while (before != null)
    assert.equal(pages, Math.ceil(TOTAL / 700))
    assert.deepEqual(seen, Array.from({ length: TOTAL }, (_, i) => `message ${i}`))
  })

  it('refuses a cursor it did not hand out', () => {
    assert.throws(() => store.conversationPage('alice', 'bob', 10, 'bm90IGEgY3Vyc29y'), InvalidInputError)
    assert.throws(() => store.conversationPage('alice', 'bob', 10, '%%%'), InvalidInputError)
  })
})
