/** Storage: one node:sqlite database per node, WAL, numbered migrations. */
export { ParleyDatabase } from './database.js'
export { migrationPlan } from './migrations.js'
export type { Migration } from './migrations.js'
export { lockDataFolder, DataFolderInUseError } from './data-lock.js'
export type { DataFolderLock } from './data-lock.js'
