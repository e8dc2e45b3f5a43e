import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  InvalidRecordError, PRESENCE_STALE_MS, StaleRecordError, WrongPasswordError, createUserKeys, guardRecordReplacement,
  isOnline, keystoreKey, selectBestRecord, nameKey, openKeystore, profileKey, sealKeystore, signRecord, verifyRecord
} from '../../src/identity/index.js'
import { SignedRecord } from '../../src/identity/wire.js'
import type { Profile } from '../../src/identity/wire.js'

const keys = createUserKeys()
const FAST = { logN: 10, r: 8, p: 1 }

function profile (seq: bigint, extra: Partial<Profile> = {}): Profile {
  return {
    userKey: keys.userKey,
    username: 'alice',
    encryptionKey: keys.encryptionKey,
    devices: [{ peerId: '12D3KooWExample', addrs: ['/ip4/127.0.0.1/tcp/1'], addedAt: 1n, name: '', lastSeen: 0n }],
    activeDevice: '12D3KooWExample',
    online: true,
    lastSeen: BigInt(Date.now()),
    seq,
    removed: [],
    ...extra
  }
}

describe('signed records', () => {
  it('a signed profile verifies and decodes to what was signed', () => {
    const bytes = signRecord('profile', profile(3n), keys.signingSecret)
    const verified = verifyRecord('profile', profileKey(keys.userKey), bytes)
    assert.equal(verified.record.seq, 3n)
    assert.equal(verified.record.username, 'alice')
    assert.deepEqual(verified.signer, keys.userKey)
  })

  it('rejects a record signed by another key (forged)', () => {
    const mallory = createUserKeys()
    const bytes = signRecord('profile', profile(9n), mallory.signingSecret)
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), bytes), InvalidRecordError)
  })

  it('rejects a payload altered after signing', () => {
    const envelope = SignedRecord.decode(signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 1n }, keys.signingSecret))
    envelope.payload[envelope.payload.length - 1] ^= 1
    assert.throws(() => verifyRecord('name-claim', nameKey('alice'), SignedRecord.encode(envelope)), /signature does not verify/)
  })

  it('rejects an unsigned record', () => {
    const envelope = SignedRecord.decode(signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 1n }, keys.signingSecret))
    assert.throws(() => verifyRecord('name-claim', nameKey('alice'), SignedRecord.encode({ ...envelope, signature: new Uint8Array(0) })), /signature/)
  })

  it('rejects a record under another user\'s key or another name', () => {
    const other = createUserKeys()
    const bytes = signRecord('profile', profile(1n), keys.signingSecret)
    assert.throws(() => verifyRecord('profile', profileKey(other.userKey), bytes), /does not belong/)
    const claim = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 1n }, keys.signingSecret)
    assert.throws(() => verifyRecord('name-claim', nameKey('bob'), claim), /does not belong/)
  })

  it('rejects oversized records', () => {
    const devices = Array.from({ length: 8 }, (_, i) => ({ peerId: `peer${i}`.padEnd(120, 'x'), addrs: Array(8).fill('/ip4/127.0.0.1/tcp/1'.padEnd(200, '0')), addedAt: 1n, name: '', lastSeen: 0n }))
    const bytes = signRecord('profile', profile(1n, { devices, activeDevice: 'peer0'.padEnd(120, 'x') }), keys.signingSecret)
    assert.ok(bytes.byteLength > 4096)
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), bytes), /too large|exceeds/)
  })

  it('rejects malformed bytes, a wrong record type and bad field shapes', () => {
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), new Uint8Array([0xff, 0xff, 0xff])), InvalidRecordError)
    const claim = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 1n }, keys.signingSecret)
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), claim), /expected a profile/)
    const badName = signRecord('name-claim', { username: 'Alice!', userKey: keys.userKey, createdAt: 1n }, keys.signingSecret)
    assert.throws(() => verifyRecord('name-claim', nameKey('Alice!'), badName), /username/)
    const noDevice = signRecord('profile', profile(1n, { devices: [], activeDevice: '' }), keys.signingSecret)
    assert.throws(() => verifyRecord('profile', profileKey(keys.userKey), noDevice), /no device/)
  })

  it('rejects timestamps from the future beyond the clock skew allowance', () => {
    const future = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: BigInt(Date.now() + 3_600_000) }, keys.signingSecret)
    assert.throws(() => verifyRecord('name-claim', nameKey('alice'), future), /future/)
  })

  it('store-time guard refuses an older profile (replay) and accepts a newer or equal one', () => {
    const key = profileKey(keys.userKey)
    const old = signRecord('profile', profile(4n), keys.signingSecret)
    const held = signRecord('profile', profile(5n), keys.signingSecret)
    const newer = signRecord('profile', profile(6n), keys.signingSecret)
    assert.throws(() => { guardRecordReplacement(key, old, held) }, StaleRecordError)
    assert.doesNotThrow(() => { guardRecordReplacement(key, newer, held) })
    assert.doesNotThrow(() => { guardRecordReplacement(key, held, held) })
  })

  it('a profile shows its user online only while its device keeps refreshing it', () => {
    const now = Date.now()
    assert.equal(isOnline(profile(1n, { lastSeen: BigInt(now - 60_000) }), now), true)
    assert.equal(isOnline(profile(1n, { lastSeen: BigInt(now - PRESENCE_STALE_MS - 1) }), now), false, 'a crashed device leaves online set')
    assert.equal(isOnline(profile(1n, { online: false, lastSeen: BigInt(now) }), now), false)
  })

  it('a holder keeps the first claim for a name: another key\'s claim never replaces it, even back-dated', () => {
    const other = createUserKeys()
    const key = nameKey('alice')
    const held = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 200n }, keys.signingSecret)
    const backDated = signRecord('name-claim', { username: 'alice', userKey: other.userKey, createdAt: 0n }, other.signingSecret)
    assert.throws(() => { guardRecordReplacement(key, backDated, held) }, StaleRecordError)
    // between claims of one key the earlier wins (the owner's own re-signing is a tie)
    const ownEarlier = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 100n }, keys.signingSecret)
    assert.doesNotThrow(() => { guardRecordReplacement(key, ownEarlier, held) })
    assert.doesNotThrow(() => { guardRecordReplacement(key, held, held) })
    assert.throws(() => { guardRecordReplacement(key, held, ownEarlier) }, StaleRecordError)
  })

  it('lookups take the claim most peers answered; among equally common claims the earliest, then the lower key', () => {
    const other = createUserKeys()
    const key = nameKey('alice')
    const alice = signRecord('name-claim', { username: 'alice', userKey: keys.userKey, createdAt: 200n }, keys.signingSecret)
    const backDated = signRecord('name-claim', { username: 'alice', userKey: other.userKey, createdAt: 0n }, other.signingSecret)
    assert.equal(selectBestRecord(key, [backDated, alice, alice]), 1)
    assert.equal(selectBestRecord(key, [alice, backDated]), 1, 'one answer each: the earlier claim')
    assert.equal(selectBestRecord(key, [new Uint8Array([1, 2]), alice]), 1, 'invalid answers do not count')
    assert.equal(selectBestRecord(key, [new Uint8Array([1, 2])]), -1)
  })
})

describe('keystore', () => {
  it('opens with the right password and returns the same keys', async () => {
    const sealed = await sealKeystore(keys, 'correct horse', 1n, FAST)
    const opened = await openKeystore(sealed, 'correct horse')
    assert.deepEqual(opened.userKey, keys.userKey)
    assert.deepEqual(opened.encryptionKey, keys.encryptionKey)
    const message = new TextEncoder().encode('hello')
    assert.ok(ed25519.verify(ed25519.sign(message, opened.signingSecret), message, keys.userKey))
  })

  it('a wrong password is a WrongPasswordError', async () => {
    const sealed = await sealKeystore(keys, 'correct horse', 1n, FAST)
    await assert.rejects(openKeystore(sealed, 'wrong horse'), WrongPasswordError)
  })

  it('signed keystore records refuse scrypt parameters outside the bounds', async () => {
    const sealed = await sealKeystore(keys, 'correct horse', 1n, FAST)
    const greedy = signRecord('keystore', { ...sealed, scryptLogN: 30 }, keys.signingSecret)
    assert.throws(() => verifyRecord('keystore', keystoreKey(keys.userKey), greedy), /scrypt parameters/)
  })
})
