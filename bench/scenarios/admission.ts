/**
 * What crate admission costs (docs/protocols/mailbox.md, "Admission"): minting a stamp at
 * the default difficulty (a sender pays it once per recipient), and a holder's throughput
 * against one peer depositing junk without admission (the attack of issue 19, defect 1:
 * 900 crates of 64 KB) and stamped crates from fresh depositors until its caps refuse them.
 */
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { admitted } from '../../test/support/crates.js'
import { junkCrate, randomMailbox, startJunkPeer } from '../../test/support/junk-peer.js'
import { startTestNode } from '../../test/support/nodes.js'
import { percentile, round } from '../stats.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'
import { depositorKey, mintStamp } from '../../src/crate/index.js'
import { DEFAULT_STAMP_BITS } from '../../src/mailbox/index.js'

const MINTS = 5
const JUNK = 900
const JUNK_BYTES = 64 * 1000
/** The holder's total for others: 32 MiB, half of it for stamped crates. */
const HOLDER_QUOTA = { crates: 100_000, bytes: 32 * 1024 * 1024 }

async function timed<T> (work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now()
  const result = await work()
  return [performance.now() - started, result]
}

const scenario: Scenario = {
  name: 'admission',
  description: 'crate admission: stamp minting at the default difficulty, a holder against junk from one peer',
  async run (progress: Progress): Promise<ScenarioResult> {
    // a mint's time is exponentially distributed (mean 2^bits hashes, p95 three times that):
    // the hash rate is the stable figure, the expected time follows from it
    const mintMs: number[] = []
    const rates: number[] = []
    for (let i = 0; i < MINTS; i++) {
      const [ms, stamp] = await timed(async () => mintStamp(randomMailbox(), depositorKey(new Uint8Array(randomBytes(32))).publicKey, DEFAULT_STAMP_BITS))
      const hashes = Number(new DataView(stamp.buffer, stamp.byteOffset, 8).getBigUint64(0)) + 1
      mintMs.push(ms)
      rates.push(hashes / ms * 1000)
      progress(`stamp ${i + 1}/${MINTS} at ${DEFAULT_STAMP_BITS} bits: ${hashes} hashes in ${ms.toFixed(0)} ms (${(hashes / ms / 1000).toFixed(2)} M/s; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`)
    }
    const rate = percentile(rates, 50)

    const holder = await startTestNode({ api: false, mailbox: { holderQuota: HOLDER_QUOTA, rateLimit: { burst: 100_000, perSecond: 100_000 }, upkeepIntervalMs: 0 } })
    const peer = await startJunkPeer([holder])
    try {
      const target = holder.parley.libp2p.peerId
      const deposit = async (crates: Uint8Array[]): Promise<number> => {
        let taken = 0
        for (let i = 0; i < crates.length; i += 25) taken += (await peer.parley.mailbox.client.deposit(target, crates.slice(i, i + 25))).filter((o) => o.ok).length
        return taken
      }
      const junk = Array.from({ length: JUNK }, () => junkCrate(randomMailbox(), JUNK_BYTES))
      const [junkMs, junkTaken] = await timed(async () => deposit(junk))
      const junkMiB = JUNK * JUNK_BYTES / 2 ** 20
      progress(`${JUNK} junk crates without admission: ${junkTaken} taken, refused at ${(junkMiB / junkMs * 1000).toFixed(1)} MiB/s`)
      const stamped = await admitted(Array.from({ length: JUNK }, () => junkCrate(randomMailbox(), JUNK_BYTES)))
      const [stampedMs, stampedTaken] = await timed(async () => deposit(stamped))
      const heldMiB = holder.parley.mailbox.replica.store.totals().all.bytes / 2 ** 20
      progress(`${JUNK} stamped crates (test difficulty): ${stampedTaken} taken in ${stampedMs.toFixed(0)} ms; the holder keeps ${heldMiB.toFixed(1)} MiB`)
      return {
        summary: [
          { metric: 'SHA-256 while minting a stamp (@noble/hashes, one core)', value: round(rate / 1e6, 2), unit: 'M/s', note: `median of ${MINTS} mints; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores` },
          { metric: `expected time to mint a ${DEFAULT_STAMP_BITS}-bit stamp (once per sender and recipient)`, value: round(2 ** DEFAULT_STAMP_BITS / rate, 1), unit: 's', note: '2^bits / hash rate; p95 is three times that' },
          { metric: `holder refusing ${JUNK} × 64 KB junk without admission from one peer`, value: round(junkMiB / junkMs * 1000, 1), unit: 'MiB/s', note: `${junkTaken} taken` },
          { metric: `stamped crates a holder took of ${JUNK} × 64 KB for random mailboxes`, value: stampedTaken, unit: 'crates', target: { atMost: Math.floor(HOLDER_QUOTA.bytes / 2 / JUNK_BYTES) }, note: `holder total ${HOLDER_QUOTA.bytes / 2 ** 20} MiB, stamped half ${HOLDER_QUOTA.bytes / 2 ** 21} MiB; ${heldMiB.toFixed(1)} MiB held` }
        ],
        series: { mintMs, rates },
        plots: []
      }
    } finally {
      await peer.stop()
      await holder.stop()
    }
  }
}

export default scenario
