/** Storage: one node:sqlite database per node, WAL, numbered migrations. */
export { ParleyDatabase } from './database.js'
export { MIGRATIONS } from './migrations.js'
