import { randomBytes } from 'node:crypto'
import type { webcrypto } from 'node:crypto'
import { CipherSuite } from '@hpke/core'
import { sha256 } from '@noble/hashes/sha2.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { fromString } from 'uint8arrays/from-string'
import { CRATE_ID_BYTES, CRATE_TTL_MS, MAX_CRATE_BYTES } from './constants.js'
import { InvalidCrateError, NotForMeError } from './errors.js'
import { NodeAes128Gcm, NodeDhkemX25519, NodeHkdfSha256 } from './hpke-node.js'
import { Crate, Sealed } from './wire.js'
import { concat as concatBytes } from 'uint8arrays/concat'
import { nameKey, verifyRecord, SignedRecord, NameClaim, verifyEd25519 } from '../identity/index.js'

/**
 * Sealed crates: a payload encrypted to one recipient's X25519 key with HPKE (RFC 9180,
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode), with the sender's
 * identity and Ed25519 signature inside the seal. The outside names only the recipient's
 * mailbox and a random crate id. Standalone: anything that must reach one user's keys
 * (direct messages, group keys) can use seal/open.
 */

// @hpke/core's suite on node:crypto primitives (see hpke-node.ts); interoperable with its WebCrypto ones
const suite = new CipherSuite({ kem: new NodeDhkemX25519(), kdf: new NodeHkdfSha256(), aead: new NodeAes128Gcm() })
const HPKE_INFO = fromString('parley-crate/v1')
const SIGNATURE_PREFIX = fromString('parley-crate/v1\0')
const MAILBOX_PREFIX = fromString('parley-mailbox/v1\0')
const DEVICE_MAILBOX_PREFIX = fromString('parley-device-mailbox/v1\0')

/** Who a crate is sealed to: the user key names the mailbox, the X25519 key opens the seal. */
export interface CrateRecipient {
  userKey: Uint8Array
  encryptionKey: Uint8Array
}

/** The sender as it signs crates: its user key, its signed name claim, and a signing function. */
export interface CrateSender {
  userKey: Uint8Array
  /** the sender's signed name-claim record (identity SignedRecord bytes) */
  claim: Uint8Array
  sign: (message: Uint8Array) => Uint8Array
}

/** The recipient's secret side: enough to check the mailbox and open the seal. */
export interface CrateKeys {
  userKey: Uint8Array
  encryptionKey: Uint8Array
  encryptionSecret: Uint8Array
  /** this device's peer id: crates addressed to its device mailbox open too (default: only the account mailbox) */
  device?: string
}

/** A crate that opened and verified: who sent it and what it carries. */
export interface OpenedCrate {
  id: Uint8Array
  mailbox: Uint8Array
  expiresAt: number
  sender: { userKey: Uint8Array, username: string }
  payload: Uint8Array
}

export interface SealOptions {
  /** when holders may drop the crate, ms since the epoch (default now + 30 days) */
  expiresAt?: number
  /** crate id (default 16 random bytes) */
  id?: Uint8Array
  now?: number
  /** address the crate to this device's mailbox of the recipient (`deviceMailboxKeyOf`; default: the account mailbox) */
  device?: string
}

/** The mailbox a user's crates are addressed to: SHA-256 of a label and the user key. */
export function mailboxKeyOf (userKey: Uint8Array): Uint8Array {
  return sha256(concat(MAILBOX_PREFIX, userKey))
}

/**
 * The mailbox of one device of a user: SHA-256 of a label, the user key and the device's
 * peer id (UTF-8). Each device fetches and acknowledges its own, so one device taking a
 * crate does not take it from the others; owning it is proven with the account key.
 */
export function deviceMailboxKeyOf (userKey: Uint8Array, device: string): Uint8Array {
  return sha256(concat(DEVICE_MAILBOX_PREFIX, userKey, fromString(device)))
}

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts)

function u64 (value: number): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value))
  return bytes
}

function header (mailbox: Uint8Array, id: Uint8Array, expiresAt: number): Uint8Array {
  return concat(mailbox, id, u64(expiresAt))
}

/** Seals `payload` to `recipient`, signed by `sender`; resolves to the encoded Crate. */
export async function sealCrate (payload: Uint8Array, recipient: CrateRecipient, sender: CrateSender, options: SealOptions = {}): Promise<Uint8Array> {
  const mailbox = options.device == null ? mailboxKeyOf(recipient.userKey) : deviceMailboxKeyOf(recipient.userKey, options.device)
  const id = options.id ?? new Uint8Array(randomBytes(CRATE_ID_BYTES))
  const expiresAt = options.expiresAt ?? (options.now ?? Date.now()) + CRATE_TTL_MS
  const aad = header(mailbox, id, expiresAt)
  const signature = sender.sign(concat(SIGNATURE_PREFIX, recipient.encryptionKey, aad, payload))
  const plaintext = Sealed.encode({ senderKey: sender.userKey, senderClaim: sender.claim, payload, signature })
  const recipientPublicKey = await suite.kem.deserializePublicKey(recipient.encryptionKey)
  const sealed = await suite.seal({ recipientPublicKey, info: HPKE_INFO }, plaintext, aad)
  const crate = Crate.encode({ mailbox, id, expiresAt: BigInt(expiresAt), enc: new Uint8Array(sealed.enc), ciphertext: new Uint8Array(sealed.ct) })
  if (crate.byteLength > MAX_CRATE_BYTES) throw new InvalidCrateError(`crate of ${crate.byteLength} bytes exceeds ${MAX_CRATE_BYTES}`)
  return crate
}

/** The outside of a crate, checked for size and shape; what holders may look at. */
export function decodeCrate (bytes: Uint8Array): Crate {
  if (bytes.byteLength > MAX_CRATE_BYTES) throw new InvalidCrateError(`crate of ${bytes.byteLength} bytes exceeds ${MAX_CRATE_BYTES}`)
  let crate: Crate
  try {
    crate = Crate.decode(bytes)
  } catch (err) {
    throw new InvalidCrateError('not a Crate', { cause: err })
  }
  if (crate.mailbox.byteLength !== 32) throw new InvalidCrateError('crate mailbox must be 32 bytes')
  if (crate.id.byteLength !== CRATE_ID_BYTES) throw new InvalidCrateError(`crate id must be ${CRATE_ID_BYTES} bytes`)
  if (crate.enc.byteLength !== 32) throw new InvalidCrateError('crate encapsulated key must be 32 bytes')
  if (crate.expiresAt > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidCrateError('crate expiry out of range')
  return crate
}

// importing the recipient's X25519 secret costs a WebCrypto round; once per key is enough
const recipientKeyPairs = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKeyPair>>()

async function recipientKeyPair (keys: CrateKeys): Promise<webcrypto.CryptoKeyPair> {
  let pair = recipientKeyPairs.get(keys.encryptionSecret)
  if (pair == null) {
    pair = (async () => ({
      privateKey: await suite.kem.importKey('raw', keys.encryptionSecret, false),
      publicKey: await suite.kem.deserializePublicKey(keys.encryptionKey)
    }))()
    recipientKeyPairs.set(keys.encryptionSecret, pair)
  }
  return pair
}

/**
 * Opens a crate with the recipient's keys and verifies the sender's signature and name
 * claim. Throws NotForMeError for another mailbox's crate and InvalidCrateError for
 * anything altered, forged or malformed.
 */
export async function openCrate (bytes: Uint8Array, keys: CrateKeys, now = Date.now()): Promise<OpenedCrate> {
  const crate = decodeCrate(bytes)
  const mine = equalBytes(crate.mailbox, mailboxKeyOf(keys.userKey)) || (keys.device != null && equalBytes(crate.mailbox, deviceMailboxKeyOf(keys.userKey, keys.device)))
  if (!mine) throw new NotForMeError('crate is addressed to another mailbox')
  const expiresAt = Number(crate.expiresAt)
  const aad = header(crate.mailbox, crate.id, expiresAt)
  let plaintext: Uint8Array
  try {
    const pt = await suite.open({ recipientKey: await recipientKeyPair(keys), enc: crate.enc, info: HPKE_INFO }, crate.ciphertext, aad)
    plaintext = new Uint8Array(pt)
  } catch (err) {
    throw new InvalidCrateError('crate does not open: altered, or not sealed to this key', { cause: err })
  }
  let sealed: Sealed
  try {
    sealed = Sealed.decode(plaintext)
  } catch (err) {
    throw new InvalidCrateError('sealed content is malformed', { cause: err })
  }
  const signed = concat(SIGNATURE_PREFIX, keys.encryptionKey, aad, sealed.payload)
  if (!verifyEd25519(sealed.signature, signed, sealed.senderKey)) throw new InvalidCrateError('sender signature does not verify')
  const username = claimedName(sealed.senderClaim, sealed.senderKey, now)
  return { id: crate.id, mailbox: crate.mailbox, expiresAt, sender: { userKey: sealed.senderKey, username }, payload: sealed.payload }
}

// a sender's claim is the same bytes in every crate; verifying it once per sender is enough
const verifiedClaims = new Map<string, { username: string, userKey: Uint8Array }>()

function claimedName (claimBytes: Uint8Array, senderKey: Uint8Array, now: number): string {
  const cacheKey = Buffer.from(claimBytes).toString('base64')
  const known = verifiedClaims.get(cacheKey)
  if (known != null) {
    if (!equalBytes(known.userKey, senderKey)) throw new InvalidCrateError('sender name claim belongs to another key')
    return known.username
  }
  let username: string
  try {
    const envelope = SignedRecord.decode(claimBytes)
    username = NameClaim.decode(envelope.payload).username
    const claim = verifyRecord('name-claim', nameKey(username), claimBytes, now)
    if (!equalBytes(claim.record.userKey, senderKey)) throw new InvalidCrateError('sender name claim belongs to another key')
  } catch (err) {
    if (err instanceof InvalidCrateError) throw err
    throw new InvalidCrateError('sender name claim does not verify', { cause: err })
  }
  if (verifiedClaims.size >= 1024) verifiedClaims.delete(verifiedClaims.keys().next().value!)
  verifiedClaims.set(cacheKey, { username, userKey: senderKey })
  return username
}
