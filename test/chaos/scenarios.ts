/** Every chaos scenario, in the order the suite runs them. */
import { fullDisk } from './full-disk.js'
import { hostilePeers } from './hostile-peers.js'
import { hostileWeb } from './hostile-web.js'
import { partition } from './partition.js'
import { clockJump, processKill, processStop } from './process-faults.js'
import type { ChaosScenario } from './scenario.js'

export const CHAOS_SCENARIOS: ChaosScenario[] = [processKill, processStop, partition, clockJump, fullDisk, hostilePeers, hostileWeb]
