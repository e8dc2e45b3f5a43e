/**
 * A full disk: ben's data folder on a small tmpfs (test/support/tmpfs.ts) filled while
 * everyone writes, then freed. Writes ben cannot store are refused (507), not acknowledged;
 * nothing acknowledged may go missing, and ben's process must not exit.
 */
import { join } from 'node:path'
import { canMountTmpfs, mountTmpfs } from '../support/tmpfs.js'
import { tempDir } from '../support/nodes.js'
import { startChaosCluster } from './scenario.js'
import type { ChaosScenario } from './scenario.js'

const DISK_BYTES = 8 * 1024 * 1024

export const fullDisk: ChaosScenario = {
  name: 'full disk (8 MiB tmpfs)',
  unavailable: () => canMountTmpfs() ? undefined : 'needs root to mount a tmpfs',
  run: async (ctx) => {
    const disk = await mountTmpfs(DISK_BYTES)
    try {
      const cluster = await startChaosCluster(ctx, { data: async (i) => i === 1 ? join(disk.path, 'data') : tempDir('parley-chaos-') })
      try {
        let round = await cluster.writeFor(0, 0)
        for (let i = 0; i < ctx.scale.faults; i++) {
          ctx.log(`filling ben's disk: ${disk.fill()} bytes`)
          round = await cluster.writeFor(ctx.scale.faultMs, round)
          await disk.free()
          ctx.log('space is back')
          round = await cluster.writeFor(0, round)
        }
        const counts = await cluster.work.settle(ctx.scale.settleMs)
        return { counts, notes: cluster.work.summary() }
      } finally {
        await cluster.remove()
      }
    } finally {
      await disk.unmount()
    }
  }
}
