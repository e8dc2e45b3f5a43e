import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'

/** CIDv1 of `data` with sha256, computed synchronously. */
export function cidOf (data: Uint8Array, codec: number): CID {
  return CID.createV1(codec, createDigest(sha256.code, nobleSha256(data)))
}

export function sha256Bytes (data: Uint8Array): Uint8Array {
  return nobleSha256(data)
}

export const SHA256_CODE = sha256.code
