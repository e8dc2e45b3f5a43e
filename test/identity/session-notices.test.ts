import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUserKeys, signRecord } from '../../src/identity/index.js'
import { SESSION_PROTOCOL, SessionNotices } from '../../src/identity/session-protocol.js'
import { StubNetwork } from '../support/stub-network.js'
import type { Session, VerifiedRecord } from '../../src/identity/index.js'
import type { SessionNoticesComponents } from '../../src/identity/session-protocol.js'
import type { StubPeer } from '../support/stub-network.js'

/** The device notice alone: two SessionNotices on stubbed components and in-memory stream pairs, no libp2p node. */
describe('SessionNotices with stubbed components', () => {
  const keys = createUserKeys()
  const profileFrom = (device: StubPeer, signingSecret: Uint8Array, seq: bigint): Uint8Array => signRecord('profile', {
    userKey: keys.userKey,
    username: 'alice',
    encryptionKey: keys.encryptionKey,
    devices: [{ peerId: device.peerId.toString(), addrs: [], addedAt: 1n, name: '', lastSeen: 0n }],
    activeDevice: device.peerId.toString(),
    online: true,
    lastSeen: BigInt(Date.now()),
    seq,
    removed: []
  }, signingSecret)

  async function pair (): Promise<{ laptop: StubPeer, phone: StubPeer, seen: Array<VerifiedRecord<'profile'>>, receiver: SessionNotices, sender: SessionNotices }> {
    const network = new StubNetwork()
    const laptop = await network.peer()
    const phone = await network.peer()
    const seen: Array<VerifiedRecord<'profile'>> = []
    // the laptop, where alice is logged in, hears that her session moved to the phone
    const receiver = new SessionNotices(laptop as unknown as SessionNoticesComponents, {
      session: { username: 'alice', keys } as unknown as Session,
      observeProfile: (record) => { seen.push(record); return true }
    })
    const sender = new SessionNotices(phone as unknown as SessionNoticesComponents, { session: undefined, observeProfile: () => false })
    await receiver.start()
    await sender.start()
    return { laptop, phone, seen, receiver, sender }
  }

  it('hands the newer signed profile to the account, after putting the device\'s addresses in the peer store', async () => {
    const { laptop, phone, seen, receiver, sender } = await pair()
    await sender.notify(laptop.peerId.toString(), ['/ip4/127.0.0.1/tcp/4001'], profileFrom(phone, keys.signingSecret, 7n))
    await Promise.all(laptop.served)
    assert.equal(seen.length, 1)
    assert.equal(seen[0].record.seq, 7n)
    assert.equal(seen[0].record.activeDevice, phone.peerId.toString())
    assert.deepEqual(phone.merges.map((m) => m.peer), [laptop.peerId.toString()])
    assert.deepEqual(phone.dials, [SESSION_PROTOCOL])
    await receiver.stop()
    await receiver.stop()
    assert.equal(laptop.handlers.size, 0)
    await sender.stop()
  })

  it('drops a profile signed by another key: the session stays', async () => {
    const { laptop, phone, seen, receiver, sender } = await pair()
    const forger = createUserKeys()
    await sender.notify(laptop.peerId.toString(), [], profileFrom(phone, forger.signingSecret, 8n)).catch(() => {})
    await Promise.all(laptop.served)
    assert.equal(laptop.served.length, 1, 'the notice reached the handler')
    assert.deepEqual(seen, [])
    assert.deepEqual(phone.merges, [], 'no addresses, no peer-store merge')
    await receiver.stop()
    await sender.stop()
  })
})
