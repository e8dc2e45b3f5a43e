import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { DmAck } from '../../src/dm/wire.js'
import { startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { crateSender, sealCrate } from '../../src/crate/index.js'

/** The long-lived direct stream when the other side goes away mid-conversation. */
describe('direct link', () => {
  let sender: TestNode
  let receiver: TestNode

  before(async () => {
    receiver = await startTestNode()
    sender = await startTestNode({ bootstrap: [receiver.addr] })
    await waitFor(() => sender.parley.libp2p.getPeers().length > 0, 10_000, 'connection')
  })

  after(async () => {
    await sender.stop()
    await receiver.stop().catch(() => {})
  })

  it('answers NOT_HERE when nobody is logged in, then fails cleanly (no crash) once the device is gone', async () => {
    const recipient = createUserKeys()
    const crate = async (): Promise<Uint8Array> => sealCrate(new Uint8Array(8), recipient, crateSender('alice', createUserKeys(), 1_000))
    const device = { peerId: receiver.parley.peerId, addrs: receiver.parley.libp2p.getMultiaddrs().map(String) }
    assert.equal((await sender.parley.dm.direct.send(device, await crate())).ack.status, DmAck.Status.NOT_HERE)
    // several crates in flight on the link when the receiving node stops
    const inFlight = Array.from({ length: 5 }, async () => sender.parley.dm.direct.send(device, await crate()).then(() => 'acked', (err: Error) => err.message))
    await receiver.parley.libp2p.stop()
    const outcomes = await Promise.all(inFlight)
    assert.equal(outcomes.length, 5)
    await assert.rejects(sender.parley.dm.direct.send(device, await crate()))
  })
})
