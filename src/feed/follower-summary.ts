import { concat } from 'uint8arrays/concat'
import { equals as equalBytes } from 'uint8arrays/equals'
import { fromString, toString } from 'uint8arrays'
import { MAX_ENTRY_SKEW_MS, MAX_SUMMARY_BYTES, MAX_SUMMARY_FOLLOWS } from './constants.js'
import { verifyEntry } from './entry.js'
import type { VerifiedEntry } from './entry.js'
import { InvalidFollowerSummaryError } from './errors.js'
import { EntryKind, FollowerSummary, SignedFollowerSummary } from './wire.js'
import { StaleRecordError, signEd25519, userIdFromKey, verifyEd25519 } from '../identity/index.js'

/**
 * The follower summary: a user's own node signs the follows it holds (each follower's
 * latest FOLLOW entry naming the user) and puts them in the DHT under
 * /parley-followers/<userId>. Any node counts the user's followers from it, while the
 * user is offline too; each follow in it is the follower's own signed entry, so neither
 * the user nor a peer can add a follower who never followed. See docs/protocols/feed.md.
 */

export const FOLLOWERS_NAMESPACE = 'parley-followers'
const SIGNING_PREFIX = fromString('parley-followers/v1\0')

export interface VerifiedFollowerSummary {
  userKey: Uint8Array
  signedAt: number
  /** the follows, each a verified FOLLOW entry naming `userKey` by a distinct follower */
  follows: VerifiedEntry[]
  /** followers the publisher holds in all (≥ follows.length) */
  total: number
  bytes: Uint8Array
}

/** The DHT key of `userKey`'s follower summary. */
export function followerSummaryKey (userKey: Uint8Array): Uint8Array {
  return fromString(`/${FOLLOWERS_NAMESPACE}/${userIdFromKey(userKey)}`)
}

export function isFollowerSummaryKey (key: Uint8Array): boolean {
  return toString(key).startsWith(`/${FOLLOWERS_NAMESPACE}/`)
}

/**
 * Signs a summary of `follows` (SignedEntry bytes, newest first): as many as fit in
 * MAX_SUMMARY_FOLLOWS and MAX_SUMMARY_BYTES; `total` says how many there were.
 */
export function signFollowerSummary (userKey: Uint8Array, signingSecret: Uint8Array, follows: Uint8Array[], signedAt: number): Uint8Array {
  const kept: Uint8Array[] = []
  let size = 200 // the envelope, the key, the signature and the counts
  for (const entry of follows) {
    if (kept.length >= MAX_SUMMARY_FOLLOWS || size + entry.byteLength + 4 > MAX_SUMMARY_BYTES) break
    kept.push(entry)
    size += entry.byteLength + 4
  }
  const payload = FollowerSummary.encode({ userKey, signedAt: BigInt(signedAt), follows: kept, total: follows.length })
  return SignedFollowerSummary.encode({ payload, signature: signEd25519(concat([SIGNING_PREFIX, payload]), signingSecret) })
}

/**
 * Turns bytes from the network into a verified summary stored under `key`, or throws
 * InvalidFollowerSummaryError: size, the user's signature, the key, the time, and each
 * follow (the follower's signature, FOLLOW naming the user, one per follower).
 */
export function verifyFollowerSummary (key: Uint8Array, bytes: Uint8Array, now = Date.now()): VerifiedFollowerSummary {
  if (bytes.byteLength > MAX_SUMMARY_BYTES) throw new InvalidFollowerSummaryError(`summary of ${bytes.byteLength} bytes exceeds ${MAX_SUMMARY_BYTES}`)
  let summary: FollowerSummary
  let envelope: SignedFollowerSummary
  try {
    envelope = SignedFollowerSummary.decode(bytes)
    summary = FollowerSummary.decode(envelope.payload, { limits: { follows: MAX_SUMMARY_FOLLOWS } })
  } catch (err) {
    throw new InvalidFollowerSummaryError('summary is not a SignedFollowerSummary', { cause: err })
  }
  const userKey = summary.userKey
  if (userKey.byteLength !== 32) throw new InvalidFollowerSummaryError('user key must be 32 bytes')
  if (!equalBytes(followerSummaryKey(userKey), key)) throw new InvalidFollowerSummaryError('summary does not belong under this key')
  if (!verifyEd25519(envelope.signature, concat([SIGNING_PREFIX, envelope.payload]), userKey)) throw new InvalidFollowerSummaryError('summary signature does not verify')
  const signedAt = Number(summary.signedAt)
  if (signedAt > now + MAX_ENTRY_SKEW_MS) throw new InvalidFollowerSummaryError('summary lies in the future')
  if (summary.total < summary.follows.length) throw new InvalidFollowerSummaryError('total is below the follows listed')
  const seen = new Set<string>()
  const follows = summary.follows.map((bytes) => {
    let entry: VerifiedEntry
    try {
      entry = verifyEntry(bytes, { now })
    } catch (err) {
      throw new InvalidFollowerSummaryError('a follow in the summary does not verify', { cause: err })
    }
    if (entry.entry.kind !== EntryKind.FOLLOW || entry.target == null || !equalBytes(entry.target.userKey, userKey)) {
      throw new InvalidFollowerSummaryError('a follow in the summary does not follow its user')
    }
    const author = toString(entry.entry.author, 'base16')
    if (seen.has(author) || equalBytes(entry.entry.author, userKey)) throw new InvalidFollowerSummaryError('a follower appears twice, or the user follows itself')
    seen.add(author)
    return entry
  })
  return { userKey, signedAt, follows, total: summary.total, bytes }
}

/** Index of the newest valid summary among `values` for `key`, or -1 when none is valid. */
export function selectFollowerSummary (key: Uint8Array, values: Uint8Array[]): number {
  let best = -1
  let bestAt = -1
  values.forEach((value, index) => {
    try {
      const summary = verifyFollowerSummary(key, value)
      if (summary.signedAt > bestAt) { best = index; bestAt = summary.signedAt }
    } catch {} // invalid values lose
  })
  return best
}

/** kad-dht validator and selector for the /parley-followers/ namespace. */
export const followerSummaryValidators = {
  [FOLLOWERS_NAMESPACE]: async (key: Uint8Array, value: Uint8Array): Promise<void> => { verifyFollowerSummary(key, value) }
}
export const followerSummarySelectors = {
  [FOLLOWERS_NAMESPACE]: (key: Uint8Array, values: Uint8Array[]): number => Math.max(0, selectFollowerSummary(key, values))
}

/** Store-time guard: refuses a summary signed before the one held. */
export function guardFollowerSummaryReplacement (key: Uint8Array, incoming: Uint8Array, held: Uint8Array): void {
  let heldAt: number
  try {
    heldAt = verifyFollowerSummary(key, held).signedAt
  } catch {
    return
  }
  if (verifyFollowerSummary(key, incoming).signedAt < heldAt) throw new StaleRecordError('follower summary is older than the one held')
}
