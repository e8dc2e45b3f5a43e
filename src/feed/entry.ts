import { ed25519 } from '@noble/curves/ed25519.js'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { cidOf } from './hash.js'
import { fromString } from 'uint8arrays'
import { concat } from 'uint8arrays/concat'
import { equals as equalBytes } from 'uint8arrays/equals'
import { decodeHlc, encodeHlc } from '../clock/index.js'
import { MAX_ENTRY_BYTES, MAX_ENTRY_SKEW_MS, MAX_POST_BYTES } from './constants.js'
import { InvalidEntryError } from './errors.js'
import { EntryKind, FeedEntry, FollowTarget, SignedEntry } from './wire.js'
import type { HlcTimestamp } from '../clock/index.js'
import { MAX_DEVICE_ID_LENGTH, ed25519Signer, verifyEd25519, verifyEd25519Uncached } from '../identity/index.js'

const SIGNING_PREFIX = fromString('parley-feed-entry/v1\0')
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** An entry whose size, format, signature and timestamp were checked (not yet its chain). */
export interface VerifiedEntry {
  entry: FeedEntry
  /** CIDv1 (raw, sha256) of `bytes` */
  cid: CID
  /** the SignedEntry bytes as received, passed on unchanged */
  bytes: Uint8Array
  timestamp: HlcTimestamp
  /** POST: the text */
  text?: string
  /** FOLLOW / UNFOLLOW: whom */
  target?: FollowTarget
}

function signingBytes (payload: Uint8Array): Uint8Array {
  return concat([SIGNING_PREFIX, payload])
}

/** The CID of an entry: CIDv1, raw codec, sha256 of its SignedEntry bytes. */
export function entryCid (bytes: Uint8Array): CID {
  return cidOf(bytes, raw.code)
}

export interface NewEntry {
  author: Uint8Array
  /** the writing device's peer id: its chain (default '': the account's first chain, which nodes before devices wrote) */
  device?: string
  seq: bigint
  prev: CID | undefined
  timestamp: HlcTimestamp
  kind: EntryKind
  body: Uint8Array
}

/**
 * An OpenSSL signer of `author`'s entries whose key pair was checked once, by verifying a
 * probe signature: `signEntry` then skips verifying each signature it makes with it (the
 * same key makes the same kind of signature; that check was a third of the time a post took to sign and append).
 */
export interface EntrySigner {
  author: Uint8Array
  sign: (message: Uint8Array) => Uint8Array
}

/** Makes an `EntrySigner`; throws InvalidEntryError when `signingSecret` is not `author`'s key. */
export function entrySigner (signingSecret: Uint8Array, author: Uint8Array): EntrySigner {
  const sign = ed25519Signer(signingSecret, author)
  const probe = signingBytes(fromString('signer check'))
  if (!verifyEd25519Uncached(sign(probe), probe, author)) throw new InvalidEntryError('forged', "the signing key is not the author's")
  return { author, sign }
}

/**
 * Encodes and signs an entry with the author's Ed25519 secret key, or a signer for it (an
 * OpenSSL `ed25519Signer`, for an author posting: @noble's sign took ~1 ms of every post,
 * the same signature bytes); verifies what it made, all but the signature when the signer
 * is an `EntrySigner` of the entry's author (checked when it was made).
 */
export function signEntry (entry: NewEntry, signingSecret: Uint8Array | ((message: Uint8Array) => Uint8Array) | EntrySigner, now = Date.now()): VerifiedEntry {
  const fields: FeedEntry = {
    author: entry.author,
    seq: entry.seq,
    prev: entry.prev?.bytes ?? new Uint8Array(0),
    timestamp: encodeHlc(entry.timestamp),
    kind: entry.kind,
    body: entry.body,
    device: entry.device ?? ''
  }
  const payload = FeedEntry.encode(fields)
  const message = signingBytes(payload)
  const checked = !(signingSecret instanceof Uint8Array) && typeof signingSecret !== 'function' && equalBytes(signingSecret.author, entry.author)
  const signature = signingSecret instanceof Uint8Array
    ? ed25519.sign(message, signingSecret)
    : typeof signingSecret === 'function' ? signingSecret(message) : signingSecret.sign(message)
  const bytes = SignedEntry.encode({ payload, signature })
  const options = { now: Math.max(now, entry.timestamp.wall) }
  if (!checked) return verifyEntry(bytes, options)
  // the fields just encoded are what decoding the bytes would give: checked as they are
  // (decoding both layers again was 23 µs of a post at its sender, path-profile post)
  checkSize(bytes)
  if (fields.author.byteLength !== 32) throw new InvalidEntryError('malformed', 'author key must be 32 bytes')
  return checkEntry(bytes, fields, options)
}

export function postBody (text: string): Uint8Array {
  const body = new TextEncoder().encode(text)
  if (text.trim() === '' || body.byteLength > MAX_POST_BYTES) throw new InvalidEntryError('malformed', `a post is 1-${MAX_POST_BYTES} bytes of text`)
  return body
}

export function followBody (target: FollowTarget): Uint8Array {
  return FollowTarget.encode(target)
}

export interface VerifyEntryOptions {
  /** the receiver's clock in ms (default Date.now()) */
  now?: number
  /** when given, the entry must be by this author */
  author?: Uint8Array
  /**
   * The bytes were reached by hash links from a head pointer that verified under the
   * author's key (a remote-log sync, docs/protocols/remote-log.md): that signature covers
   * them, so the entry's own signature is not checked again. Requires `author`.
   */
  authenticated?: boolean
  /** the entry's CID, when the caller already checked the bytes against it */
  cid?: CID
}

/**
 * Turns bytes from the network into a verified entry, or throws InvalidEntryError
 * with the failed check as `reason`. Chain links are checked by `checkLink`.
 */
export function verifyEntry (bytes: Uint8Array, options: VerifyEntryOptions = {}): VerifiedEntry {
  const { envelope, entry } = decodeEntry(bytes, options)
  const authenticated = options.authenticated === true && options.author != null
  if (!authenticated && !verifyEd25519(envelope.signature, signingBytes(envelope.payload), entry.author)) throw new InvalidEntryError('forged', 'entry signature does not verify')
  return checkEntry(bytes, entry, options)
}

function checkSize (bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_ENTRY_BYTES) throw new InvalidEntryError('oversized', `entry of ${bytes.byteLength} bytes exceeds ${MAX_ENTRY_BYTES}`)
}

function decodeEntry (bytes: Uint8Array, options: VerifyEntryOptions): { envelope: SignedEntry, entry: FeedEntry } {
  checkSize(bytes)
  let envelope: SignedEntry
  let entry: FeedEntry
  try {
    envelope = SignedEntry.decode(bytes)
    entry = FeedEntry.decode(envelope.payload)
  } catch (err) {
    throw new InvalidEntryError('malformed', 'entry is not a SignedEntry with a FeedEntry payload', { cause: err })
  }
  if (entry.author.byteLength !== 32) throw new InvalidEntryError('malformed', 'author key must be 32 bytes')
  if (options.author != null && !equalBytes(options.author, entry.author)) throw new InvalidEntryError('wrong-author', 'entry is by another author')
  return { envelope, entry }
}

/** The checks of `verifyEntry` after the signature. */
function checkEntry (bytes: Uint8Array, entry: FeedEntry, options: VerifyEntryOptions): VerifiedEntry {
  if (entry.seq < 1n) throw new InvalidEntryError('malformed', 'sequence numbers start at 1')
  if (entry.device.length > MAX_DEVICE_ID_LENGTH) throw new InvalidEntryError('malformed', `a device id is at most ${MAX_DEVICE_ID_LENGTH} characters`)
  let prevCid: CID | undefined
  if (entry.prev.byteLength > 0) {
    try {
      prevCid = CID.decode(entry.prev)
    } catch (err) {
      throw new InvalidEntryError('malformed', 'prev is not a CID', { cause: err })
    }
  }
  if ((entry.seq === 1n) !== (prevCid == null)) throw new InvalidEntryError('out-of-chain', 'only the first entry has no prev link')
  const timestamp = decodeHlc(entry.timestamp)
  if (timestamp.wall > (options.now ?? Date.now()) + MAX_ENTRY_SKEW_MS) throw new InvalidEntryError('future', 'entry timestamp lies too far in the future')
  const verified: VerifiedEntry = { entry, cid: options.cid ?? entryCid(bytes), bytes, timestamp }
  if (entry.kind === EntryKind.POST) {
    try {
      verified.text = UTF8.decode(entry.body)
    } catch (err) {
      throw new InvalidEntryError('malformed', 'post body is not UTF-8', { cause: err })
    }
    if (entry.body.byteLength > MAX_POST_BYTES) throw new InvalidEntryError('oversized', `post exceeds ${MAX_POST_BYTES} bytes`)
  } else if (entry.kind === EntryKind.FOLLOW || entry.kind === EntryKind.UNFOLLOW) {
    try {
      verified.target = FollowTarget.decode(entry.body)
    } catch (err) {
      throw new InvalidEntryError('malformed', 'follow body is not a FollowTarget', { cause: err })
    }
    if (verified.target.userKey.byteLength !== 32 || verified.target.username.length > 32) throw new InvalidEntryError('malformed', 'follow target is malformed')
  } else {
    throw new InvalidEntryError('malformed', 'unknown entry kind')
  }
  return verified
}

/** Where a link points: the seq and CID of the entry before `next`. */
export interface ChainPosition {
  seq: bigint
  cid: CID
}

/**
 * Checks that `next` directly follows `previous` in one chain (author, device): the next sequence
 * number (else 'sequence-gap') and a prev link to exactly that entry (else 'out-of-chain').
 */
export function checkLink (previous: ChainPosition | undefined, next: VerifiedEntry): void {
  const expected = (previous?.seq ?? 0n) + 1n
  if (next.entry.seq !== expected) throw new InvalidEntryError('sequence-gap', `expected seq ${expected}, got ${next.entry.seq}`)
  if (previous != null && !equalBytes(next.entry.prev, previous.cid.bytes)) {
    throw new InvalidEntryError('out-of-chain', `entry ${next.entry.seq} does not link to the entry before it`)
  }
}
