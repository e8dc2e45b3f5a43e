/**
 * Faults of the machine a node runs on: its process killed (SIGKILL) and started again,
 * stopped (SIGSTOP) and continued, and its wall clock jumped (libfaketime, reading the
 * offset from a file the scenario rewrites). Each hits the group's host, the member whose
 * loss matters most, while the others go on writing.
 */
import { existsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tempDir } from '../support/nodes.js'
import { startChaosCluster } from './scenario.js'
import type { ChaosCluster, ChaosContext, ChaosOutcome, ChaosScenario } from './scenario.js'
import type { ProcessMember } from '../support/processes.js'

export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'

async function hostOf (cluster: ChaosCluster): Promise<ProcessMember> {
  const host = await cluster.work.host()
  return host == null ? cluster.members[0] : cluster.member(host.user)
}

/** Runs `fault` on a fresh cluster `ctx.scale.faults` times, then lets the users settle and counts. */
async function withCluster (ctx: ChaosContext, fault: (cluster: ChaosCluster, round: number) => Promise<number>, init = {}): Promise<ChaosOutcome> {
  const cluster = await startChaosCluster(ctx, init)
  try {
    let round = await cluster.writeFor(0, 0)
    for (let i = 0; i < ctx.scale.faults; i++) round = await fault(cluster, round)
    const counts = await cluster.work.settle(ctx.scale.settleMs)
    return { counts, notes: cluster.work.summary() }
  } finally {
    await cluster.remove()
  }
}

export const processKill: ChaosScenario = {
  name: 'process kill (SIGKILL the host)',
  run: async (ctx) => withCluster(ctx, async (cluster, round) => {
    const host = await hostOf(cluster)
    ctx.log(`SIGKILL ${host.user}`)
    await cluster.kill(host)
    round = await cluster.writeFor(ctx.scale.faultMs, round, cluster.members.filter((m) => m !== host))
    await cluster.restart(host)
    return cluster.writeFor(0, round)
  })
}

export const processStop: ChaosScenario = {
  name: 'SIGSTOP / SIGCONT the host',
  run: async (ctx) => withCluster(ctx, async (cluster, round) => {
    const host = await hostOf(cluster)
    ctx.log(`SIGSTOP ${host.user}`)
    cluster.signal(host, 'SIGSTOP')
    round = await cluster.writeFor(ctx.scale.faultMs, round, cluster.members.filter((m) => m !== host))
    cluster.signal(host, 'SIGCONT')
    return cluster.writeFor(0, round)
  })
}

/** libfaketime re-reads the file at most once a second (FAKETIME_CACHE_DURATION). */
const CLOCK_JUMPS = ['+10m', '-10m', '+0']

export const clockJump: ChaosScenario = {
  name: 'clock jumps (±10 min on one node)',
  unavailable: () => existsSync(LIBFAKETIME) ? undefined : `needs libfaketime at ${LIBFAKETIME}`,
  run: async (ctx) => {
    const dir = await tempDir('parley-chaos-clock-')
    const offsetFile = join(dir, 'offset')
    await writeFile(offsetFile, '+0\n')
    const env = { LD_PRELOAD: LIBFAKETIME, FAKETIME_TIMESTAMP_FILE: offsetFile, FAKETIME_CACHE_DURATION: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' }
    try {
      return await withCluster(ctx, async (cluster, round) => {
        // cat's clock jumps ahead, behind, and back while everyone writes
        for (const offset of CLOCK_JUMPS) {
          ctx.log(`cat's clock: ${offset}`)
          await writeFile(offsetFile, `${offset}\n`)
          round = await cluster.writeFor(ctx.scale.faultMs, round)
        }
        return round
      }, { env: (i: number) => i === 2 ? env : {} })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
