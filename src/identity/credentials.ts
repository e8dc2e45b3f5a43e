/** The checks and signatures of one account: credentials, unlocking, the name claim. */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from './constants.js'
import { openKeystore } from './keystore.js'
import { keystoreKey, signRecord, verifyRecord } from './records.js'
import type { StoredAccount } from './account-store.js'
import type { KdfOptions, UserKeys } from './keystore.js'
import { InvalidInputError } from '../kernel/index.js'

export function checkCredentials (username: string, password: string): void {
  if (!USERNAME_PATTERN.test(username)) throw new InvalidInputError('username must be 3-32 of a-z, 0-9, _')
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new InvalidInputError(`password must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`)
  }
}

/**
 * A registration saved here whose publication has not completed: the account is saved
 * before its claim goes out, and gets its profile when the user first goes online.
 */
export function isPending (account: StoredAccount): boolean {
  return account.profile == null
}

/** Opens an account's keystore with the password: WrongPasswordError when it does not. */
export async function unlock (account: StoredAccount, password: string, options: KdfOptions = {}): Promise<UserKeys> {
  const keystore = verifyRecord('keystore', keystoreKey(account.userKey), account.keystore, Number.MAX_SAFE_INTEGER)
  return openKeystore(keystore.record, password, options)
}

/** The user's name claim; Ed25519 is deterministic, so signing it again yields the same bytes. */
export function signClaim (username: string, keys: UserKeys, createdAt: number): Uint8Array {
  return signRecord('name-claim', { username, userKey: keys.userKey, createdAt: BigInt(createdAt) }, keys.signingSecret)
}
