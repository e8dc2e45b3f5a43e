import { base58btc } from 'multiformats/bases/base58'
import { InvalidRecordError } from './errors.js'
import { bytesKey } from '../kernel/index.js'

/** How many user ids `userIdFromKey` keeps (the oldest made goes first). */
const MAX_CACHED_IDS = 1_024
/** user ids by user key (latin1): base58 is quadratic in the key's length, 15 µs a key, and every post view names its author's id, at the sender and at each follower (path-profile post) */
const ids = new Map<string, string>()

/** The printable form of a user key: multibase base58btc of the 32-byte Ed25519 key ("z…"). */
export function userIdFromKey (userKey: Uint8Array): string {
  const key = bytesKey(userKey)
  let id = ids.get(key)
  if (id == null) {
    id = base58btc.encode(userKey)
    if (ids.size >= MAX_CACHED_IDS) ids.delete(ids.keys().next().value!)
    ids.set(key, id)
  }
  return id
}

export function userKeyFromId (userId: string): Uint8Array {
  let key: Uint8Array
  try {
    key = base58btc.decode(userId)
  } catch (err) {
    throw new InvalidRecordError('user id is not base58btc multibase', { cause: err })
  }
  if (key.byteLength !== 32) throw new InvalidRecordError('user id must encode a 32-byte key')
  return key
}
