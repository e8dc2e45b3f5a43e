import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'

/** `parley send` when every mailbox holder refuses: it prints each holder and its reason. */
describe('parley send to a mailbox nobody will hold', () => {
  let nodes: TestNode[]
  let token: string

  before(async () => {
    // every holder is full: a total of 0 crates for others
    nodes = await startTestNetwork(6, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0, holderQuota: { crates: 0, bytes: 0 } } })
    const leo = await registerUser(nodes[2], 'leo')
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, leo)).status, 204)
    token = await registerUser(nodes[1], 'kim')
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('prints failed, then every holder that refused with its status and reason', async () => {
    const { code, stdout, stderr } = await runCli(['send', 'leo', 'nobody will hold this', '--api', nodes[1].api.address], { PARLEY_TOKEN: token })
    assert.equal(code, 0, stderr)
    const [, reason] = /^[0-9a-f]{32} failed: (no mailbox holder took the crate .*)$/m.exec(stdout) ?? []
    assert.ok(reason != null, stdout)
    const holders = reason.match(/12D3KooW\w+: holder_full \(this holder keeps no more stamped crates for others\)/g) ?? []
    assert.equal(holders.length, Number(/\((\d) asked\)/.exec(reason)?.[1]))
  })
})
