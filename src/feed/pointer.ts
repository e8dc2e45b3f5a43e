import { generateKeyPairFromSeed, publicKeyFromRaw } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'
import { CID } from 'multiformats/cid'
import * as dagCbor from '@ipld/dag-cbor'
import { equals as equalBytes } from 'uint8arrays/equals'
import { POINTER_LIFETIME_MS } from './constants.js'
import { InvalidPointerError } from './errors.js'
import { StaleRecordError } from '../identity/index.js'

/**
 * The head pointer of a remote log: an IPNS record signed by the author's user key,
 * stored in the DHT under /ipns/<identity multihash of the key>, whose value is
 * /ipfs/<CID of the head page> and whose sequence number is the head entry's seq.
 */

export interface VerifiedPointer {
  author: Uint8Array
  /** the head entry's sequence number */
  seq: bigint
  headPage: CID
  bytes: Uint8Array
}

/** The DHT key of an author's head pointer. */
export function pointerKey (author: Uint8Array): Uint8Array {
  return multihashToIPNSRoutingKey(publicKeyFromRaw(author).toMultihash())
}

/** Signs a head pointer with the author's Ed25519 secret key (the 32-byte seed). */
export async function signPointer (signingSecret: Uint8Array, headPage: CID, seq: bigint, lifetimeMs = POINTER_LIFETIME_MS): Promise<Uint8Array> {
  const key = await generateKeyPairFromSeed('Ed25519', signingSecret)
  return marshalIPNSRecord(await createIPNSRecord(key, headPage, seq, lifetimeMs))
}

/**
 * Checks a pointer for `author`: IPNS signature, expiry and key (ipns's validator), and a
 * value that names a DAG-CBOR page by CIDv1. Throws InvalidPointerError with the reason.
 */
export async function verifyPointer (author: Uint8Array, bytes: Uint8Array): Promise<VerifiedPointer> {
  const key = pointerKey(author)
  let record
  try {
    record = unmarshalIPNSRecord(bytes)
  } catch (err) {
    throw new InvalidPointerError('malformed', 'pointer is not an IPNS record', { cause: err })
  }
  try {
    await ipnsValidator(key, bytes)
  } catch (err: any) {
    if (err.name === 'RecordExpiredError') throw new InvalidPointerError('expired', 'pointer has expired', { cause: err })
    if (err.name === 'InvalidEmbeddedPublicKeyError') throw new InvalidPointerError('wrong-author', 'pointer is signed by another key', { cause: err })
    if (err.name === 'SignatureVerificationError') throw new InvalidPointerError('forged', 'pointer signature does not verify', { cause: err })
    throw new InvalidPointerError('malformed', `pointer is invalid: ${err.message}`, { cause: err })
  }
  const value = record.value
  let headPage: CID
  try {
    if (!value.startsWith('/ipfs/')) throw new Error('not an /ipfs/ path')
    headPage = CID.parse(value.slice(6))
  } catch (err) {
    throw new InvalidPointerError('bad-value', 'pointer value is not /ipfs/<CID>', { cause: err })
  }
  if (headPage.version !== 1 || headPage.code !== dagCbor.code) throw new InvalidPointerError('bad-value', 'pointer must name a DAG-CBOR page by CIDv1')
  return { author, seq: record.sequence, headPage, bytes }
}

/** kad-dht validator and selector for the /ipns/ namespace (kept next to Parley's own). */
export const pointerValidators = { ipns: ipnsValidator }
export const pointerSelectors = {
  ipns: (key: Uint8Array, values: Uint8Array[]): number => {
    try {
      return ipnsSelector(key, values)
    } catch {
      return 0
    }
  }
}

/** Whether a DHT key is a head pointer's. */
export function isPointerKey (key: Uint8Array): boolean {
  return key.byteLength > 6 && equalBytes(key.subarray(0, 6), new TextEncoder().encode('/ipns/'))
}

/** Store-time guard for pointers: refuses one that loses to the one held (older sequence). */
export function guardPointerReplacement (key: Uint8Array, incoming: Uint8Array, held: Uint8Array): void {
  let heldSeq: bigint
  try {
    heldSeq = unmarshalIPNSRecord(held).sequence
  } catch {
    return
  }
  if (unmarshalIPNSRecord(incoming).sequence < heldSeq) throw new StaleRecordError('pointer is older than the one held')
}
