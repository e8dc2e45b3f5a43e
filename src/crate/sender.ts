import type { CrateSender } from './seal.js'
import { signRecord, ed25519Signer } from '../identity/index.js'
import type { UserKeys } from '../identity/index.js'

/**
 * The crate sender of a logged-in user. The name claim is signed again from the account
 * (Ed25519 is deterministic: the same bytes as the claim in the DHT).
 */
export function crateSender (username: string, keys: UserKeys, claimCreatedAt: number): CrateSender {
  const claim = signRecord('name-claim', { username, userKey: keys.userKey, createdAt: BigInt(claimCreatedAt) }, keys.signingSecret)
  return { userKey: keys.userKey, claim, sign: ed25519Signer(keys.signingSecret, keys.userKey) }
}
