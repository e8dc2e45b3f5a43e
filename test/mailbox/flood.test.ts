import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { admitted, stampedTicket } from '../support/crates.js'
import { junkCrate, randomMailbox, startJunkPeer } from '../support/junk-peer.js'
import { TEST_SCRYPT, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import type { BareTestNode, TestNode } from '../support/nodes.js'
import { deviceMailboxKeyOf, mailboxKeyOf } from '../../src/crate/index.js'
import type { PeerId } from '@libp2p/interface'

const HOSTILE = 10
const JUNK_BYTES = 8 * 1024
const PER_CONTACT = 50
/** Holders small enough for ten peers to fill in seconds: bob's stamped half is 32 junk crates, a holder's 128. */
const LIMITS = {
  quota: { crates: 400, bytes: 512 * 1024 },
  holderQuota: { crates: 2_000, bytes: 2 * 1024 * 1024 },
  upkeepIntervalMs: 0
}

/**
 * Issue 19, must show 3: ten hostile peers flood bob's mailbox holders with junk (crates
 * without admission, crates with valid stamps from fresh depositor keys, and stamped junk
 * for random mailboxes) while alice and dave, whom bob has written to, send him 100
 * messages. Their crates come in under bob's grant and take the granted part of his
 * mailbox, which stamped junk cannot reach; every holder stays under its cap.
 */
describe('mailbox: honest mail through a flood of junk from 10 peers', () => {
  let nodes: TestNode[]
  let hostile: BareTestNode[] = []
  const tokens: Record<string, string> = {}
  let bobMailbox: Uint8Array
  let bobAccount: Uint8Array
  let holders: PeerId[]
  const tally: Record<string, number> = {}

  before(async () => {
    nodes = await startTestNetwork(8, { scrypt: TEST_SCRYPT, mailbox: LIMITS, dmPollIntervalMs: 0 })
    for (const [i, name] of [[1, 'alice'], [2, 'bob'], [3, 'dave'], [4, 'carol']] as const) tokens[name] = await registerUser(nodes[i], name)
    // what others write bob goes to his one device's own mailbox; his grant is for his account mailbox and covers it
    bobMailbox = deviceMailboxKeyOf(nodes[2].parley.session!.keys.userKey, nodes[2].parley.peerId)
    bobAccount = mailboxKeyOf(nodes[2].parley.session!.keys.userKey)
    hostile = await Promise.all(Array.from({ length: HOSTILE }, async () => startJunkPeer(nodes)))
    holders = (await nodes[0].parley.mailbox.closest(bobMailbox)).peers
  })

  after(async () => {
    await Promise.all([...hostile, ...nodes].map(async (node) => node.stop()))
  })

  const node = (peer: PeerId): TestNode => nodes.find((n) => n.parley.peerId === peer.toString())!
  const count = (statuses: string[]): void => { for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1 }

  /** One round of one hostile peer at every holder: junk without admission, stamped junk for bob, stamped junk for random mailboxes. */
  async function floodRound (peer: BareTestNode): Promise<void> {
    const crates = [
      ...Array.from({ length: 5 }, () => junkCrate(bobMailbox, JUNK_BYTES)),
      ...await admitted(Array.from({ length: 4 }, () => junkCrate(bobMailbox, JUNK_BYTES)), await stampedTicket(bobMailbox)),
      ...await admitted(Array.from({ length: 4 }, () => junkCrate(randomMailbox(), JUNK_BYTES)))
    ]
    await Promise.all(holders.map(async (holder) => {
      try {
        count((await peer.parley.mailbox.client.deposit(holder, crates)).map((o) => o.ok ? 'taken' : o.error.status))
      } catch (err: any) {
        count([`call failed: ${err.name}`])
      }
    }))
  }

  it('bob writes to alice and dave: each now holds bob\'s grant for his mailbox', async () => {
    for (const name of ['alice', 'dave']) {
      const answer = await nodes[2].call('POST', '/api/messages', { to: [name], text: `hi ${name}, write any time` }, tokens.bob)
      assert.equal(answer.body.status, 'delivered')
    }
    for (const n of [nodes[1], nodes[3]]) {
      await waitFor(() => n.parley.database.db.prepare('SELECT 1 FROM dm_admissions WHERE mailbox = ? AND grant IS NOT NULL').get(bobAccount) != null, 10_000, 'the grant')
    }
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, tokens.bob)).status, 204)
  })

  it('under the flood, ≥ 99% of alice\'s and dave\'s messages are stored and then delivered, and each holder stays under its cap', async () => {
    for (let round = 0; round < 6; round++) await Promise.all(hostile.map(floodRound))
    console.log(`after 6 flood rounds: ${JSON.stringify(tally)}`)
    let flooding = true
    const flood = (async () => { while (flooding) await Promise.all(hostile.map(floodRound)) })()

    const sent: Array<{ from: string, status: string, storedOn: number }> = []
    for (let i = 0; i < PER_CONTACT; i += 10) {
      await Promise.all(['alice', 'dave'].flatMap((from) => Array.from({ length: 10 }, async (_, j) => {
        const answer = await nodes[from === 'alice' ? 1 : 3].call('POST', '/api/messages', { to: ['bob'], text: `${from} ${i + j}` }, tokens[from])
        sent.push({ from, status: answer.body?.status ?? `http ${answer.status}`, storedOn: answer.body?.recipients?.bob?.storedOn ?? 0 })
      })))
    }
    const stranger = await nodes[4].call('POST', '/api/messages', { to: ['bob'], text: 'carol, whom bob never wrote to' }, tokens.carol)
    flooding = false
    await flood
    console.log(`flood in all: ${JSON.stringify(tally)}`)
    const stored = sent.filter((s) => s.status === 'stored').length
    console.log(`honest messages stored: ${stored}/${sent.length} (${(100 * stored / sent.length).toFixed(1)}%), on ${Math.min(...sent.map((s) => s.storedOn))} to ${Math.max(...sent.map((s) => s.storedOn))} of ${holders.length} holders`)
    console.log(`carol (stamped, a stranger to bob): ${stranger.body.status}, stored on ${stranger.body.recipients.bob.storedOn}${stranger.body.recipients.bob.reason != null ? `; ${String(stranger.body.recipients.bob.reason)}` : ''}`)
    assert.ok(stored >= 0.99 * sent.length)
    assert.ok((tally.admission_required ?? 0) > 0 && (tally.quota_exceeded ?? 0) + (tally.holder_full ?? 0) + (tally.depositor_quota ?? 0) > 0, 'the flood reached the limits')

    // upkeep between the holders copies under the same admission and quotas
    await Promise.all(holders.map(async (peer) => node(peer).parley.mailbox.upkeep.runNow()))
    for (const peer of holders) {
      const store = node(peer).parley.mailbox.replica.store
      const totals = store.totals()
      const junk = (node(peer).parley.database.db.prepare("SELECT count(*) AS n FROM mailbox_crates WHERE depositor = x''").get() as { n: number }).n
      console.log(`holder ${peer.toString().slice(-8)}: ${(totals.all.bytes / 1024).toFixed(0)} KiB in ${totals.all.crates} crates (stamped ${(totals.stamped.bytes / 1024).toFixed(0)} KiB), cap ${LIMITS.holderQuota.bytes / 1024} KiB; bob's mailbox ${(store.usage(bobMailbox).bytes / 1024).toFixed(0)} KiB of ${LIMITS.quota.bytes / 1024}`)
      assert.ok(totals.all.bytes <= LIMITS.holderQuota.bytes)
      assert.ok(store.usage(bobMailbox).bytes <= LIMITS.quota.bytes)
      assert.equal(junk, 0, 'no crate without admission held')
    }

    tokens.bob = (await nodes[2].call('POST', '/api/login', { username: 'bob', password: 'bob-password' })).body.token
    const fetched = await nodes[2].parley.dm.catchUp()
    const got = (from: string): number => nodes[2].parley.dm.conversation(from).filter((m) => m.from === from).length
    const delivered = got('alice') + got('dave')
    console.log(`bob's catch-up: ${fetched.crates} crates from ${fetched.reached} holders; delivered ${delivered}/${sent.length} (${(100 * delivered / sent.length).toFixed(1)}%), junk rejected ${nodes[2].parley.dm.stats.rejectedCrates}`)
    assert.ok(delivered >= 0.99 * sent.length, `${delivered} of ${sent.length} delivered`)
  })
})
