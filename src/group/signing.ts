import { ed25519 } from '@noble/curves/ed25519.js'
import { fromString } from 'uint8arrays/from-string'
import { concat } from 'uint8arrays/concat'
import { userKeyFromId } from '../identity/index.js'
import { ed25519Signer, verifyEd25519, verifyEd25519Async } from '../identity/signature.js'
import { InvalidGroupMessageError } from './errors.js'
import { SignedBlob } from './wire.js'

/**
 * Group signatures: Ed25519 over "parley-group/v1/<kind>" || 0x00 || payload. Every
 * message entry is signed by its sender and checked by every member, so signing and
 * checking go through OpenSSL (identity/signature.ts).
 */
export type SignedKind = 'config' | 'preferred' | 'entry'

const PREFIXES = new Map<SignedKind, Uint8Array>((['config', 'preferred', 'entry'] as const).map((k) => [k, fromString(`parley-group/v1/${k}\0`)]))
const signers = new WeakMap<Uint8Array, (message: Uint8Array) => Uint8Array>()
/** user keys by user id: every entry names its signer, and decoding base58 per check showed in profiles */
const signerKeys = new Map<string, Uint8Array>()
const SIGNER_KEY_CACHE_SIZE = 1_024

function signerKey (signerId: string): Uint8Array {
  let key = signerKeys.get(signerId)
  if (key == null) {
    key = userKeyFromId(signerId)
    if (signerKeys.size >= SIGNER_KEY_CACHE_SIZE) signerKeys.delete(signerKeys.keys().next().value as string)
    signerKeys.set(signerId, key)
  }
  return key
}

function signingBytes (kind: SignedKind, payload: Uint8Array): Uint8Array {
  return concat([PREFIXES.get(kind)!, payload])
}

function signerOf (seed: Uint8Array): (message: Uint8Array) => Uint8Array {
  let signer = signers.get(seed)
  if (signer == null) {
    signer = ed25519Signer(seed, ed25519.getPublicKey(seed))
    signers.set(seed, signer)
  }
  return signer
}

export function signBlob (kind: SignedKind, payload: Uint8Array, signingSecret: Uint8Array): Uint8Array {
  return SignedBlob.encode({ payload, signature: signerOf(signingSecret)(signingBytes(kind, payload)) })
}

function decode (kind: SignedKind, bytes: Uint8Array, signerId: string): { blob: SignedBlob, signer: Uint8Array } {
  try {
    return { blob: SignedBlob.decode(bytes), signer: signerKey(signerId) }
  } catch (err) {
    throw new InvalidGroupMessageError(`malformed signed ${kind} or signer`, { cause: err })
  }
}

/** `openBlob` with the signature checked off the event loop: busy groups check thousands a second. */
export async function openBlobAsync (kind: SignedKind, bytes: Uint8Array, signerId: string): Promise<Uint8Array> {
  const { blob, signer } = decode(kind, bytes, signerId)
  if (!await verifyEd25519Async(blob.signature, signingBytes(kind, blob.payload), signer)) {
    throw new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
  }
  return blob.payload
}

/** The payload of a SignedBlob, once its signature by `signerId` verified. */
export function openBlob (kind: SignedKind, bytes: Uint8Array, signerId: string): Uint8Array {
  const { blob, signer } = decode(kind, bytes, signerId)
  if (!verifyEd25519(blob.signature, signingBytes(kind, blob.payload), signer)) {
    throw new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
  }
  return blob.payload
}
