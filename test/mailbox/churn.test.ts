import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { deviceMailboxKeyOf } from '../../src/crate/index.js'

const INIT = { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 }, dmPollIntervalMs: 0 }
const MESSAGES = 10

/** While bob is offline, holders leave and new nodes join; upkeep keeps K copies. */
describe('mailbox upkeep under churn', () => {
  let live: TestNode[]
  let bootstrap: string
  const tokens: Record<string, string> = {}
  let mailbox: Uint8Array
  let alice: TestNode
  let bob: TestNode

  before(async () => {
    live = await startTestNetwork(12, INIT)
    bootstrap = live[0].addr
    alice = live[1]
    bob = live[2]
    for (const [node, name] of [[alice, 'alice'], [bob, 'bob']] as const) tokens[name] = await registerUser(node, name)
    // what others write bob goes to his one device's own mailbox
    mailbox = deviceMailboxKeyOf(bob.parley.session!.keys.userKey, bob.parley.peerId)
    assert.equal((await bob.call('POST', '/api/logout', undefined, tokens.bob)).status, 204)
  })

  after(async () => {
    await Promise.all(live.map(async (node) => node.stop()))
  })

  /** Live nodes holding every one of bob's crates. */
  const fullHolders = (): TestNode[] => live.filter((node) => node.parley.mailbox.replica.store.usage(mailbox).crates === MESSAGES)

  it('keeps K = 5 full copies through three rounds of holders leaving and nodes joining, and bob gets everything once', async () => {
    for (let i = 0; i < MESSAGES; i++) {
      const sent = await alice.call('POST', '/api/messages', { to: ['bob'], text: `churn ${i}` }, tokens.alice)
      assert.equal(sent.body.status, 'stored')
    }
    assert.equal(fullHolders().length, 5)

    for (let round = 0; round < 3; round++) {
      // two holders leave (never alice's or bob's node, or the bootstrap peer)
      const leaving = fullHolders().filter((n) => n !== alice && n !== bob && n !== live[0]).slice(0, 2)
      assert.equal(leaving.length, 2, `round ${round}: two holders to remove`)
      live = live.filter((n) => !leaving.includes(n))
      await Promise.all(leaving.map(async (n) => n.stop()))
      assert.equal(fullHolders().length, 3, `round ${round}: three copies left`)
      // two new nodes join
      const joined = await Promise.all([0, 1].map(async () => startTestNode({ ...INIT, bootstrap: [bootstrap] })))
      live.push(...joined)
      await waitFor(() => joined.every((n) => n.parley.network().dht.routingTableSize >= 3), 20_000, 'new nodes in the DHT')
      // upkeep at every holder until K full copies exist again among the K closest live peers
      await waitFor(async () => {
        await Promise.all(live.map(async (n) => n.parley.mailbox.upkeep.runNow()))
        const closest = await live[0].parley.mailbox.closest(mailbox)
        const ids = new Set(closest.peers.map((p) => p.toString()))
        return fullHolders().filter((n) => ids.has(n.parley.peerId)).length === 5
      }, 30_000, `round ${round}: K copies at the K closest live peers`)
    }
    const copied = live.reduce((n, node) => n + node.parley.mailbox.upkeep.stats.copied, 0)
    assert.ok(copied >= 3 * 2 * MESSAGES, `upkeep copied ${copied} crates`)

    const login = await bob.call('POST', '/api/login', { username: 'bob', password: 'bob-password' })
    assert.equal(login.status, 200)
    await waitFor(() => bob.parley.dm.store.conversation('bob', 'alice').length === MESSAGES, 20_000, 'bob to receive everything')
    await bob.parley.dm.catchUp()
    const inbox = bob.parley.dm.store.conversation('bob', 'alice')
    assert.deepEqual(inbox.map((m) => m.text), Array.from({ length: MESSAGES }, (_, i) => `churn ${i}`))
  })
})
