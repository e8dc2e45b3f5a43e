import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { DeviceLink, LINK_CODE_TRIES, LINK_CODE_TTL_MS, createUserKeys, normaliseLinkCode } from '../../src/identity/index.js'
import { LinkCodeWrongError, NoLinkCodeError } from '../../src/identity/errors.js'
import { VirtualClock } from '../../src/kernel/index.js'
import { StubNetwork } from '../support/stub-network.js'
import type { DeviceLinkComponents } from '../../src/identity/index.js'
import type { StubPeer } from '../support/stub-network.js'

/** Linking by code alone: two DeviceLinks on stubbed components and in-memory stream pairs. */
describe('DeviceLink: a new device redeems a code shown on a logged-in one', () => {
  const keys = createUserKeys()
  const snapshot = new Uint8Array(randomBytes(700 * 1024)) // three frames and a bit

  async function pair (): Promise<{ laptop: StubPeer, phone: StubPeer, clock: VirtualClock, granted: string[], host: DeviceLink, guest: DeviceLink, devices: Array<{ peerId: string, addrs: string[] }> }> {
    const network = new StubNetwork()
    const laptop = await network.peer()
    const phone = await network.peer()
    const clock = new VirtualClock(1_000_000)
    const granted: string[] = []
    const host = new DeviceLink({ ...laptop, clock } as unknown as DeviceLinkComponents, {
      linkable: { username: 'alice', keys },
      grant: async (device) => { granted.push(device.toString()); return snapshot }
    })
    const guest = new DeviceLink(phone as unknown as DeviceLinkComponents, { linkable: undefined, grant: async () => { throw new Error('not here') } })
    await host.start()
    await guest.start()
    return { laptop, phone, clock, granted, host, guest, devices: [{ peerId: laptop.peerId.toString(), addrs: [] }] }
  }

  it('hands over the account keys and the whole snapshot for the right code, once', async () => {
    const { phone, granted, host, guest, devices } = await pair()
    const { code, expiresAt } = host.createCode()
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    assert.equal(expiresAt, 1_000_000 + LINK_CODE_TTL_MS)
    // typed the way people type: lower case, spaces
    const grant = await guest.redeem(devices, code.toLowerCase().replace('-', ' '), 'phone')
    assert.equal(grant.username, 'alice')
    assert.deepEqual(grant.keys.userKey, keys.userKey)
    assert.deepEqual(grant.keys.encryptionKey, keys.encryptionKey)
    assert.deepEqual(grant.snapshot, snapshot)
    assert.deepEqual(granted, [phone.peerId.toString()])
    await assert.rejects(guest.redeem(devices, code, 'phone'), NoLinkCodeError, 'a code works once')
  })

  it(`counts wrong tries and voids the code after ${LINK_CODE_TRIES}`, async () => {
    const { granted, host, guest, devices } = await pair()
    const { code } = host.createCode()
    const wrong = code.startsWith('0') ? '1' + code.slice(1) : '0' + code.slice(1)
    for (let left = LINK_CODE_TRIES - 1; left >= 0; left--) {
      await assert.rejects(guest.redeem(devices, wrong, 'mallory'), (err: any) => err instanceof LinkCodeWrongError && err.message.includes(`${left} more`))
    }
    await assert.rejects(guest.redeem(devices, code, 'phone'), NoLinkCodeError, 'the right code no longer works')
    assert.deepEqual(granted, [])
  })

  it('refuses an expired code, and a code of the wrong shape before dialling', async () => {
    const { phone, clock, granted, host, guest, devices } = await pair()
    const { code } = host.createCode()
    clock.advance(LINK_CODE_TTL_MS)
    await assert.rejects(guest.redeem(devices, code, 'phone'), NoLinkCodeError)
    const dials = phone.dials.length
    await assert.rejects(guest.redeem(devices, 'ABC', 'phone'), /8 letters and digits/)
    assert.equal(phone.dials.length, dials)
    assert.deepEqual(granted, [])
  })

  it('reads look-alike letters as the digits they stand for', () => {
    assert.equal(normaliseLinkCode('o1il-LOo0'), '01111000')
  })
})
