/**
 * What a chaos scenario is given and gives back, and the three-user process cluster most
 * of them run on (real `parley node` processes through test/support/processes.ts).
 */
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork, ProcessNetworkInit } from '../support/processes.js'
import { Workload, relogin } from './workload.js'
import type { ChaosCounts } from './report.js'
import type { ProcessWatch } from './watch.js'

/** How much of everything a run does: `npm run chaos` runs FULL, `npm test` SHORT. */
export interface ChaosScale {
  name: 'short' | 'full'
  /** how long each fault lasts while the others write, in ms */
  faultMs: number
  /** faults per scenario (kills, stops, clock jumps, partitions) */
  faults: number
  /** how long the users get to agree after the last fault, in ms */
  settleMs: number
  /** junk crates sent to each node without admission */
  junkCrates: number
  /** name claims one peer puts at one node (the per-peer cap is 1,000) */
  records: number
  /** hanging streams per protocol (dm, group) from one peer */
  streams: number
  /** wait out the streams' idle timeout (60 s) and count the streams still held */
  idleTimeout: boolean
  /** concurrent wrong-password logins */
  logins: number
  /** how long a write may take before it counts as not acknowledged, in ms */
  writeTimeoutMs: number
  /** added to every node process's environment */
  nodeEnv: Record<string, string>
}

/** The short run polls mailboxes every 2 s (PARLEY_DM_POLL_MS) instead of 30 s, so that a DM stored while its recipient was away arrives within the run. */
export const SHORT: ChaosScale = { name: 'short', faultMs: 1_500, faults: 1, settleMs: 45_000, junkCrates: 30, records: 1_050, streams: 12, idleTimeout: false, logins: 20, writeTimeoutMs: 5_000, nodeEnv: { PARLEY_DM_POLL_MS: '2000' } }
export const FULL: ChaosScale = { name: 'full', faultMs: 5_000, faults: 3, settleMs: 90_000, junkCrates: 300, records: 3_000, streams: 40, idleTimeout: true, logins: 100, writeTimeoutMs: 15_000, nodeEnv: {} }

export interface ChaosContext {
  scale: ChaosScale
  /** every node process the scenario starts goes in here (crashes, peak RSS) */
  watch: ProcessWatch
  log: (line: string) => void
}

export interface ChaosOutcome {
  counts: ChaosCounts
  notes: string
}

export interface ChaosScenario {
  name: string
  /** why it cannot run here (e.g. needs root), or undefined */
  unavailable?: () => string | undefined
  run: (ctx: ChaosContext) => Promise<ChaosOutcome>
}

export const CHAOS_USERS = ['ann', 'ben', 'cat']
export const chaosPassword = (user: string): string => `${user}-chaos-password`

export interface ChaosCluster {
  network: ProcessNetwork
  members: ProcessMember[]
  work: Workload
  /** the member whose user is `user` */
  member: (user: string) => ProcessMember
  /** SIGKILLs a member's process and waits for it to exit, as asked: no crash */
  kill: (m: ProcessMember) => Promise<void>
  /** sends a signal (SIGSTOP, SIGCONT) to a member's process */
  signal: (m: ProcessMember, signal: NodeJS.Signals) => void
  /** starts a member's process again on its folder and logs its user in */
  restart: (m: ProcessMember) => Promise<void>
  /** writes rounds from `writers` until `ms` have passed (at least one); resolves to the next round number */
  writeFor: (ms: number, round: number, writers?: ProcessMember[]) => Promise<number>
  remove: () => Promise<void>
}

/** ann, ben and cat on their own processes, following each other, with a group chat started. */
export async function startChaosCluster (ctx: ChaosContext, init: Partial<ProcessNetworkInit> = {}): Promise<ChaosCluster> {
  const network = await startProcessNetwork(CHAOS_USERS, { password: chaosPassword, prefix: 'parley-chaos-', ...init, env: (i) => ({ ...ctx.scale.nodeEnv, ...init.env?.(i) }) })
  const { members } = network
  for (const m of members) ctx.watch.add(m.node!, m.user)
  const work = new Workload(members, ctx.scale.writeTimeoutMs)
  const cluster: ChaosCluster = {
    network,
    members,
    work,
    member: (user) => members.find((m) => m.user === user)!,
    kill: async (m) => {
      ctx.watch.expectExit(m.node)
      if (m.node != null) await stopNodeProcess(m.node)
      m.node = null
    },
    signal: (m, signal) => { m.node?.child.kill(signal) },
    restart: async (m) => {
      await network.launch(m)
      ctx.watch.add(m.node!, m.user)
      await relogin(m, chaosPassword(m.user))
    },
    writeFor: async (ms, round, writers = members) => {
      const end = Date.now() + ms
      do await work.round(round++, writers)
      while (Date.now() < end)
      return round
    },
    remove: async () => {
      await ctx.watch.close()
      // a stopped process would not die of SIGKILL before it is continued
      for (const m of members) m.node?.child.kill('SIGCONT')
      await network.remove()
    }
  }
  try {
    await work.setup()
  } catch (err) {
    await cluster.remove()
    throw err
  }
  return cluster
}
