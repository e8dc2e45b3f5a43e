import { ed25519 } from '@noble/curves/ed25519.js'
import { fromString } from 'uint8arrays/from-string'
import { userKeyFromId } from '../identity/index.js'
import { InvalidGroupMessageError } from './errors.js'
import { SignedBlob } from './wire.js'

/** What a group signature covers: "parley-group/v1/<kind>" || 0x00 || payload. */
export type SignedKind = 'config' | 'preferred' | 'entry'

function signingBytes (kind: SignedKind, payload: Uint8Array): Uint8Array {
  const prefix = fromString(`parley-group/v1/${kind}\0`)
  const bytes = new Uint8Array(prefix.byteLength + payload.byteLength)
  bytes.set(prefix, 0)
  bytes.set(payload, prefix.byteLength)
  return bytes
}

export function signBlob (kind: SignedKind, payload: Uint8Array, signingSecret: Uint8Array): Uint8Array {
  return SignedBlob.encode({ payload, signature: ed25519.sign(signingBytes(kind, payload), signingSecret) })
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
    valid = ed25519.verify(blob.signature, signingBytes(kind, blob.payload), userKeyFromId(signerId))
  } catch {}
  if (!valid) throw new InvalidGroupMessageError(`${kind} signature by ${signerId} does not verify`)
  return blob.payload
}
