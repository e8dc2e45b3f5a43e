import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUserKeys, isRemoved, mergeProfiles, profileKey, signRecord, verifyRecord } from '../../src/identity/index.js'
import type { Profile } from '../../src/identity/wire.js'

const keys = createUserKeys()
const device = (peerId: string, addedAt: bigint, lastSeen: bigint, name = peerId): Profile['devices'][number] => ({ peerId, addrs: [`/ip4/127.0.0.1/tcp/${Number(addedAt)}`], addedAt, name, lastSeen })

function profile (seq: bigint, devices: Profile['devices'], removed: Profile['removed'] = []): Profile {
  return { userKey: keys.userKey, username: 'alice', encryptionKey: keys.encryptionKey, devices, activeDevice: devices[0].peerId, online: true, lastSeen: 1000n, seq, removed }
}

/** Profiles that two devices publish at once merge without losing either's changes. */
describe('device lists of one account', () => {
  it('two devices publishing the same seq at once: the merge keeps both devices and a seq above both', () => {
    const base = profile(4n, [device('laptop', 1n, 10n)])
    const fromLaptop = { ...base, devices: [device('laptop', 1n, 50n)], seq: 5n }
    const fromPhone = { ...base, devices: [device('laptop', 1n, 10n), device('phone', 40n, 40n)], seq: 5n }
    const merged = mergeProfiles(fromLaptop, fromPhone)
    assert.deepEqual(merged.devices.map((d) => [d.peerId, d.lastSeen]), [['laptop', 50n], ['phone', 40n]], 'each device as last seen, in order of addition')
    assert.equal(merged.seq, 6n)
    assert.deepEqual(mergeProfiles(fromPhone, fromLaptop).devices, merged.devices, 'the same whichever side merges')
  })

  it('a removal survives a stale profile that still lists the device', () => {
    const stale = profile(7n, [device('laptop', 1n, 10n), device('phone', 2n, 90n)])
    const removal = profile(6n, [device('laptop', 1n, 60n)], [{ peerId: 'phone', removedAt: 55n }])
    const merged = mergeProfiles(removal, stale)
    assert.deepEqual(merged.devices.map((d) => d.peerId), ['laptop'])
    assert.ok(isRemoved(merged, 'phone'))
    assert.equal(merged.seq, 8n)
  })

  it('a signed profile listing a removed device is refused; names, last seen and removals round-trip', () => {
    const bad = signRecord('profile', profile(1n, [device('laptop', 1n, 10n), device('phone', 2n, 20n)], [{ peerId: 'phone', removedAt: 3n }]), keys.signingSecret)
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), bad), /a removed device is listed/)
    const good = profile(1n, [device('laptop', 1n, 10n, 'Laptop')], [{ peerId: 'phone', removedAt: 3n }])
    const back = verifyRecord('profile', profileKey(keys.userKey), signRecord('profile', good, keys.signingSecret)).record
    assert.deepEqual(back.devices, good.devices)
    assert.deepEqual(back.removed, good.removed)
    const long = profile(1n, [device('laptop', 1n, 10n, 'x'.repeat(65))])
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), signRecord('profile', long, keys.signingSecret)), /device name is too long/)
  })
})
