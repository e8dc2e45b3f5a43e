import { base58btc } from 'multiformats/bases/base58'
import { InvalidRecordError } from './errors.js'

/** The printable form of a user key: multibase base58btc of the 32-byte Ed25519 key ("z…"). */
export function userIdFromKey (userKey: Uint8Array): string {
  return base58btc.encode(userKey)
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
