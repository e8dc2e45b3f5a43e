/**
 * Group chats: one agreed order of messages kept by an elected host (chosen by latency
 * centrality), surviving host crashes by failover. `core/` is the sans-IO state machine,
 * `sim/` its deterministic simulator, `service.ts` runs it on the network and in SQLite.
 */
export { GroupService } from './service.js'
export type { GroupView, GroupMessageView, GroupEvent, GroupServiceInit, ResolvedMember } from './service.js'
export * from './errors.js'
export { GROUP_PROTOCOL } from './constants.js'
export { GROUP_MIGRATIONS } from './migration.js'
