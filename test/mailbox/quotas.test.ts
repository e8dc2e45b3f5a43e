import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { admitted, grantedTicket, stampedTicket } from '../support/crates.js'
import { junkCrate, randomMailbox } from '../support/junk-peer.js'
import { startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { crateSender, mailboxKeyOf, sealCrate, stampBits } from '../../src/crate/index.js'
import type { DepositOutcome } from '../../src/mailbox/client.js'

const bob = createUserKeys()
const carol = createUserKeys()
const alice = crateSender('alice', createUserKeys(), 1_000)
const bobMailbox = mailboxKeyOf(bob.userKey)

/** Small limits, so each is reached in a few dozen crates. */
const LIMITS = {
  quota: { crates: 40, bytes: 1024 * 1024 },
  holderQuota: { crates: 100, bytes: 4 * 1024 * 1024 },
  depositorQuota: { stamped: { crates: 5, bytes: 256 * 1024 }, granted: { crates: 30, bytes: 1024 * 1024 } },
  stampedFraction: 0.5,
  rateLimit: { burst: 10_000, perSecond: 1_000 },
  upkeepIntervalMs: 0
}

async function forBob (n: number): Promise<Uint8Array[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => sealCrate(new TextEncoder().encode(`m${i}`), bob, alice)))
}

const statuses = (outcome: DepositOutcome): string[] => outcome.map((o) => o.ok ? 'ok' : o.error.status)
const count = (outcome: DepositOutcome, status: string): number => statuses(outcome).filter((s) => s === status).length

/** A holder's admission and quotas: per depositor, per mailbox, in total; full refuses new and keeps what it holds. */
describe('mailbox quotas at a holder', () => {
  let holder: TestNode
  let caller: TestNode

  before(async () => {
    holder = await startTestNode({ mailbox: LIMITS })
    caller = await startTestNode({ bootstrap: [holder.addr] })
    await waitFor(() => caller.parley.libp2p.getPeers().length > 0, 10_000, 'connection')
  })

  after(async () => {
    await caller.stop()
    await holder.stop()
  })

  const deposit = async (crates: Uint8Array[], copy = false): Promise<DepositOutcome> => caller.parley.mailbox.client.deposit(holder.parley.libp2p.peerId, crates, { copy })
  const store = (): TestNode['parley']['mailbox']['replica']['store'] => holder.parley.mailbox.replica.store

  it('refuses crates without admission, or with a stamp under the holder\'s difficulty, deposits and upkeep copies alike', async () => {
    assert.deepEqual(statuses(await deposit(await forBob(2))), ['admission_required', 'admission_required'])
    assert.deepEqual(statuses(await deposit([junkCrate(bobMailbox, 100)], true)), ['admission_required'])
    // a stamp minted for 0 bits, with fewer than the holder's 8 (one in 256 has 8 by chance: draw again)
    let weak = await stampedTicket(bobMailbox, 0)
    while (stampBits(bobMailbox, weak.depositor.publicKey, weak.stamp!) >= 8) weak = await stampedTicket(bobMailbox, 0)
    const [low] = await deposit(await admitted(await forBob(1), weak))
    assert.equal(!low.ok && low.error.name, 'AdmissionRequiredError')
    assert.ok(!low.ok)
    assert.match(low.error.message, /stamp has \d zero bits; this holder asks for 8/)
    assert.equal(store().count(), 0)
  })

  it('a stamped depositor fills its own share, then depositor_quota; another depositor still gets in', async () => {
    const outcome = await deposit(await admitted(await forBob(7), await stampedTicket(bobMailbox)))
    assert.deepEqual(statuses(outcome), ['ok', 'ok', 'ok', 'ok', 'ok', 'depositor_quota', 'depositor_quota'])
    assert.equal(!outcome[5].ok && outcome[5].error.name, 'DepositorQuotaError')
    assert.deepEqual(statuses(await deposit(await admitted(await forBob(1), await stampedTicket(bobMailbox)))), ['ok'])
    assert.equal(store().usage(bobMailbox).crates, 6)
  })

  it('stamped crates fill at most half of bob\'s mailbox; crates bob granted fill the rest; then quota_exceeded, nothing dropped', async () => {
    let stamped = 0
    let refused = 0
    for (let i = 0; i < 5; i++) {
      const outcome = await deposit(await admitted(await forBob(5), await stampedTicket(bobMailbox)))
      stamped += count(outcome, 'ok')
      refused += count(outcome, 'quota_exceeded')
    }
    assert.equal(stamped, 14, '20 stamped crates in all (half of 40), 6 held before')
    assert.equal(refused, 11)
    const grant = grantedTicket(bob)
    assert.deepEqual(statuses(await deposit(await admitted(await forBob(20), grant))), Array(20).fill('ok'))
    const [full] = await deposit(await admitted(await forBob(1), grant))
    assert.equal(!full.ok && full.error.name, 'QuotaExceededError')
    assert.deepEqual(store().usage(bobMailbox), { crates: 40, bytes: store().usage(bobMailbox).bytes })
    assert.equal(store().usage(bobMailbox, { stampedOnly: true }).crates, 20)
  })

  it('stamped crates for random mailboxes stop at half the holder\'s total; granted ones fit until holder_full', async () => {
    const outcome = await deposit(await admitted(Array.from({ length: 40 }, () => junkCrate(randomMailbox(), 100))))
    assert.equal(count(outcome, 'ok'), 30, '50 stamped crates in all (half of 100), 20 held for bob')
    assert.equal(count(outcome, 'holder_full'), 10)
    const refusal = outcome.find((o) => !o.ok)
    assert.equal(!refusal!.ok && refusal!.error.name, 'HolderFullError')
    assert.match(!refusal!.ok ? refusal!.error.message : '', /no more stamped crates/)
    const forCarol = async (n: number): Promise<Uint8Array[]> => Promise.all(Array.from({ length: n }, async () => sealCrate(new TextEncoder().encode('hi'), carol, alice)))
    assert.deepEqual(statuses(await deposit(await admitted(await forCarol(30), grantedTicket(carol)))), Array(30).fill('ok'))
    assert.deepEqual(statuses(await deposit(await admitted(await forCarol(1), grantedTicket(carol)))), ['holder_full'])
    assert.deepEqual(store().totals().all.crates, 100)
    assert.equal(store().count(), 100, 'held crates stay')
  })
})
