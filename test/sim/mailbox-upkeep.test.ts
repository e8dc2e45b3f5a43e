import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runUpkeepSimulation } from './mailbox-upkeep-sim.js'
import { replaySeed, runSeeds } from './seeds.js'

/**
 * Mailbox replica upkeep on real UpkeepRunners and replica stores, on virtual time and
 * simulated links. PARLEY_UPKEEP_SIM_SEED=n replays one seed and prints its trace;
 * PARLEY_UPKEEP_SIM_SCENARIOS sets how many seeds run (default 300).
 */
const REPLAY = process.env.PARLEY_UPKEEP_SIM_SEED
const SCENARIOS = Number(process.env.PARLEY_UPKEEP_SIM_SCENARIOS ?? 300)

if (REPLAY != null) {
  test(`replay upkeep seed ${REPLAY}`, async () => { await replaySeed(runUpkeepSimulation, Number(REPLAY)) })
} else {
  test(`upkeep keeps K copies at the K closest live holders through churn, crashes and lossy links, for ${SCENARIOS} seeds`, async () => {
    const started = performance.now()
    const totals = { holders: 0, left: 0, crashes: 0, partitions: 0, copies: 0, handOffs: 0 }
    await runSeeds(runUpkeepSimulation, Array.from({ length: SCENARIOS }, (_, i) => i + 1), (report) => {
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += report[key]
    })
    const seconds = (performance.now() - started) / 1000
    console.log(`simulated ${SCENARIOS} upkeep scenarios in ${seconds.toFixed(1)} s: ${totals.holders} holders, ${totals.left} left, ${totals.crashes} crashes, ${totals.partitions} partitions, ${totals.copies} crates copied, ${totals.handOffs} handed off`)
    assert.ok(totals.handOffs > 0, 'holders pushed out by joining peers hand off')
    assert.ok(totals.crashes > SCENARIOS, `only ${totals.crashes} crashes`)
  })
}
