/**
 * Direct messages: sealed crates (HPKE to the recipient's X25519 key, sender identity and
 * signature inside), the direct path to online devices, conversations in SQLite, and
 * delivered/read receipts. Offline delivery goes through ../mailbox.
 */
export * from './errors.js'
export * from './constants.js'
export { sealCrate, openCrate, decodeCrate, mailboxKeyOf } from './seal.js'
export type { CrateRecipient, CrateSender, CrateKeys, OpenedCrate, SealOptions } from './seal.js'
export { crateSender } from './sender.js'
export { DmService } from './service.js'
export type { DmEvents, DmServiceInit } from './service.js'
export type { MessageStatus, MessageView, RecipientState } from './message-store.js'
