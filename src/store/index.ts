/**
 * Storage: one node:sqlite database per node, WAL, numbered migrations, and the errors a
 * full or failing disk becomes (`storageFault`).
 */
export { ParleyDatabase } from './database.js'
export type { ParleyDatabaseInit } from './database.js'
export { StorageFullError, StorageIoError, storageFault } from './errors.js'
export { migrationPlan } from './migrations.js'
export type { Migration } from './migrations.js'
export { lockDataFolder, DataFolderInUseError } from './data-lock.js'
export type { DataFolderLock } from './data-lock.js'
