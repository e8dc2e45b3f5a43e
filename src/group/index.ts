/**
 * Group chats: one agreed order of messages kept by an elected host (chosen by latency
 * centrality), surviving host crashes by failover. `core/` is the sans-IO state machine,
 * `sim/` its deterministic simulator, `shell.ts` runs it with storage, signatures and timers
 * behind injected I/O, and `service.ts` puts that shell on libp2p for the logged-in user.
 */
export { GroupService, groupService } from './service.js'
export type { GroupEvent, GroupServiceInit, GroupComponents } from './service.js'
export type { ResolvedMember } from './members.js'
export type { GroupView, GroupMessageView } from './views.js'
export { GroupShell } from './shell.js'
export type { GroupShellInit, GroupShellEvents, GroupControlMessage } from './shell.js'
export * from './errors.js'
export { GROUP_PROTOCOL, GROUP_STREAM_LIMITS } from './constants.js'
export { GROUP_MIGRATIONS } from './migration.js'
