/** The group ordering core: a pure state machine plus host ranking, run by the service and the simulator. */
export { step } from './step.js'
export { restore, initialState, persistentPart, majority, membersOf } from './state.js'
export { rankPreferredHosts } from './preferred.js'
export type { LatencyMaps } from './preferred.js'
export type * from './types.js'
