import { ed25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concat } from 'uint8arrays/concat'
import { equals as equalBytes } from 'uint8arrays/equals'
import { fromString } from 'uint8arrays/from-string'
import { MAX_CRATE_BYTES } from './constants.js'
import { AdmissionError, InvalidCrateError } from './errors.js'
import { deviceMailboxKeyOf, mailboxKeyOf } from './seal.js'

import { Crate } from './wire.js'
import type { MailboxGrant } from './wire.js'
import { MAX_DEVICE_ID_LENGTH, ed25519Signer, verifyEd25519, verifyEd25519Uncached } from '../identity/index.js'

/**
 * Crate admission (docs/protocols/mailbox.md, "Admission"): what a mailbox holder checks
 * before it stores a crate for someone it cannot see. Every crate names a depositor key
 * (one per sender and recipient mailbox) and is signed by it, so holders can count what
 * each depositor stores and nobody can spend another depositor's admission. A depositor
 * is admitted by a proof-of-work stamp bound to (mailbox, depositor) — paid once per
 * contact, and again for every further share of a mailbox a spammer wants — or by the
 * mailbox owner's grant, which owners give to the people they write to.
 */

const ADMISSION_PREFIX = fromString('parley-crate-admission/v1\0')
const STAMP_PREFIX = fromString('parley-crate-stamp/v1\0')
const GRANT_PREFIX = fromString('parley-mailbox-grant/v1\0')
const DEPOSITOR_SALT = fromString('parley-depositor/v1')

/** A depositor key pair and a signer for it. */
export interface DepositorKey {
  publicKey: Uint8Array
  /** the 32-byte Ed25519 seed (sent inside a sealed grant to the grantee) */
  secret: Uint8Array
  sign: (message: Uint8Array) => Uint8Array
}

/** What a sender attaches to a crate: its depositor key and a stamp or a grant. */
export interface AdmissionTicket {
  depositor: DepositorKey
  stamp?: Uint8Array
  grant?: MailboxGrant
  /** with a grant for the owner's account mailbox: the device whose mailbox the crate is in */
  device?: string
}

/** A crate's admission as a holder verified it. */
export interface VerifiedAdmission {
  depositor: Uint8Array
  /** true when admitted by the owner's grant, false when by a stamp */
  granted: boolean
}

function u64 (value: number | bigint): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value))
  return bytes
}

/** The depositor key for a seed. */
export function depositorKey (secret: Uint8Array): DepositorKey {
  const publicKey = ed25519.getPublicKey(secret)
  return { publicKey, secret, sign: ed25519Signer(secret, publicKey) }
}

/**
 * A depositor key derived from one of the user's secrets and a context (a recipient's
 * mailbox key, or a grantee's user key): the same key on every device and after every
 * restart, and unlinkable to the user for anyone without the secret.
 */
export function deriveDepositorKey (userSecret: Uint8Array, context: Uint8Array): DepositorKey {
  return depositorKey(hkdf(sha256, userSecret, DEPOSITOR_SALT, context, 32))
}

/** Leading zero bits of a stamp's hash for (mailbox, depositor). */
export function stampBits (mailbox: Uint8Array, depositor: Uint8Array, stamp: Uint8Array): number {
  return leadingZeroBits(sha256(concat([STAMP_PREFIX, mailbox, depositor, stamp])))
}

/**
 * Finds a stamp with at least `bits` leading zero bits for (mailbox, depositor): about
 * 2^bits SHA-256 runs (2^22 ≈ 4 s at 1 M hashes/s). Yields to the event loop between
 * slices so a node stays responsive while it mints.
 */
export async function mintStamp (mailbox: Uint8Array, depositor: Uint8Array, bits: number, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
  if (!Number.isInteger(bits) || bits < 0 || bits > 40) throw new RangeError(`stamp difficulty ${bits} is not 0 to 40 bits`)
  const input = concat([STAMP_PREFIX, mailbox, depositor, new Uint8Array(8)])
  const view = new DataView(input.buffer, input.byteOffset + input.byteLength - 8, 8)
  // a number counter (hi and lo words): BigInt arithmetic per hash cost a quarter of the rate
  for (let counter = 0; ; counter++) {
    view.setUint32(0, Math.floor(counter / 2 ** 32))
    view.setUint32(4, counter >>> 0)
    if (leadingZeroBits(sha256(input)) >= bits) return input.slice(input.byteLength - 8)
    if (counter % 65_536 === 65_535) {
      options.signal?.throwIfAborted()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}

function leadingZeroBits (hash: Uint8Array): number {
  let bits = 0
  for (const byte of hash) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24
    bits += 8
  }
  return bits
}

/** The mailbox owner's grant of `depositor` for its mailbox until `expiresAt`. */
export function signGrant (owner: { userKey: Uint8Array, sign: (message: Uint8Array) => Uint8Array }, depositor: Uint8Array, expiresAt: number): MailboxGrant {
  const signed = concat([GRANT_PREFIX, mailboxKeyOf(owner.userKey), depositor, u64(expiresAt)])
  return { ownerKey: owner.userKey, expiresAt: BigInt(expiresAt), signature: owner.sign(signed) }
}

/** Why `grant` does not admit `depositor` to `mailbox` at `now`, or undefined when it does. */
export function grantRefusal (grant: MailboxGrant, mailbox: Uint8Array, depositor: Uint8Array, now: number, device?: string): string | undefined {
  if (grant.expiresAt <= BigInt(now)) return 'the mailbox owner\'s grant has expired'
  if (device != null && (device.length === 0 || device.length > MAX_DEVICE_ID_LENGTH)) return `device must be 1 to ${MAX_DEVICE_ID_LENGTH} characters`
  if (grant.ownerKey.byteLength !== 32) return 'grant is not by this mailbox\'s owner'
  // a grant is signed for the owner's account mailbox and covers each of its device mailboxes
  const account = mailboxKeyOf(grant.ownerKey)
  if (!equalBytes(device == null ? account : deviceMailboxKeyOf(grant.ownerKey, device), mailbox)) return 'grant is not by this mailbox\'s owner'
  const signed = concat([GRANT_PREFIX, account, depositor, u64(grant.expiresAt)])
  if (!verifyEd25519(grant.signature, signed, grant.ownerKey)) return 'grant signature does not verify'
  return undefined
}

function admissionBytes (crate: Crate): Uint8Array {
  return concat([ADMISSION_PREFIX, crate.mailbox, crate.id, u64(crate.expiresAt), sha256(concat([crate.enc, crate.ciphertext]))])
}

/** The crate with `ticket`'s admission attached (signed by the depositor); encoded. */
export function admitCrate (bytes: Uint8Array, ticket: AdmissionTicket): Uint8Array {
  const crate = Crate.decode(bytes)
  const admission = {
    depositor: ticket.depositor.publicKey,
    signature: ticket.depositor.sign(admissionBytes(crate)),
    stamp: ticket.stamp ?? new Uint8Array(),
    grant: ticket.grant,
    device: ticket.grant != null ? ticket.device : undefined
  }
  const admitted = Crate.encode({ ...crate, admission })
  if (admitted.byteLength > MAX_CRATE_BYTES) throw new InvalidCrateError(`crate of ${admitted.byteLength} bytes exceeds ${MAX_CRATE_BYTES}`)
  return admitted
}

/**
 * Checks a decoded crate's admission: the depositor's signature over this crate, then a
 * valid unexpired grant by the mailbox's owner, or a stamp of at least `bits`. Throws
 * AdmissionError saying what is missing.
 */
export function verifyAdmission (crate: Crate, bits: number, now: number): VerifiedAdmission {
  const admission = crate.admission
  if (admission == null) throw new AdmissionError('crate carries no admission (depositor key and stamp or grant)')
  const { depositor, signature, grant } = admission
  if (depositor.byteLength !== 32) throw new AdmissionError('depositor key must be 32 bytes')
  if (!verifyEd25519Uncached(signature, admissionBytes(crate), depositor)) throw new AdmissionError('depositor signature does not verify for this crate')
  if (grant != null) {
    const refusal = grantRefusal(grant, crate.mailbox, depositor, now, admission.device)
    if (refusal != null) throw new AdmissionError(refusal)
    return { depositor, granted: true }
  }
  if (admission.stamp.byteLength > 32) throw new AdmissionError('stamp longer than 32 bytes')
  const found = stampBits(crate.mailbox, depositor, admission.stamp)
  if (found < bits) throw new AdmissionError(`stamp has ${found} zero bits; this holder asks for ${bits}`)
  return { depositor, granted: false }
}
