import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { describe, it } from 'node:test'
import { Crate } from '../../src/crate/index.js'
import { DM_PROTOCOL } from '../../src/dm/index.js'
import { DirectChannel } from '../../src/dm/direct.js'
import { VirtualClock } from '../../src/kernel/index.js'
import { DmAck, DmFrame } from '../../src/dm/wire.js'
import { StubNetwork } from '../support/stub-network.js'
import type { DirectChannelComponents } from '../../src/dm/direct.js'

/** A crate that passes the shape check (what the direct path looks at); its seal is not opened here. */
function crate (): Uint8Array {
  return Crate.encode({ mailbox: randomBytes(32), id: randomBytes(16), expiresAt: BigInt(Date.now() + 60_000), enc: randomBytes(32), ciphertext: randomBytes(40) })
}

/** The direct DM path alone: two DirectChannels on stubbed components and in-memory stream pairs, no libp2p node. */
describe('DirectChannel with stubbed components', () => {
  it('delivers crates over one stream, each answered by the receiver\'s ack, and unregisters on stop', async () => {
    const network = new StubNetwork()
    const alice = await network.peer()
    const bob = await network.peer()
    const received: Array<{ bytes: Uint8Array, from: string }> = []
    const sender = new DirectChannel(alice as unknown as DirectChannelComponents, async () => ({ status: DmAck.Status.OK, message: '' }))
    const receiver = new DirectChannel(bob as unknown as DirectChannelComponents, async (bytes, from) => {
      received.push({ bytes, from })
      return received.length === 2 ? { status: DmAck.Status.NOT_HERE, message: 'nobody logged in' } : { status: DmAck.Status.OK, message: '' }
    })
    await sender.start()
    await receiver.start()
    await receiver.start() // harmless: registered once
    assert.deepEqual([...bob.handlers.keys()], [DM_PROTOCOL])

    const device = { peerId: bob.peerId.toString(), addrs: ['/ip4/127.0.0.1/tcp/4001'] }
    const [first, second] = [crate(), crate()]
    const sentOne = await sender.send(device, first)
    const ackOne = sentOne.ack
    const ackTwo = (await sender.send(device, second)).ack
    assert.equal(sentOne.path, 'direct', 'the stub network\'s connections are direct')
    assert.equal(ackOne.status, DmAck.Status.OK)
    assert.deepEqual(ackOne.crateId, Crate.decode(first).id)
    assert.equal(ackTwo.status, DmAck.Status.NOT_HERE)
    assert.equal(ackTwo.message, 'nobody logged in')
    assert.deepEqual(received.map((r) => r.bytes), [first, second])
    assert.deepEqual(received.map((r) => r.from), [alice.peerId.toString(), alice.peerId.toString()])
    assert.deepEqual(alice.dials, [DM_PROTOCOL], 'both crates went over one stream')
    assert.deepEqual(alice.merges.map((m) => m.peer), [bob.peerId.toString()], 'the device\'s addresses went to the peer store before the dial')

    await receiver.stop()
    await receiver.stop()
    assert.equal(bob.handlers.size, 0)
    await sender.stop()
  })

  it('stops reusing a link idle for half the idle timeout, so a crate does not meet the receiver\'s reset', async () => {
    const network = new StubNetwork()
    const alice = await network.peer()
    const bob = await network.peer()
    const clock = new VirtualClock(10_000)
    const streams = { [DM_PROTOCOL]: { idleTimeoutMs: 1_000 } }
    const sender = new DirectChannel({ ...alice, clock } as unknown as DirectChannelComponents, async () => ({ status: DmAck.Status.OK, message: '' }), { streams })
    const receiver = new DirectChannel(bob as unknown as DirectChannelComponents, async () => ({ status: DmAck.Status.OK, message: '' }))
    await receiver.start()
    const device = { peerId: bob.peerId.toString(), addrs: [] }
    assert.equal((await sender.send(device, crate())).ack.status, DmAck.Status.OK)
    clock.advance(400)
    assert.equal((await sender.send(device, crate())).ack.status, DmAck.Status.OK)
    assert.equal(alice.dials.length, 1, '400 ms after its last crate the link is reused')
    clock.advance(600)
    assert.equal((await sender.send(device, crate())).ack.status, DmAck.Status.OK)
    assert.equal(alice.dials.length, 2, '600 ms (over half of 1 000) after its last crate a new link is opened')
    await sender.stop()
    await receiver.stop()
  })

  it('answers a frame that is not a crate with INVALID and keeps reading', async () => {
    const network = new StubNetwork()
    const alice = await network.peer()
    const bob = await network.peer()
    let handled = 0
    const receiver = new DirectChannel(bob as unknown as DirectChannelComponents, async () => { handled++; return { status: DmAck.Status.OK, message: '' } })
    await receiver.start()
    const stream = await alice.dialer.dialProtocol(bob.peerId, DM_PROTOCOL)
    const lp = lpStream(stream)
    await lp.write(DmFrame.encode({ crate: Uint8Array.of(1, 2, 3) }))
    const bad = DmFrame.decode(await lp.read())
    assert.equal(bad.ack?.status, DmAck.Status.INVALID)
    const good = crate()
    await lp.write(DmFrame.encode({ crate: good }))
    const ok = DmFrame.decode(await lp.read())
    assert.equal(ok.ack?.status, DmAck.Status.OK)
    assert.deepEqual(ok.ack?.crateId, Crate.decode(good).id)
    assert.equal(handled, 1, 'only the crate reached the handler')
    await stream.close()
    await receiver.stop()
  })
})
