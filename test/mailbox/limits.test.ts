import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { DHT_PROTOCOL } from '../../src/net/index.js'
import { startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { admitCrate, crateSender, mailboxKeyOf, sealCrate, MAX_CRATE_BYTES, Crate } from '../../src/crate/index.js'
import { stampedTicket } from '../support/crates.js'

const bob = createUserKeys()
const sender = crateSender('alice', createUserKeys(), 1_000)
const ticket = stampedTicket(mailboxKeyOf(bob.userKey))

/** A crate for bob as alice deposits it: admitted with her stamp. */
async function crateFor (text: string, options = {}): Promise<Uint8Array> {
  return admitCrate(await sealCrate(new TextEncoder().encode(text), bob, sender, options), await ticket)
}

/** A holder's limits: size, quota, TTL and rate, each a clear error that never drops what it holds. */
describe('mailbox limits', () => {
  let holder: TestNode
  let caller: TestNode

  before(async () => {
    holder = await startTestNode({ mailbox: { quota: { crates: 5, bytes: 1024 * 1024 }, stampedFraction: 1, rateLimit: { burst: 12, perSecond: 0.001 }, ttlMs: 60_000, upkeepIntervalMs: 0 } })
    caller = await startTestNode({ bootstrap: [holder.addr] })
    await waitFor(() => caller.parley.libp2p.getPeers().length > 0, 10_000, 'connection')
  })

  after(async () => {
    await caller.stop()
    await holder.stop()
  })

  const client = (): TestNode['parley']['mailbox']['client'] => caller.parley.mailbox.client
  const peer = (): any => holder.parley.libp2p.peerId
  const held = (): number => holder.parley.mailbox.replica.store.count()

  it('refuses an oversized crate with too_large and a malformed one as invalid', async () => {
    const big = Crate.encode({ ...Crate.decode(await crateFor('x')), ciphertext: new Uint8Array(MAX_CRATE_BYTES) })
    const [outcome] = await client().deposit(peer(), [big])
    assert.equal(outcome.ok, false)
    assert.equal(!outcome.ok && outcome.error.name, 'CrateTooLargeError')
    const [bad] = await client().deposit(peer(), [Uint8Array.of(1, 2, 3)])
    assert.equal(!bad.ok && bad.error.status, 'invalid')
    assert.equal(held(), 0)
  })

  it('fills a mailbox up to its quota, then refuses more with quota_exceeded and keeps what it holds', async () => {
    const crates = await Promise.all(Array.from({ length: 7 }, async (_, i) => crateFor(`m${i}`)))
    const outcome = await client().deposit(peer(), crates)
    assert.deepEqual(outcome.map((o) => o.ok), [true, true, true, true, true, false, false])
    assert.equal(!outcome[5].ok && outcome[5].error.name, 'QuotaExceededError')
    assert.equal(held(), 5, 'the five held crates stay')
    assert.equal(holder.parley.mailbox.replica.store.usage(mailboxKeyOf(bob.userKey)).crates, 5)
  })

  it('refuses an expired crate, and drops held crates only once their TTL has passed', async () => {
    const [expired] = await client().deposit(peer(), [await crateFor('old', { expiresAt: Date.now() - 1 })])
    assert.equal(!expired.ok && expired.error.status, 'expired')
    const store = holder.parley.mailbox.replica.store
    assert.equal(store.sweep(Date.now()), 0)
    assert.equal(held(), 5)
    assert.equal(store.sweep(Date.now() + 61_000), 5, 'the holder TTL (60 s here) caps every crate')
    assert.equal(held(), 0)
  })

  it('answers a peer over its rate limit with rate_limited', async () => {
    // 12 tokens: 1 + 1 + 7 + 1 spent above; 2 left
    await client().deposit(peer(), [await crateFor('a'), await crateFor('b')])
    await assert.rejects(client().deposit(peer(), [await crateFor('c')]), { name: 'RateLimitedError' })
    assert.equal(held(), 2, 'what was held before stays')
  })
})

describe('mailbox flood fallback', () => {
  let lonely: TestNode
  let other: TestNode

  before(async () => {
    other = await startTestNode()
    // without the DHT protocol the caller's routing table stays empty: every DHT lookup fails
    await other.parley.libp2p.unhandle(DHT_PROTOCOL)
    lonely = await startTestNode({ bootstrap: [other.addr] })
    await waitFor(() => lonely.parley.libp2p.getPeers().length > 0, 10_000, 'connection')
  })

  after(async () => {
    await lonely.stop()
    await other.stop()
  })

  it('deposits at every connected peer when the DHT lookup finds nobody', async () => {
    assert.equal(lonely.parley.network().dht.routingTableSize, 0)
    const [report] = await lonely.parley.mailbox.deposit(mailboxKeyOf(bob.userKey), [await crateFor('flood')])
    assert.equal(report.flooded, true)
    assert.equal(report.stored, 1)
    assert.equal(other.parley.mailbox.replica.store.count(), 1)
  })
})
