import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { ed25519Signer } from '../../src/identity/signature.js'
import {
  AdmissionError, Crate, admitCrate, crateSender, decodeCrate, depositorKey, deriveDepositorKey, mailboxKeyOf, mintStamp,
  openCrate, sealCrate, signGrant, stampBits, verifyAdmission
} from '../../src/crate/index.js'

const alice = createUserKeys()
const bob = createUserKeys()
const carol = createUserKeys()
const aliceSender = crateSender('alice', alice, 1_000)
const bobMailbox = mailboxKeyOf(bob.userKey)
const now = Date.now()

async function crate (text = 'hello bob'): Promise<Uint8Array> {
  return sealCrate(new TextEncoder().encode(text), bob, aliceSender)
}

const refusal = (bytes: Uint8Array, bits: number, at = now): string => {
  try {
    verifyAdmission(decodeCrate(bytes), bits, at)
    return 'admitted'
  } catch (err) {
    assert.ok(err instanceof AdmissionError, String(err))
    return err.message
  }
}

describe('crate admission', () => {
  it('a stamp of the asked bits admits, fewer bits do not; the stamp is bound to the mailbox and depositor', async () => {
    const depositor = deriveDepositorKey(alice.signingSecret, bobMailbox)
    assert.deepEqual(depositor.publicKey, deriveDepositorKey(alice.signingSecret, bobMailbox).publicKey, 'the same key after a restart')
    const stamp = await mintStamp(bobMailbox, depositor.publicKey, 12)
    assert.ok(stampBits(bobMailbox, depositor.publicKey, stamp) >= 12)
    const admitted = admitCrate(await crate(), { depositor, stamp })
    assert.deepEqual(verifyAdmission(decodeCrate(admitted), 12, now), { depositor: depositor.publicKey, granted: false })
    const found = stampBits(bobMailbox, depositor.publicKey, stamp)
    assert.match(refusal(admitted, found + 1), new RegExp(`stamp has ${found} zero bits; this holder asks for ${found + 1}`))
    // the same stamp for another depositor key or another mailbox is (almost surely) worth nothing
    const other = depositorKey(new Uint8Array(32).fill(7))
    assert.ok(stampBits(bobMailbox, other.publicKey, stamp) < 12 || stampBits(mailboxKeyOf(carol.userKey), depositor.publicKey, stamp) < 12)
    // the admission sits outside the seal: bob opens the crate as before
    assert.equal((await openCrate(admitted, bob)).sender.username, 'alice')
  })

  it('the depositor signs each crate: its admission moved onto another crate, or the crate altered, is refused', async () => {
    const depositor = depositorKey(new Uint8Array(32).fill(1))
    const admitted = decodeCrate(admitCrate(await crate(), { depositor, stamp: await mintStamp(bobMailbox, depositor.publicKey, 4) }))
    const junk = decodeCrate(await crate('junk riding on alice\'s admission'))
    assert.match(refusal(Crate.encode({ ...junk, admission: admitted.admission }), 0), /depositor signature does not verify/)
    assert.match(refusal(Crate.encode({ ...admitted, ciphertext: admitted.ciphertext.map((b, i) => i === 0 ? b ^ 1 : b) }), 0), /depositor signature does not verify/)
    assert.match(refusal(Crate.encode({ ...admitted, expiresAt: admitted.expiresAt + 1n }), 0), /depositor signature does not verify/)
    assert.match(refusal(await crate(), 0), /carries no admission/)
  })

  it('the owner\'s grant admits without a stamp, until it expires; a grant by anyone else does not', async () => {
    const depositor = depositorKey(new Uint8Array(32).fill(2))
    const bobSigns = { userKey: bob.userKey, sign: ed25519Signer(bob.signingSecret, bob.userKey) }
    const granted = admitCrate(await crate(), { depositor, grant: signGrant(bobSigns, depositor.publicKey, now + 60_000) })
    assert.deepEqual(verifyAdmission(decodeCrate(granted), 40, now), { depositor: depositor.publicKey, granted: true })
    assert.match(refusal(granted, 40, now + 60_000), /grant has expired/)
    const carolSigns = { userKey: carol.userKey, sign: ed25519Signer(carol.signingSecret, carol.userKey) }
    assert.match(refusal(admitCrate(await crate(), { depositor, grant: signGrant(carolSigns, depositor.publicKey, now + 60_000) }), 0), /not by this mailbox's owner/)
    // bob's grant names one depositor key; another key cannot use it
    const thief = depositorKey(new Uint8Array(32).fill(3))
    assert.match(refusal(admitCrate(await crate(), { depositor: thief, grant: signGrant(bobSigns, depositor.publicKey, now + 60_000) }), 0), /grant signature does not verify/)
  })

  it('mints off the event loop in slices and stops on abort', async () => {
    const controller = new AbortController()
    let ticks = 0
    const timer = setInterval(() => { if (++ticks === 3) controller.abort() }, 1)
    try {
      await assert.rejects(mintStamp(bobMailbox, alice.userKey, 40, { signal: controller.signal }), { name: 'AbortError' })
    } finally {
      clearInterval(timer)
    }
    assert.ok(ticks >= 3, 'timers ran while minting')
    await assert.rejects(mintStamp(bobMailbox, alice.userKey, 41), RangeError)
  })
})
