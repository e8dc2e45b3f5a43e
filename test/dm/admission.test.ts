import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { deviceMailboxKeyOf } from '../../src/crate/index.js'

/** Stamped depositors get one crate each per mailbox here, so a stranger's second message is refused. */
const LIMITS = { upkeepIntervalMs: 0, depositorQuota: { stamped: { crates: 1, bytes: 64 * 1024 }, granted: { crates: 100, bytes: 1024 * 1024 } } }

/** Direct messages admitted at mailbox holders: a stamp for strangers, the recipient's grant for those it wrote to. */
describe('dm: admission at the recipient\'s mailbox', () => {
  let nodes: TestNode[]
  const tokens: Record<string, string> = {}
  let bobMailbox: Uint8Array

  before(async () => {
    nodes = await startTestNetwork(7, { scrypt: TEST_SCRYPT, mailbox: LIMITS, dmPollIntervalMs: 0 })
    for (const [i, name] of [[1, 'alice'], [2, 'bob'], [3, 'carol']] as const) tokens[name] = await registerUser(nodes[i], name)
    // bob's one device: what others write him is deposited in its own mailbox
    bobMailbox = deviceMailboxKeyOf(nodes[2].parley.session!.keys.userKey, nodes[2].parley.peerId)
    assert.equal((await nodes[2].call('POST', '/api/messages', { to: ['alice'], text: 'hi alice' }, tokens.bob)).body.status, 'delivered')
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, tokens.bob)).status, 204)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  const send = async (from: 'alice' | 'carol', text: string): Promise<any> => (await nodes[from === 'alice' ? 1 : 3].call('POST', '/api/messages', { to: ['bob'], text }, tokens[from])).body

  it('a stranger\'s first message goes in with a stamp; past its share the answer names every holder that refused, and why', async () => {
    const first = await send('carol', 'hello bob, we have not met')
    assert.equal(first.status, 'stored')
    assert.equal(first.recipients.bob.storedOn, 5)
    const stamp = nodes[3].parley.database.db.prepare('SELECT stamp_bits FROM dm_admissions WHERE mailbox = ?').get(bobMailbox) as { stamp_bits: number }
    assert.equal(stamp.stamp_bits, 8, 'the stamp is kept for the next message')
    const second = await send('carol', 'me again')
    assert.equal(second.status, 'failed')
    const reason: string = second.recipients.bob.reason
    const { peers } = await nodes[0].parley.mailbox.closest(bobMailbox)
    for (const peer of peers) assert.match(reason, new RegExp(`${peer.toString()}: depositor_quota \\(this depositor's stamped share of the mailbox is full at this holder\\)`))
    // the reason is the answer's, not a stored field: the conversation shows the failure
    assert.equal(nodes[3].parley.dm.conversation('bob').at(-1)?.status, 'failed')
  })

  it('alice, whom bob wrote to, deposits under bob\'s grant (for his account mailbox, naming the device): her crates count as granted and are not held to a stranger\'s share', async () => {
    for (let i = 0; i < 4; i++) {
      const answer = await send('alice', `alice ${i}`)
      assert.equal(answer.status, 'stored', JSON.stringify(answer.recipients.bob))
    }
    const holder = nodes.find((n) => n.parley.mailbox.replica.store.usage(bobMailbox).crates > 0)!
    const rows = holder.parley.database.db.prepare('SELECT granted, count(*) AS n FROM mailbox_crates WHERE mailbox = ? GROUP BY granted ORDER BY granted').all(bobMailbox) as Array<{ granted: number, n: number }>
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ granted: 0, n: 1 }, { granted: 1, n: 4 }])
  })
})
