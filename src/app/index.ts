/** The Parley facade: one object per node, joining network, storage and the user's services. */
export { Parley } from './parley.js'
export type { ParleyInit, ParleyEvents, UserView, NetworkView } from './parley.js'
export { PARLEY_MIGRATIONS } from './migrations.js'
export { NodeMetrics } from './metrics.js'
