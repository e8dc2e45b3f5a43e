import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/**
 * Ed25519 through node:crypto (OpenSSL): the same signatures as @noble/curves, several
 * times faster, which the direct path's latency budget needs. Public keys are cached.
 */
const publicKeys = new Map<string, KeyObject>()
const MAX_CACHED_KEYS = 1024

function b64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

function publicKeyObject (publicKey: Uint8Array): KeyObject {
  const x = b64(publicKey)
  let key = publicKeys.get(x)
  if (key == null) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.delete(publicKeys.keys().next().value!)
    publicKeys.set(x, key)
  }
  return key
}

/** A signer for one secret key; keep it no longer than the session that owns the key. */
export function ed25519Signer (secret: Uint8Array, publicKey: Uint8Array): (message: Uint8Array) => Uint8Array {
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64(secret), x: b64(publicKey) }, format: 'jwk' })
  return (message) => new Uint8Array(sign(null, message, key))
}

export function ed25519Verify (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.byteLength !== 32 || signature.byteLength !== 64) return false
  try {
    return verify(null, message, publicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}
