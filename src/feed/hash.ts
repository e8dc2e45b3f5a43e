import { hash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { bytesKey } from '../kernel/index.js'

/** CIDv1 of `data` with sha256, computed synchronously. */
export function cidOf (data: Uint8Array, codec: number): CID {
  return CID.createV1(codec, createDigest(sha256.code, sha256Bytes(data)))
}

/**
 * sha256 through OpenSSL: a sync hashes every block twice (CID check, entry CID). The
 * one-shot `hash` makes no Hash object (2.0 µs for an entry instead of 4.5; each post is
 * hashed at its sender and at every follower).
 */
export function sha256Bytes (data: Uint8Array): Uint8Array {
  const digest = hash('sha256', data, 'buffer')
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
}

export const SHA256_CODE = sha256.code

/**
 * A map key for a CID: its bytes as a latin1 string. CID.toString() encodes base32 and a
 * sync keys ten thousands of freshly decoded CIDs.
 */
export function cidKey (cid: CID): string {
  return bytesKey(cid.bytes)
}
