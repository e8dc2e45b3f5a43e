import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core'
import { x25519 } from '@noble/curves/ed25519.js'
import { NodeAes128Gcm, NodeDhkemX25519, NodeHkdfSha256 } from '../../src/crate/hpke-node.js'
import type { webcrypto as WebCrypto } from 'node:crypto'

type CryptoKey = WebCrypto.CryptoKey
type CryptoKeyPair = WebCrypto.CryptoKeyPair

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))
const toHex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex')

const webcrypto = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() })
const native = new CipherSuite({ kem: new NodeDhkemX25519(), kdf: new NodeHkdfSha256(), aead: new NodeAes128Gcm() })

// RFC 9180, appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode
const A11 = {
  ikmE: '7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234',
  skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
  enc: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
  info: '4f6465206f6e2061204772656369616e2055726e',
  pt: '4265617574792069732074727574682c20747275746820626561757479',
  aad: '436f756e742d30',
  ct: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a'
}

async function keyPair (suite: CipherSuite, secret: Uint8Array): Promise<CryptoKeyPair> {
  const privateKey = await suite.kem.importKey('raw', secret.slice().buffer, false)
  return { privateKey, publicKey: await publicFromSecret(suite, secret) }
}

async function publicFromSecret (suite: CipherSuite, secret: Uint8Array): Promise<CryptoKey> {
  return suite.kem.deserializePublicKey(x25519.getPublicKey(secret))
}

describe('HPKE on node:crypto primitives', () => {
  it('matches the RFC 9180 A.1.1 test vector', async () => {
    for (const suite of [native, webcrypto]) {
      const recipient = await keyPair(suite, hex(A11.skRm))
      const sealed = await suite.seal({ recipientPublicKey: recipient.publicKey, info: hex(A11.info), ekm: hex(A11.ikmE) } as any, hex(A11.pt), hex(A11.aad))
      assert.equal(toHex(sealed.enc), A11.enc)
      assert.equal(toHex(sealed.ct), A11.ct)
      const opened = await suite.open({ recipientKey: recipient, enc: hex(A11.enc), info: hex(A11.info) }, hex(A11.ct), hex(A11.aad))
      assert.equal(toHex(opened), A11.pt)
    }
  })

  it('interoperates with the WebCrypto suite both ways, and rejects altered ciphertexts', async () => {
    const secret = new Uint8Array(randomBytes(32))
    const info = new TextEncoder().encode('parley-crate/v1')
    const aad = new Uint8Array(randomBytes(56))
    const pt = new Uint8Array(randomBytes(300))
    for (const [from, to] of [[native, webcrypto], [webcrypto, native]]) {
      const sealed = await from.seal({ recipientPublicKey: await publicFromSecret(from, secret), info }, pt, aad)
      const opened = await to.open({ recipientKey: await keyPair(to, secret), enc: sealed.enc, info }, sealed.ct, aad)
      assert.deepEqual(new Uint8Array(opened), pt)
      const altered = new Uint8Array(sealed.ct)
      altered[0] ^= 1
      await assert.rejects(to.open({ recipientKey: await keyPair(to, secret), enc: sealed.enc, info }, altered, aad))
      await assert.rejects(to.open({ recipientKey: await keyPair(to, secret), enc: sealed.enc, info }, sealed.ct, aad.slice(1)))
    }
  })
})
