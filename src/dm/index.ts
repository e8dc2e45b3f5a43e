/**
 * Direct messages over sealed crates (../crate): the direct path to online devices,
 * conversations in SQLite, and delivered/read receipts. Offline delivery goes through ../mailbox.
 */
export * from './errors.js'
export * from './constants.js'
export { DmService, dmService } from './service.js'
export type { DmEvents, DmServiceInit, DmComponents } from './service.js'
export type { MessageStatus, MessageView, RecipientState } from './message-store.js'
export { DEFAULT_PAGE, MAX_PAGE } from './message-store.js'
export { DM_MIGRATIONS } from './migration.js'
