import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_CRATES_IN_FLIGHT, MAX_MESSAGES_PER_CRATE } from '../../src/dm/constants.js'
import { Outbox } from '../../src/dm/outbox.js'
import type { Contact } from '../../src/dm/contacts.js'
import type { Delivery } from '../../src/dm/outbox.js'
import type { TextMessage } from '../../src/dm/wire.js'

const contact = (username: string): Contact => ({ username, userKey: new Uint8Array(32), encryptionKey: new Uint8Array(32), devices: [], online: false, resolvedAt: 0 })
const message = (n: number, text = `m${n}`): TextMessage => ({ id: n.toString(16).padStart(32, '0'), text, timestamp: BigInt(n), to: ['bob'] })

/** A deliver function whose crates stay in flight until the test lets them go. */
function controlled (): { batches: TextMessage[][], release: (i: number, delivery: Delivery) => void, outbox: Outbox } {
  const batches: TextMessage[][] = []
  const waiting: Array<(delivery: Delivery) => void> = []
  const outbox = new Outbox(async (_contact, messages) => {
    batches.push(messages)
    return new Promise<Delivery>((resolve) => { waiting.push(resolve) })
  })
  return { batches, outbox, release: (i, delivery) => { waiting[i](delivery) } }
}

const tick = async (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('outbox', () => {
  it('sends a lone message at once, and coalesces what queues while crates are in flight, in order', async () => {
    const { batches, outbox, release } = controlled()
    const results = Array.from({ length: 10 }, async (_, i) => outbox.send(contact('bob'), message(i)))
    await tick()
    assert.equal(batches.length, MAX_CRATES_IN_FLIGHT, 'two crates in flight, the rest waits')
    assert.deepEqual(batches.map((b) => b.map((m) => m.text)), [['m0'], ['m1']])
    release(0, { status: 'delivered', path: 'direct' })
    await tick()
    assert.deepEqual(batches[2].map((m) => m.text), ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'])
    release(1, { status: 'stored', storedOn: 4, path: 'mailbox' })
    release(2, { status: 'failed', error: new Error('nobody took it') })
    const outcomes = await Promise.all(results)
    assert.deepEqual(outcomes.map((o) => o.status), ['delivered', 'stored', ...Array(8).fill('failed')])
  })

  it('keeps recipients apart and splits batches at the message and size limits', async () => {
    const { batches, outbox, release } = controlled()
    const sends = [
      ...Array.from({ length: 2 + MAX_MESSAGES_PER_CRATE + 5 }, async (_, i) => outbox.send(contact('bob'), message(i))),
      outbox.send(contact('carol'), message(999))
    ]
    await tick()
    assert.deepEqual(batches.map((b) => b.length), [1, 1, 1], 'carol\'s message does not wait behind bob\'s')
    release(0, { status: 'delivered', path: 'direct' })
    await tick()
    assert.equal(batches[3].length, MAX_MESSAGES_PER_CRATE)
    release(1, { status: 'delivered', path: 'direct' })
    await tick()
    assert.equal(batches[4].length, 5)
    for (let i = 2; i < batches.length; i++) release(i, { status: 'delivered', path: 'direct' })
    await Promise.all(sends)

    const big = controlled()
    const texts = Array.from({ length: 6 }, async (_, i) => big.outbox.send(contact('bob'), message(i, 'x'.repeat(16_000))))
    await tick()
    big.release(0, { status: 'delivered', path: 'direct' })
    await tick()
    assert.ok(big.batches[2].length < 4, 'a crate of queued messages stays within its payload budget')
    for (let i = 1; i < 6; i++) {
      await tick()
      if (big.batches[i] != null) big.release(i, { status: 'delivered', path: 'direct' })
    }
    await Promise.all(texts)
  })
})
