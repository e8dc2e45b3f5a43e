/**
 * Mailboxes: crates for offline users held at the K closest peers to their mailbox key,
 * fetched only by the key's owner (signed challenge), deleted on its signed
 * acknowledgement, and kept at K copies by replica upkeep (a sans-IO core and its runner).
 */
export * from './errors.js'
export * from './constants.js'
export { MailboxService, mailboxService } from './service.js'
export type { MailboxInit, MailboxComponents, DepositReport } from './service.js'
export { MailboxClient } from './client.js'
export type { MailboxOwner, HolderSession } from './client.js'
export { MailboxFetch } from './fetch.js'
export type { Take } from './fetch.js'
export { ReplicaStore } from './replica-store.js'
export { step as upkeepStep, initialUpkeepState } from './upkeep-core.js'
export type { UpkeepState, UpkeepInput, UpkeepOutput, UpkeepConfig } from './upkeep-core.js'
export { MAILBOX_MIGRATIONS } from './schema.js'
