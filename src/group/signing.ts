import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { userKeyFromId } from '../identity/index.js'
import { InvalidGroupMessageError } from './errors.js'
import { SignedBlob } from './wire.js'
import type { KeyObject } from 'node:crypto'

/**
 * Group signatures: Ed25519 over "parley-group/v1/<kind>" || 0x00 || payload. Every
 * message entry is signed by its sender and checked by every member, so this runs once
 * per message per member: it uses OpenSSL through node:crypto (several times faster than
 * the pure-JS implementation; same algorithm, same bytes).
 */
export type SignedKind = 'config' | 'preferred' | 'entry'

const PREFIXES = new Map<SignedKind, Uint8Array>((['config', 'preferred', 'entry'] as const).map((k) => [k, fromString(`parley-group/v1/${k}\0`)]))
const MAX_CACHED_KEYS = 1_024
const publicKeys = new Map<string, KeyObject>()
const privateKeys = new WeakMap<Uint8Array, KeyObject>()

function signingBytes (kind: SignedKind, payload: Uint8Array): Uint8Array {
  const prefix = PREFIXES.get(kind)!
  const bytes = new Uint8Array(prefix.byteLength + payload.byteLength)
  bytes.set(prefix, 0)
  bytes.set(payload, prefix.byteLength)
  return bytes
}

function privateKey (seed: Uint8Array): KeyObject {
  let key = privateKeys.get(seed)
  if (key == null) {
    const x = toString(ed25519.getPublicKey(seed), 'base64url')
    key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: toString(seed, 'base64url'), x }, format: 'jwk' })
    privateKeys.set(seed, key)
  }
  return key
}

function publicKey (userId: string): KeyObject {
  let key = publicKeys.get(userId)
  if (key == null) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toString(userKeyFromId(userId), 'base64url') }, format: 'jwk' })
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear()
    publicKeys.set(userId, key)
  }
  return key
}

export function signBlob (kind: SignedKind, payload: Uint8Array, signingSecret: Uint8Array): Uint8Array {
  return SignedBlob.encode({ payload, signature: sign(null, signingBytes(kind, payload), privateKey(signingSecret)) })
}

/**
 * `openBlob` with the signature checked on libuv's thread pool, off the event loop: the
 * members of a busy group check thousands of entry signatures a second.
 */
export async function openBlobAsync (kind: SignedKind, bytes: Uint8Array, signerId: string): Promise<Uint8Array> {
  let blob: SignedBlob
  let key: KeyObject
  try {
    blob = SignedBlob.decode(bytes)
    key = publicKey(signerId)
  } catch (err) {
    throw new InvalidGroupMessageError(`malformed signed ${kind} or signer`, { cause: err })
  }
  const valid = blob.signature.byteLength === 64 && await new Promise<boolean>((resolve) => {
    verify(null, signingBytes(kind, blob.payload), key, blob.signature, (err, ok) => { resolve(err == null && ok) })
  })
  if (!valid) throw new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
  return blob.payload
}

/** The payload of a SignedBlob, once its signature by `signerId` verified. */
export function openBlob (kind: SignedKind, bytes: Uint8Array, signerId: string): Uint8Array {
  let blob: SignedBlob
  try {
    blob = SignedBlob.decode(bytes)
  } catch (err) {
    throw new InvalidGroupMessageError(`malformed signed ${kind}`, { cause: err })
  }
  let valid = false
  try {
    valid = blob.signature.byteLength === 64 && verify(null, signingBytes(kind, blob.payload), publicKey(signerId), blob.signature)
  } catch {}
  if (!valid) throw new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
  return blob.payload
}
