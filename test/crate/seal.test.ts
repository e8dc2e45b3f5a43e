import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { ed25519Signer } from '../../src/identity/signature.js'
import { crateSender, decodeCrate, deviceMailboxKeyOf, mailboxKeyOf, openCrate, sealCrate, Crate, MAX_CRATE_BYTES } from '../../src/crate/index.js'

const alice = createUserKeys()
const bob = createUserKeys()
const carol = createUserKeys()
const aliceSender = crateSender('alice', alice, 1_000)
const payload = new TextEncoder().encode('hello bob')

function alter (bytes: Uint8Array, change: (crate: Crate) => Crate): Uint8Array {
  return Crate.encode(change(Crate.decode(bytes)))
}

describe('sealed crates', () => {
  it('open with the recipient keys to the payload and the verified sender', async () => {
    const bytes = await sealCrate(payload, bob, aliceSender)
    const crate = decodeCrate(bytes)
    assert.deepEqual(crate.mailbox, mailboxKeyOf(bob.userKey))
    // the outside says nothing about the sender
    const outside = Buffer.from(bytes)
    assert.equal(outside.indexOf(Buffer.from(alice.userKey)), -1)
    assert.equal(outside.indexOf(Buffer.from('alice')), -1)
    const opened = await openCrate(bytes, bob)
    assert.deepEqual(opened.payload, payload)
    assert.equal(opened.sender.username, 'alice')
    assert.deepEqual(opened.sender.userKey, alice.userKey)
    assert.deepEqual(opened.id, crate.id)
  })

  it('a crate for one device of bob opens on that device only (and the device mailbox hides the account\'s)', async () => {
    const bytes = await sealCrate(payload, bob, aliceSender, { device: 'phone-peer-id' })
    const crate = decodeCrate(bytes)
    assert.deepEqual(crate.mailbox, deviceMailboxKeyOf(bob.userKey, 'phone-peer-id'))
    assert.notDeepEqual(crate.mailbox, mailboxKeyOf(bob.userKey))
    assert.deepEqual((await openCrate(bytes, { ...bob, device: 'phone-peer-id' })).payload, payload)
    await assert.rejects(openCrate(bytes, bob), { name: 'NotForMeError' })
    await assert.rejects(openCrate(bytes, { ...bob, device: 'laptop-peer-id' }), { name: 'NotForMeError' })
    // a device opens crates to the account mailbox too
    assert.deepEqual((await openCrate(await sealCrate(payload, bob, aliceSender), { ...bob, device: 'phone-peer-id' })).payload, payload)
  })

  it('a crate for another mailbox is refused as not for me', async () => {
    const bytes = await sealCrate(payload, bob, aliceSender)
    await assert.rejects(openCrate(bytes, carol), { name: 'NotForMeError' })
  })

  it('a crate sealed to another X25519 key but addressed to bob does not open', async () => {
    const bytes = await sealCrate(payload, { userKey: bob.userKey, encryptionKey: carol.encryptionKey }, aliceSender)
    await assert.rejects(openCrate(bytes, bob), { name: 'InvalidCrateError' })
  })

  it('any altered byte of ciphertext, id, expiry or encapsulated key is rejected', async () => {
    const bytes = await sealCrate(payload, bob, aliceSender)
    const flip = (b: Uint8Array, i: number): Uint8Array => { const c = b.slice(); c[i] ^= 1; return c }
    const changes: Array<(c: Crate) => Crate> = [
      (c) => ({ ...c, ciphertext: flip(c.ciphertext, 5) }),
      (c) => ({ ...c, ciphertext: flip(c.ciphertext, c.ciphertext.byteLength - 1) }),
      (c) => ({ ...c, id: flip(c.id, 0) }),
      (c) => ({ ...c, expiresAt: c.expiresAt + 1n }),
      (c) => ({ ...c, enc: flip(c.enc, 3) })
    ]
    for (const change of changes) {
      await assert.rejects(openCrate(alter(bytes, change), bob), { name: 'InvalidCrateError' })
    }
    await assert.rejects(openCrate(bytes.subarray(0, bytes.byteLength - 3), bob), { name: 'InvalidCrateError' })
  })

  it('a crate claiming to be from alice but signed by carol is rejected', async () => {
    const forger = { ...aliceSender, sign: ed25519Signer(carol.signingSecret, carol.userKey) }
    await assert.rejects(openCrate(await sealCrate(payload, bob, forger), bob), /signature does not verify/)
  })

  it('a crate carrying alice\'s name claim but signed by carol\'s own key is rejected', async () => {
    const carolWithAliceClaim = { ...crateSender('carol', carol, 1_000), claim: aliceSender.claim }
    await assert.rejects(openCrate(await sealCrate(payload, bob, carolWithAliceClaim), bob), /claim belongs to another key/)
  })

  it('oversized crates are refused when sealing and when decoding', async () => {
    await assert.rejects(sealCrate(new Uint8Array(MAX_CRATE_BYTES), bob, aliceSender), { name: 'InvalidCrateError' })
    assert.throws(() => decodeCrate(new Uint8Array(MAX_CRATE_BYTES + 1)), /exceeds/)
    assert.throws(() => decodeCrate(Uint8Array.of(0xff, 0xff, 0xff)), { name: 'InvalidCrateError' })
  })
})
