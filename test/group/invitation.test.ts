import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { RESTARTABLE, cut, heal, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Group frames are best effort: an invitation whose dial fails is dropped. The creator sends
 * it again a few times until the group starts (INVITATION_RESEND_MS), so a member that was
 * unreachable for a moment (a relay reservation being renewed behind a NAT, a dropped link)
 * still joins without the creator doing anything.
 */
describe('group invitations', () => {
  const USERS = ['uma', 'vic', 'wes']
  let nodes: TestNode[] = []

  before(async () => {
    nodes = await startTestNetwork(USERS.length, { ...RESTARTABLE, users: USERS })
  })

  after(async () => {
    await removeNodes(nodes)
  })

  it('reach a member that could not be dialled when the group was created', async () => {
    // wes resolves (his records are in the DHT) but cannot be dialled by uma for now
    await cut([nodes[0]], [nodes[2]])
    const created = await nodes[0].call('POST', '/api/groups', { name: 'late', members: ['vic', 'wes'] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const groupId = created.body.id
    await waitFor(async () => (await nodes[1].call('GET', `/api/groups/${groupId}`)).status === 200, 10_000, 'vic\'s invitation')
    assert.equal((await nodes[2].call('GET', `/api/groups/${groupId}`)).status, 404, 'wes is cut off')
    heal([nodes[0], nodes[2]])
    await waitFor(async () => (await nodes[2].call('GET', `/api/groups/${groupId}`)).status === 200, 20_000, 'wes\'s invitation, sent again')
  })
})
