import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runSimulation } from '../../src/group/sim/simulator.js'
import { replaySeed, runSeeds } from '../sim/seeds.js'

/**
 * Simulated runs of the group core with faults. PARLEY_SIM_SEED=n replays one seed and
 * prints its trace; PARLEY_SIM_SCENARIOS sets how many seeds run (default 10 000),
 * PARLEY_SIM_FIRST the first one (default 1).
 */
const REPLAY = process.env.PARLEY_SIM_SEED
const SCENARIOS = Number(process.env.PARLEY_SIM_SCENARIOS ?? 10_000)
const FIRST = Number(process.env.PARLEY_SIM_FIRST ?? 1)

/**
 * Seeds that found a bug; they stay as regression tests. 1: members answering two collects
 * in one term (two hosts in term 3); 23: committing one store short of a majority
 * (agreement broken at position 9); 24: a new host keeping its own log instead of the
 * most advanced one of the majority (agreement broken at position 6); 11882: a candidate
 * counting votes among its own members instead of those of the log it takes over
 * (agreement broken at position 13); 16780: a host adding a member before the previous
 * change committed (a member's commit index beyond the new host's log).
 * With stops (before pre-votes): 9878, a stale collect answered with a collect-reply of the
 * newer term, counted as a vote by a candidate of that term (two hosts in term 4); 9873,
 * the same mix-up leaving a commit index beyond the adopted log.
 */
const REGRESSION_SEEDS: number[] = [1, 23, 24, 9873, 9878, 11882, 16780]

if (REPLAY != null) {
  test(`replay seed ${REPLAY}`, async () => { await replaySeed(runSimulation, Number(REPLAY)) })
} else {
  test('regression seeds', async () => {
    await runSeeds(runSimulation, REGRESSION_SEEDS)
  })

  test(`${SCENARIOS} seeded scenarios with faults keep every invariant`, async () => {
    const started = performance.now()
    let crashes = 0
    let partitions = 0
    let committed = 0
    let faulty = 0
    let failovers = 0
    let joined = 0
    let admitted = 0
    let joinerTerms = 0
    let batchedAppends = 0
    let notices = 0
    let pauses = 0
    let elections = 0
    let unneeded = 0
    await runSeeds(runSimulation, Array.from({ length: SCENARIOS }, (_, i) => FIRST + i), (report) => {
      crashes += report.crashes
      partitions += report.partitions
      committed += report.committed
      failovers += Math.max(0, report.terms - 1)
      joined += report.joined
      admitted += report.admitted
      joinerTerms += report.joinerTerms
      batchedAppends += report.batchedAppends
      notices += report.notices
      pauses += report.pauses
      elections += report.elections
      unneeded += report.unneededElections
      if (report.crashes + report.partitions > 0) faulty++
    })
    const seconds = (performance.now() - started) / 1000
    console.log(`simulated ${SCENARIOS} scenarios in ${seconds.toFixed(1)} s: ${committed} messages committed, ${crashes} crashes, ${partitions} partitions, ${failovers} failovers, ${joined} members proposed, ${admitted} admitted, ${joinerTerms} terms hosted by one of them, ${batchedAppends} appends of several entries, ${notices} commit notices, ${pauses} stops, ${elections} elections, ${unneeded} unneeded`)
    // most scenarios must actually contain faults, or the run proves little
    assert.ok(faulty > SCENARIOS * 0.8, `only ${faulty} scenarios had crashes or partitions`)
    assert.ok(failovers > SCENARIOS / 2, `only ${failovers} failovers`)
    // batches (bursts of sends, pipelined appends) and unanswered commit notices are exercised
    assert.ok(batchedAppends > SCENARIOS, `only ${batchedAppends} appends of several entries`)
    assert.ok(notices > SCENARIOS, `only ${notices} commit notices`)
    // members and hosts are stopped and resumed; none of that may cost an election the host did not need to lose
    assert.ok(pauses > SCENARIOS, `only ${pauses} stops`)
    assert.equal(unneeded, 0)
    assert.ok(joined > SCENARIOS / 5, `only ${joined} members proposed, ${admitted} admitted, ${joinerTerms} terms hosted by one of them`)
  })
}
