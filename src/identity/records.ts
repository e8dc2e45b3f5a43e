import { equals as equalBytes } from 'uint8arrays/equals'
import { concat } from 'uint8arrays/concat'
import { fromString, toString } from 'uint8arrays'
import {
  KEYSTORE_NAMESPACE, MAX_ADDR_LENGTH, MAX_ADDRS_PER_DEVICE, MAX_CLOCK_SKEW_MS, MAX_DEVICES,
  MAX_DEVICE_ID_LENGTH, MAX_DEVICE_NAME_LENGTH, MAX_RECORD_BYTES, MAX_REMOVED_DEVICES, NAME_NAMESPACE, PRESENCE_STALE_MS, PROFILE_NAMESPACE, USERNAME_PATTERN
} from './constants.js'
import { InvalidRecordError, StaleRecordError } from './errors.js'
import { checkKeystoreShape } from './keystore.js'
import { signEd25519, verifyEd25519 } from './signature.js'
import { userIdFromKey } from './user-id.js'
import { Keystore, NameClaim, Profile, SignedRecord } from './wire.js'

export type RecordType = keyof typeof MAX_RECORD_BYTES

interface RecordKinds {
  'name-claim': NameClaim
  profile: Profile
  keystore: Keystore
}

const CODECS = { 'name-claim': NameClaim, profile: Profile, keystore: Keystore } as const
const NAMESPACE_TYPES: Record<string, RecordType> = {
  [NAME_NAMESPACE]: 'name-claim',
  [PROFILE_NAMESPACE]: 'profile',
  [KEYSTORE_NAMESPACE]: 'keystore'
}

export function nameKey (username: string): Uint8Array {
  return fromString(`/${NAME_NAMESPACE}/${username}`)
}

export function profileKey (userKey: Uint8Array): Uint8Array {
  return fromString(`/${PROFILE_NAMESPACE}/${userIdFromKey(userKey)}`)
}

export function keystoreKey (userKey: Uint8Array): Uint8Array {
  return fromString(`/${KEYSTORE_NAMESPACE}/${userIdFromKey(userKey)}`)
}

function signingBytes (type: string, payload: Uint8Array): Uint8Array {
  return concat([fromString(`parley-record/v1/${type}\0`), payload])
}

/** Encodes and signs a record with the user's Ed25519 secret key. */
export function signRecord<T extends RecordType> (type: T, record: RecordKinds[T], signingSecret: Uint8Array): Uint8Array {
  const payload = (CODECS[type] as any).encode(record) as Uint8Array
  const signature = signEd25519(signingBytes(type, payload), signingSecret)
  return SignedRecord.encode({ type, payload, signature })
}

/** A record whose signature, size, format and freshness were checked. */
export interface VerifiedRecord<T extends RecordType> {
  type: T
  record: RecordKinds[T]
  /** the key that signed it (the record's own user key) */
  signer: Uint8Array
  /** the signed bytes as received, to pass on unchanged */
  bytes: Uint8Array
}

function decodeEnvelope (bytes: Uint8Array): SignedRecord {
  if (bytes.byteLength > Math.max(...Object.values(MAX_RECORD_BYTES))) {
    throw new InvalidRecordError(`record of ${bytes.byteLength} bytes is too large`)
  }
  try {
    return SignedRecord.decode(bytes)
  } catch (err) {
    throw new InvalidRecordError('record is not a SignedRecord', { cause: err })
  }
}

/**
 * Turns bytes from the network into a verified record of the expected type stored
 * under `key`, or throws InvalidRecordError saying what is wrong.
 */
export function verifyRecord<T extends RecordType> (expected: T, key: Uint8Array, bytes: Uint8Array, now = Date.now()): VerifiedRecord<T> {
  const envelope = decodeEnvelope(bytes)
  if (envelope.type !== expected) throw new InvalidRecordError(`expected a ${expected} record, got "${envelope.type}"`)
  if (bytes.byteLength > MAX_RECORD_BYTES[expected]) throw new InvalidRecordError(`${expected} record of ${bytes.byteLength} bytes exceeds ${MAX_RECORD_BYTES[expected]}`)
  let record: RecordKinds[T]
  try {
    record = (CODECS[expected] as any).decode(envelope.payload, { limits: { devices: MAX_DEVICES, removed: MAX_REMOVED_DEVICES } })
  } catch (err) {
    throw new InvalidRecordError(`malformed ${expected} payload`, { cause: err })
  }
  const signer = record.userKey
  if (signer.byteLength !== 32) throw new InvalidRecordError('user key must be 32 bytes')
  if (!verifyEd25519(envelope.signature, signingBytes(expected, envelope.payload), signer)) throw new InvalidRecordError(`${expected} signature does not verify`)
  checkShape(expected, record, now)
  const wantedKey = expected === 'name-claim' ? nameKey((record as NameClaim).username)
    : expected === 'profile' ? profileKey(signer) : keystoreKey(signer)
  if (!equalBytes(wantedKey, key)) throw new InvalidRecordError(`${expected} record does not belong under key ${toString(key)}`)
  return { type: expected, record, signer, bytes }
}

function checkUsername (username: string): void {
  if (!USERNAME_PATTERN.test(username)) throw new InvalidRecordError('username must be 3-32 of a-z, 0-9, _')
}

function checkNotFuture (label: string, at: bigint, now: number): void {
  if (at > BigInt(now + MAX_CLOCK_SKEW_MS)) throw new InvalidRecordError(`${label} lies in the future`)
}

function checkShape (type: RecordType, record: any, now: number): void {
  if (type === 'name-claim') {
    const claim = record as NameClaim
    checkUsername(claim.username)
    checkNotFuture('claim time', claim.createdAt, now)
  } else if (type === 'profile') {
    const profile = record as Profile
    checkUsername(profile.username)
    if (profile.encryptionKey.byteLength !== 32) throw new InvalidRecordError('encryption key must be 32 bytes')
    checkNotFuture('last seen', profile.lastSeen, now)
    if (profile.devices.length === 0) throw new InvalidRecordError('profile lists no device')
    for (const device of profile.devices) {
      if (device.peerId.length === 0 || device.peerId.length > MAX_DEVICE_ID_LENGTH) throw new InvalidRecordError('device peer id is malformed')
      if (device.addrs.length > MAX_ADDRS_PER_DEVICE || device.addrs.some((a) => a.length > MAX_ADDR_LENGTH || !a.startsWith('/'))) {
        throw new InvalidRecordError('device addresses are malformed')
      }
      if (device.name.length > MAX_DEVICE_NAME_LENGTH) throw new InvalidRecordError('device name is too long')
      checkNotFuture('device last seen', device.lastSeen, now)
    }
    const removed = new Set(profile.removed.map((r) => r.peerId))
    if (profile.removed.some((r) => r.peerId.length === 0 || r.peerId.length > MAX_DEVICE_ID_LENGTH)) throw new InvalidRecordError('removed device peer id is malformed')
    if (profile.devices.some((d) => removed.has(d.peerId))) throw new InvalidRecordError('a removed device is listed')
    if (profile.activeDevice !== '' && !profile.devices.some((d) => d.peerId === profile.activeDevice)) {
      throw new InvalidRecordError('active device is not among the devices')
    }
  } else {
    checkKeystoreShape(record as Keystore)
  }
}

/**
 * Whether a profile shows its user online at `now`: it says so, and its device refreshed
 * it within PRESENCE_STALE_MS (a crashed device leaves `online` set for good).
 */
export function isOnline (profile: Profile, now = Date.now()): boolean {
  return profile.online && now - Number(profile.lastSeen) <= PRESENCE_STALE_MS
}

/** The record type stored under a DHT key, from its namespace. */
export function recordTypeOfKey (key: Uint8Array): RecordType {
  const namespace = toString(key).split('/')[1] ?? ''
  const type = NAMESPACE_TYPES[namespace]
  if (type == null) throw new InvalidRecordError(`unknown record namespace "${namespace}"`)
  return type
}

/**
 * Orders two verified records of one key: positive when `a` should win over `b`.
 * Name claims: the earliest claim wins, ties by the lower user key (between claims of one
 * key, and between equally common claims at lookup: see `selectBestRecord`). Profiles and
 * keystores: the highest sequence number wins; equal ones compare as 0, and the store-time
 * guard then lets the incoming record replace the held one (an owner's re-publication).
 */
export function compareRecords (a: VerifiedRecord<RecordType>, b: VerifiedRecord<RecordType>): number {
  if (a.type === 'name-claim') {
    const ca = a.record as NameClaim
    const cb = b.record as NameClaim
    if (ca.createdAt !== cb.createdAt) return ca.createdAt < cb.createdAt ? 1 : -1
    return compareBytes(cb.userKey, ca.userKey)
  }
  const sa = (a.record as Profile | Keystore).seq
  const sb = (b.record as Profile | Keystore).seq
  if (sa !== sb) return sa > sb ? 1 : -1
  return 0
}

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.byteLength - b.byteLength
}

/** kad-dht validators: reject anything unsigned, forged, malformed, oversized or misplaced. */
export const recordValidators = Object.fromEntries(Object.entries(NAMESPACE_TYPES).map(([namespace, type]) => [
  namespace,
  async (key: Uint8Array, value: Uint8Array): Promise<void> => { verifyRecord(type, key, value) }
]))

/**
 * Index of the best valid record among `values` for `key`, or -1 when none is valid.
 * `values` are answers of different peers (and our own copy). Profiles and keystores: the
 * highest `seq`. Name claims: the claim the most answers carry, because a claim's time is
 * self-declared and holders keep the first claim they got (`guardRecordReplacement`): a
 * back-dated claim only wins where its signer controls most of the answering peers. Among
 * equally common claims, `compareRecords` (earliest, then lower key). Ties keep the first.
 */
export function selectBestRecord (key: Uint8Array, values: Uint8Array[]): number {
  let type: RecordType
  try { type = recordTypeOfKey(key) } catch { return -1 }
  const valid: Array<{ index: number, record: VerifiedRecord<RecordType> }> = []
  values.forEach((value, index) => {
    try { valid.push({ index, record: verifyRecord(type, key, value) }) } catch {}
  })
  const votes = new Map<string, number>()
  const voter = (r: VerifiedRecord<RecordType>): string => type === 'name-claim' ? toString(r.signer, 'base16') : ''
  for (const { record } of valid) votes.set(voter(record), (votes.get(voter(record)) ?? 0) + 1)
  let best: (typeof valid)[number] | undefined
  for (const candidate of valid) {
    if (best == null) { best = candidate; continue }
    const byVotes = votes.get(voter(candidate.record))! - votes.get(voter(best.record))!
    if (byVotes > 0 || (byVotes === 0 && compareRecords(candidate.record, best.record) > 0)) best = candidate
  }
  return best?.index ?? -1
}

/** kad-dht selectors: index of the best of several records for one key. */
export const recordSelectors = Object.fromEntries(Object.keys(NAMESPACE_TYPES).map((namespace) => [
  namespace,
  (key: Uint8Array, values: Uint8Array[]): number => Math.max(selectBestRecord(key, values), 0)
]))

/**
 * Store-time selection: refuses a record that loses to the one held (replays, old sequence
 * numbers), and a name claim naming another key than the held one, whatever its time: a
 * holder keeps the first valid claim it got for a name (a claim's time is self-declared,
 * so an earlier one proves nothing).
 */
export function guardRecordReplacement (key: Uint8Array, incoming: Uint8Array, held: Uint8Array): void {
  const type = recordTypeOfKey(key)
  const next = verifyRecord(type, key, incoming)
  let current: VerifiedRecord<RecordType>
  try {
    current = verifyRecord(type, key, held, Number.MAX_SAFE_INTEGER)
  } catch {
    return // what we held is no longer valid; anything valid replaces it
  }
  if (type === 'name-claim' && !equalBytes(next.signer, current.signer)) {
    throw new StaleRecordError(`name "${(current.record as NameClaim).username}" is already claimed by another key`)
  }
  if (compareRecords(next, current) < 0) {
    throw new StaleRecordError(`${type} record for ${toString(key)} is older than the one held`)
  }
}
