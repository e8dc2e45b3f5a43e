/**
 * Identity: the device key (peer id), users' keys and password-encrypted keystores,
 * the signed DHT records that name and describe users, and register / login / logout.
 */
export * from './errors.js'
export * from './constants.js'
export { loadOrCreateDeviceKey } from './device-key.js'
export { createUserKeys, sealKeystore, openKeystore } from './keystore.js'
export type { UserKeys, ScryptParams } from './keystore.js'
export { isOnline, signRecord, verifyRecord, nameKey, profileKey, keystoreKey, recordValidators, recordSelectors, selectBestRecord, guardRecordReplacement, compareRecords } from './records.js'
export type { RecordType, VerifiedRecord } from './records.js'
export { userIdFromKey, userKeyFromId } from './user-id.js'
export { ed25519Signer, signEd25519, verifyEd25519, verifyEd25519Async, verifyEd25519Uncached } from './signature.js'
export { UserDirectory } from './directory.js'
export type { ResolvedUser } from './directory.js'
export { AccountStore } from './account-store.js'
export { AccountService, accountService, checkCredentials } from './account.js'
export type { Session, AccountServiceInit, AccountComponents } from './account.js'
export { SignedRecord, NameClaim } from './wire.js'
export { IDENTITY_MIGRATIONS } from './migration.js'
export { SESSION_PROTOCOL, SESSION_STREAM_LIMITS } from './session-protocol.js'
