/**
 * Sealed crates: a payload encrypted to one user's X25519 key with HPKE, the sender's
 * identity and signature inside, the outside naming only the recipient's mailbox key.
 * Direct messages, mailboxes and group key entries all carry them.
 */
export * from './errors.js'
export * from './constants.js'
export { sealCrate, openCrate, decodeCrate, mailboxKeyOf, deviceMailboxKeyOf } from './seal.js'
export type { CrateRecipient, CrateSender, CrateKeys, OpenedCrate, SealOptions } from './seal.js'
export { crateSender } from './sender.js'
export { admitCrate, depositorKey, deriveDepositorKey, grantRefusal, mintStamp, signGrant, stampBits, verifyAdmission } from './admission.js'
export type { AdmissionTicket, DepositorKey, VerifiedAdmission } from './admission.js'
export { Crate, Sealed, Admission, MailboxGrant } from './wire.js'
