import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, createSecretKey, diffieHellman, generateKeyPairSync } from 'node:crypto'
import { AeadId, KdfId, KemId } from '@hpke/core'
import type { AeadEncryptionContext, AeadInterface, KdfInterface, KemInterface, RecipientContextParams, SenderContextParams } from '@hpke/core'
import type { KeyObject, webcrypto } from 'node:crypto'
import { concat as concatBytes } from 'uint8arrays/concat'

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair
type JsonWebKey = webcrypto.JsonWebKey

/**
 * RFC 9180 primitives for @hpke/core's CipherSuite on node:crypto (OpenSSL), called
 * synchronously: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM. The suite's own
 * key schedule, nonces and sequence numbers stay @hpke/core's; only the primitives differ
 * from its WebCrypto ones, which hop to the thread pool for every step. HMAC is node:crypto's
 * with the key as a KeyObject: 4.4 µs against @noble/hashes' 7.5 and node:crypto's 10.5 with a
 * Buffer key (which Node checks for being a KeyObject by catching a thrown error). The RFC 9180 test
 * vector and interoperability with the WebCrypto suite are checked in
 * test/crate/hpke-node.test.ts.
 */

const VERSION = new TextEncoder().encode('HPKE-v1')
const ZERO = new Uint8Array(0)

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts)

function hmacSha256 (key: Uint8Array, data: Uint8Array): Uint8Array {
  const digest = createHmac('sha256', createSecretKey(key)).update(data).digest()
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
}

function bytes (value: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value)
}

function arrayBuffer (value: Uint8Array): ArrayBuffer {
  return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer
}

function i2osp2 (n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff)
}

/** HKDF-SHA256 with RFC 9180's labeled variants. */
export class NodeHkdfSha256 implements KdfInterface {
  readonly id = KdfId.HkdfSha256
  readonly hashSize = 32
  #suiteId: Uint8Array = ZERO

  init (suiteId: Uint8Array): void {
    this.#suiteId = suiteId
  }

  buildLabeledIkm (label: Uint8Array, ikm: Uint8Array): Uint8Array {
    return concat(VERSION, this.#suiteId, label, ikm)
  }

  buildLabeledInfo (label: Uint8Array, info: Uint8Array, len: number): Uint8Array {
    return concat(i2osp2(len), VERSION, this.#suiteId, label, info)
  }

  // The key schedule hashes the same constant inputs (empty psk id, the suite's info) on
  // every seal and open, and extracts from one shared secret three times in a row.
  // Extraction is a pure function: remembering a few recent results is safe.
  readonly #recent = new Map<string, Uint8Array>()

  extractSync (salt: Uint8Array, ikm: Uint8Array): Uint8Array {
    const cacheable = salt.byteLength + ikm.byteLength <= 192
    const key = cacheable ? Buffer.from(salt).toString('base64') + ':' + Buffer.from(ikm).toString('base64') : ''
    const known = cacheable ? this.#recent.get(key) : undefined
    if (known != null) return known
    const prk = hmacSha256(salt.byteLength === 0 ? new Uint8Array(32) : salt, ikm)
    if (cacheable) {
      if (this.#recent.size >= 8) this.#recent.delete(this.#recent.keys().next().value!)
      this.#recent.set(key, prk)
    }
    return prk
  }

  expandSync (prk: Uint8Array, info: Uint8Array, len: number): Uint8Array {
    if (len > 255 * 32) throw new RangeError('HKDF output too long')
    const out = new Uint8Array(len)
    let previous: Uint8Array = ZERO
    for (let i = 1, at = 0; at < len; i++) {
      previous = hmacSha256(prk, concat(previous, info, Uint8Array.of(i)))
      out.set(previous.subarray(0, Math.min(32, len - at)), at)
      at += 32
    }
    return out
  }

  async extract (salt: ArrayBufferLike | ArrayBufferView, ikm: ArrayBufferLike | ArrayBufferView): Promise<ArrayBuffer> {
    return arrayBuffer(this.extractSync(bytes(salt), bytes(ikm)))
  }

  async expand (prk: ArrayBufferLike | ArrayBufferView, info: ArrayBufferLike | ArrayBufferView, len: number): Promise<ArrayBuffer> {
    return arrayBuffer(this.expandSync(bytes(prk), bytes(info), len))
  }

  async extractAndExpand (salt: ArrayBufferLike | ArrayBufferView, ikm: ArrayBufferLike | ArrayBufferView, info: ArrayBufferLike | ArrayBufferView, len: number): Promise<ArrayBuffer> {
    return arrayBuffer(this.expandSync(this.extractSync(bytes(salt), bytes(ikm)), bytes(info), len))
  }

  labeledExtractSync (salt: Uint8Array, label: Uint8Array, ikm: Uint8Array): Uint8Array {
    return this.extractSync(salt, this.buildLabeledIkm(label, ikm))
  }

  labeledExpandSync (prk: Uint8Array, label: Uint8Array, info: Uint8Array, len: number): Uint8Array {
    return this.expandSync(prk, this.buildLabeledInfo(label, info, len), len)
  }

  async labeledExtract (salt: ArrayBufferLike | ArrayBufferView, label: Uint8Array, ikm: Uint8Array): Promise<ArrayBuffer> {
    return arrayBuffer(this.labeledExtractSync(bytes(salt), label, ikm))
  }

  async labeledExpand (prk: ArrayBufferLike | ArrayBufferView, label: Uint8Array, info: Uint8Array, len: number): Promise<ArrayBuffer> {
    return arrayBuffer(this.labeledExpandSync(bytes(prk), label, info, len))
  }
}

/** AES-128-GCM, 16-byte tag appended to the ciphertext. */
export class NodeAes128Gcm implements AeadInterface {
  readonly id = AeadId.Aes128Gcm
  readonly keySize = 16
  readonly nonceSize = 12
  readonly tagSize = 16

  createEncryptionContext (key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    // a KeyObject: given a Buffer, createCipheriv first asks whether it is a KeyObject or a
    // CryptoKey, and Node answers by catching a thrown error (about 10 µs a crate each way)
    const k = createSecretKey(bytes(key))
    return {
      seal: async (iv, data, aad) => {
        const cipher = createCipheriv('aes-128-gcm', k, bytes(iv), { authTagLength: 16 })
        cipher.setAAD(bytes(aad))
        return arrayBuffer(concat(cipher.update(bytes(data)), cipher.final(), cipher.getAuthTag()))
      },
      open: async (iv, data, aad) => {
        const all = bytes(data)
        if (all.byteLength < 16) throw new Error('ciphertext shorter than its tag')
        const decipher = createDecipheriv('aes-128-gcm', k, bytes(iv), { authTagLength: 16 })
        decipher.setAAD(bytes(aad))
        decipher.setAuthTag(all.subarray(all.byteLength - 16))
        return arrayBuffer(concat(decipher.update(all.subarray(0, all.byteLength - 16)), decipher.final()))
      }
    }
  }
}

/** An X25519 key as this KEM passes it around in place of a WebCrypto CryptoKey. */
interface NodeX25519Key {
  type: 'public' | 'private'
  raw: Uint8Array
  key: KeyObject
}

const PKCS8_X25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20])
const LABEL = (s: string): Uint8Array => new TextEncoder().encode(s)

const SPKI_X25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00])

/**
 * A raw X25519 public key as PEM: createPublicKey reads a string at once, while a JWK or DER
 * object (and the object around it) is first checked for being a KeyObject or a CryptoKey,
 * which Node answers by catching thrown errors: 72 µs a key against 15 µs, on every crate
 * opened (its ephemeral key is new each time).
 */
function spkiPem (raw: Uint8Array): string {
  return `-----BEGIN PUBLIC KEY-----\n${Buffer.from(concat(SPKI_X25519_PREFIX, raw)).toString('base64')}\n-----END PUBLIC KEY-----\n`
}

// recipients' public keys recur (every crate to one user); importing one costs a KeyObject
const publicKeys = new Map<string, NodeX25519Key>()

function publicKey (raw: Uint8Array, remember = false): NodeX25519Key {
  if (raw.byteLength !== 32) throw new Error('X25519 public key must be 32 bytes')
  const x = Buffer.from(raw).toString('base64url')
  const known = publicKeys.get(x)
  if (known != null) return known
  const key: NodeX25519Key = { type: 'public', raw, key: createPublicKey(spkiPem(raw)) }
  if (remember) {
    if (publicKeys.size >= 1024) publicKeys.delete(publicKeys.keys().next().value!)
    publicKeys.set(x, key)
  }
  return key
}

function privateKey (raw: Uint8Array): NodeX25519Key {
  if (raw.byteLength !== 32) throw new Error('X25519 private key must be 32 bytes')
  return { type: 'private', raw, key: createPrivateKey({ key: Buffer.from(concat(PKCS8_X25519_PREFIX, raw)), format: 'der', type: 'pkcs8' }) }
}

function publicOf (key: KeyObject): NodeX25519Key {
  const pub = createPublicKey(key)
  return { type: 'public', raw: new Uint8Array(Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url')), key: pub }
}

function dh (sk: NodeX25519Key, pk: NodeX25519Key): Uint8Array {
  const secret = new Uint8Array(diffieHellman({ privateKey: sk.key, publicKey: pk.key }))
  if (secret.every((b) => b === 0)) throw new Error('X25519 produced the all-zero value')
  return secret
}

type Pair = { privateKey: NodeX25519Key, publicKey: NodeX25519Key }

function isPair (value: unknown): value is Pair {
  return typeof value === 'object' && value != null && 'privateKey' in value && 'publicKey' in value
}

/** DHKEM(X25519, HKDF-SHA256), base and auth modes. */
export class NodeDhkemX25519 implements KemInterface {
  readonly id = KemId.DhkemX25519HkdfSha256
  readonly secretSize = 32
  readonly encSize = 32
  readonly publicKeySize = 32
  readonly privateKeySize = 32
  readonly #kdf = new NodeHkdfSha256()

  constructor () {
    this.#kdf.init(concat(LABEL('KEM'), i2osp2(this.id)))
  }

  async serializePublicKey (key: CryptoKey): Promise<ArrayBuffer> {
    return arrayBuffer((key as unknown as NodeX25519Key).raw)
  }

  async deserializePublicKey (key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return publicKey(new Uint8Array(bytes(key)), true) as unknown as CryptoKey
  }

  async serializePrivateKey (key: CryptoKey): Promise<ArrayBuffer> {
    return arrayBuffer((key as unknown as NodeX25519Key).raw)
  }

  async deserializePrivateKey (key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return privateKey(new Uint8Array(bytes(key))) as unknown as CryptoKey
  }

  async importKey (format: 'raw' | 'jwk', key: ArrayBuffer | JsonWebKey, isPublic = true): Promise<CryptoKey> {
    if (format !== 'raw') throw new Error('only raw X25519 keys are supported')
    const raw = new Uint8Array(bytes(key as ArrayBuffer))
    return (isPublic ? publicKey(raw) : privateKey(raw)) as unknown as CryptoKey
  }

  async generateKeyPair (): Promise<CryptoKeyPair> {
    const pair = generateKeyPairSync('x25519')
    const raw = new Uint8Array(Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url'))
    return { privateKey: { type: 'private', raw, key: pair.privateKey }, publicKey: publicOf(pair.privateKey) } as unknown as CryptoKeyPair
  }

  async deriveKeyPair (ikm: ArrayBufferLike | ArrayBufferView): Promise<CryptoKeyPair> {
    const prk = this.#kdf.labeledExtractSync(ZERO, LABEL('dkp_prk'), bytes(ikm))
    const sk = privateKey(this.#kdf.labeledExpandSync(prk, LABEL('sk'), ZERO, 32))
    return { privateKey: sk, publicKey: publicOf(sk.key) } as unknown as CryptoKeyPair
  }

  async encap (params: SenderContextParams): Promise<{ sharedSecret: ArrayBuffer, enc: ArrayBuffer }> {
    const pkR = params.recipientPublicKey as unknown as NodeX25519Key
    const ephemeral = (params.ekm == null
      ? await this.generateKeyPair()
      : isPair(params.ekm) ? params.ekm : await this.deriveKeyPair(params.ekm as ArrayBufferView)) as unknown as Pair
    const enc = ephemeral.publicKey.raw
    let secret = dh(ephemeral.privateKey, pkR)
    let context = concat(enc, pkR.raw)
    if (params.senderKey != null) {
      const sender = (isPair(params.senderKey) ? params.senderKey : { privateKey: params.senderKey, publicKey: publicOf((params.senderKey as unknown as NodeX25519Key).key) }) as Pair
      secret = concat(secret, dh(sender.privateKey, pkR))
      context = concat(context, sender.publicKey.raw)
    }
    return { sharedSecret: arrayBuffer(this.#extractAndExpand(secret, context)), enc: arrayBuffer(enc) }
  }

  async decap (params: RecipientContextParams): Promise<ArrayBuffer> {
    const pair = (isPair(params.recipientKey)
      ? params.recipientKey
      : { privateKey: params.recipientKey, publicKey: publicOf((params.recipientKey as unknown as NodeX25519Key).key) }) as unknown as Pair
    const enc = new Uint8Array(bytes(params.enc))
    let secret = dh(pair.privateKey, publicKey(enc))
    let context = concat(enc, pair.publicKey.raw)
    if (params.senderPublicKey != null) {
      const pkS = params.senderPublicKey as unknown as NodeX25519Key
      secret = concat(secret, dh(pair.privateKey, pkS))
      context = concat(context, pkS.raw)
    }
    return arrayBuffer(this.#extractAndExpand(secret, context))
  }

  #extractAndExpand (dhSecret: Uint8Array, kemContext: Uint8Array): Uint8Array {
    const prk = this.#kdf.labeledExtractSync(ZERO, LABEL('eae_prk'), dhSecret)
    return this.#kdf.labeledExpandSync(prk, LABEL('shared_secret'), kemContext, this.secretSize)
  }
}
