import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startJunkPeer, junkCrate, randomMailbox } from '../support/junk-peer.js'
import { TEST_SCRYPT, registerUser, startTestNetwork } from '../support/nodes.js'
import type { BareTestNode, TestNode } from '../support/nodes.js'
import { mailboxKeyOf } from '../../src/crate/index.js'

const JUNK_BYTES = 16 * 1024
/** Small holders, so that junk would fill them in a few hundred crates. */
const MAILBOX = { upkeepIntervalMs: 0, quota: { crates: 50, bytes: 1024 * 1024 }, holderQuota: { crates: 200, bytes: 4 * 1024 * 1024 } }

/**
 * Issue 19, defect 1: one unknown peer silenced a mailbox by filling it at every holder
 * with junk crates that pass the shape check, and filled a holder's disk with junk for
 * random mailboxes. Junk has no admission: holders refuse it, and real mail gets through.
 */
describe('mailbox: junk crates from an unknown peer (issue 19, defect 1)', () => {
  let nodes: TestNode[]
  let mallory: BareTestNode
  let tokens: Record<string, string>
  let bobMailbox: Uint8Array

  before(async () => {
    nodes = await startTestNetwork(7, { scrypt: TEST_SCRYPT, mailbox: MAILBOX as any, dmPollIntervalMs: 0 })
    tokens = { alice: await registerUser(nodes[1], 'alice'), bob: await registerUser(nodes[2], 'bob') }
    bobMailbox = mailboxKeyOf(nodes[2].parley.session!.keys.userKey)
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, tokens.bob)).status, 204)
    mallory = await startJunkPeer(nodes)
  })

  after(async () => {
    await mallory?.stop()
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  const holderNode = (peer: string): TestNode => nodes.find((n) => n.parley.peerId === peer)!

  it('junk for bob\'s mailbox at every holder leaves room for alice\'s message, and bob fetches only hers', async () => {
    const { peers } = await nodes[0].parley.mailbox.closest(bobMailbox)
    assert.ok(peers.length >= 3)
    let accepted = 0
    for (const peer of peers) {
      const outcome = await mallory.parley.mailbox.client.deposit(peer, Array.from({ length: 60 }, () => junkCrate(bobMailbox, JUNK_BYTES)))
      accepted += outcome.filter((o) => o.ok).length
    }
    const held = peers.map((p) => holderNode(p.toString()).parley.mailbox.replica.store.usage(bobMailbox).crates)
    console.log(`junk crates taken for bob: ${accepted} of ${60 * peers.length}; held per holder: ${held.join(', ')}`)

    const answer = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: 'real mail' }, tokens.alice)
    assert.equal(answer.status, 201)
    console.log(`alice's message: ${answer.body.status}, stored on ${answer.body.recipients.bob.storedOn}`)
    assert.equal(answer.body.status, 'stored', JSON.stringify(answer.body.recipients.bob))
    assert.equal(answer.body.recipients.bob.storedOn, peers.length)

    tokens.bob = (await nodes[2].call('POST', '/api/login', { username: 'bob', password: 'bob-password' })).body.token
    const fetched = await nodes[2].parley.dm.catchUp()
    console.log(`bob's catch-up: ${fetched.crates} crates from ${fetched.reached} holders`)
    assert.deepEqual(nodes[2].parley.dm.conversation('alice').map((m) => m.text), ['real mail'])
    assert.equal(fetched.crates, 1, 'no junk crossed the network to bob')
    assert.equal(accepted, 0)
  })

  it('junk for random mailboxes from one peer does not fill a holder past its cap', async () => {
    const holder = nodes[4]
    const peer = holder.parley.libp2p.peerId
    const before = holder.parley.mailbox.replica.store.count()
    let accepted = 0
    for (let round = 0; round < 6; round++) {
      const outcome = await mallory.parley.mailbox.client.deposit(peer, Array.from({ length: 50 }, () => junkCrate(randomMailbox(), JUNK_BYTES)))
      accepted += outcome.filter((o) => o.ok).length
    }
    const bytes = (holder.parley.database.db.prepare('SELECT coalesce(sum(size), 0) AS bytes FROM mailbox_crates').get() as { bytes: number }).bytes
    console.log(`random-mailbox junk taken: ${accepted} of 300 (${(300 * JUNK_BYTES / 1048576).toFixed(1)} MiB sent); holder keeps ${(bytes / 1048576).toFixed(2)} MiB, cap ${MAILBOX.holderQuota.bytes / 1048576} MiB; held before ${before}`)
    assert.ok(bytes <= MAILBOX.holderQuota.bytes, `holder keeps ${bytes} bytes`)
    assert.equal(accepted, 0, 'junk without admission is refused')
  })
})
