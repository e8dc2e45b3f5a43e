/** The Parley facade: one object per node, joining network, storage and the user's services. */
export { Parley } from './parley.js'
export type { ParleyInit, ParleyEvents, UserView, NetworkView } from './parley.js'
export { PARLEY_MIGRATIONS } from './migrations.js'
export { NodeMetrics } from './metrics.js'
export { Backups } from './backup.js'
export type { MadeBackup, BackupsInit } from './backup.js'
export { MAX_BACKUP_BYTES, BACKUP_SCRYPT, normalizePhrase } from './backup-file.js'
export * from './errors.js'
