/** The group ordering core: a pure state machine plus host ranking, run by the service and the simulator. */
export { step, restore, initialState, persistentPart, majority, membersOf } from './step.js'
export { rankPreferredHosts } from './preferred.js'
export type { LatencyMaps } from './preferred.js'
export type * from './types.js'
