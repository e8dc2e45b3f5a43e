/**
 * Hostile peers against running processes while the users write: junk crates without
 * admission for random mailboxes at every node (test/support/junk-peer.ts), a flood of
 * name claims past the per-peer cap (test/support/record-flood.ts), and streams that
 * announce frames they never finish, beyond the per-peer cap, and oversized length
 * prefixes on every protocol (test/support/hostile-peer.ts). Wrongly accepted: a junk
 * crate taken, a claim taken past the cap, a hanging stream held past the cap (or, at full
 * scale, past the idle timeout), an oversized frame not reset within 3 s.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { DM_PROTOCOL, DM_STREAM_LIMITS } from '../../src/dm/index.js'
import { FEED_PROTOCOL, FEED_STREAM_LIMITS } from '../../src/feed/index.js'
import { GROUP_PROTOCOL, GROUP_STREAM_LIMITS } from '../../src/group/index.js'
import { MAILBOX_PROTOCOL, MAILBOX_STREAM_LIMITS } from '../../src/mailbox/index.js'
import { DEFAULT_DHT_STORE_LIMITS } from '../../src/net/index.js'
import { HostilePeer } from '../support/hostile-peer.js'
import { junkCrate, randomMailbox, startJunkPeer } from '../support/junk-peer.js'
import { waitFor } from '../support/nodes.js'
import { nameClaimFlooder } from '../support/record-flood.js'
import { zeroCounts } from './report.js'
import { startChaosCluster } from './scenario.js'
import type { ChaosCounts } from './report.js'
import type { ChaosContext, ChaosScenario } from './scenario.js'
import type { ProcessMember } from '../support/processes.js'

const JUNK_BYTES = 16 * 1024
const JUNK_PER_CALL = 30

async function junkAndRecords (ctx: ChaosContext, members: ProcessMember[], counts: ChaosCounts, notes: string[]): Promise<void> {
  const mallory = await startJunkPeer(members.map((m) => m.node!.addr))
  try {
    let taken = 0
    for (const m of members) {
      const peer = peerIdFromString(m.node!.peerId)
      for (let sent = 0; sent < ctx.scale.junkCrates; sent += JUNK_PER_CALL) {
        const n = Math.min(JUNK_PER_CALL, ctx.scale.junkCrates - sent)
        counts.tried += n
        const outcome = await mallory.parley.mailbox.client.deposit(peer, Array.from({ length: n }, () => junkCrate(randomMailbox(), JUNK_BYTES))).catch(() => [])
        taken += outcome.filter((o) => o.ok).length
      }
    }
    counts.wronglyAccepted += taken
    notes.push(`junk crates taken ${taken}/${ctx.scale.junkCrates * members.length}`)
    const target = members[1]
    const claims = await nameClaimFlooder(mallory.parley.libp2p).flood(peerIdFromString(target.node!.peerId), ctx.scale.records, `chaos_${Date.now()}`)
    counts.tried += ctx.scale.records
    counts.wronglyAccepted += Math.max(0, claims - DEFAULT_DHT_STORE_LIMITS.recordsPerPeer)
    notes.push(`name claims taken ${claims}/${ctx.scale.records} (cap ${DEFAULT_DHT_STORE_LIMITS.recordsPerPeer})`)
  } finally {
    await mallory.stop()
  }
}

async function hostileStreams (ctx: ChaosContext, target: ProcessMember, counts: ChaosCounts, notes: string[]): Promise<void> {
  const hostile = await HostilePeer.start()
  try {
    await hostile.connect(target.node!.addr)
    const peer = peerIdFromString(target.node!.peerId)
    const hanging = [
      { limits: DM_STREAM_LIMITS, streams: await hostile.truncatedFrames(peer, DM_PROTOCOL, ctx.scale.streams, { declared: DM_STREAM_LIMITS.maxFrameBytes, sent: 60_000 }) },
      { limits: GROUP_STREAM_LIMITS, streams: await hostile.truncatedFrames(peer, GROUP_PROTOCOL, ctx.scale.streams, { declared: GROUP_STREAM_LIMITS.maxFrameBytes, sent: 256 * 1024 }) }
    ]
    counts.tried += 2 * ctx.scale.streams
    const held = (): number[] => hanging.map(({ streams }) => streams.opened.length - streams.endedByTarget())
    for (const [i, { limits }] of hanging.entries()) counts.wronglyAccepted += Math.max(0, held()[i] - limits.maxStreamsPerPeer)
    notes.push(`hanging streams held ${held().join(' + ')} of ${2 * ctx.scale.streams} (cap ${DM_STREAM_LIMITS.maxStreamsPerPeer} each)`)
    let oversizedKept = 0
    const limits = { [DM_PROTOCOL]: DM_STREAM_LIMITS, [GROUP_PROTOCOL]: GROUP_STREAM_LIMITS, [MAILBOX_PROTOCOL]: MAILBOX_STREAM_LIMITS, [FEED_PROTOCOL]: FEED_STREAM_LIMITS }
    for (const [protocol, { maxFrameBytes }] of Object.entries(limits)) {
      counts.tried++
      const stream = await hostile.oversizedPrefix(peer, protocol, maxFrameBytes + 1, 256 * 1024).catch(() => undefined)
      if (stream == null) continue
      if (!await waitFor(() => stream.status === 'reset', 3_000, 'a reset').then(() => true, () => false)) oversizedKept++
    }
    counts.wronglyAccepted += oversizedKept
    notes.push(`oversized frames kept ${oversizedKept}/${Object.keys(limits).length}`)
    if (ctx.scale.idleTimeout) {
      const idle = Math.max(DM_STREAM_LIMITS.idleTimeoutMs, GROUP_STREAM_LIMITS.idleTimeoutMs)
      ctx.log(`waiting out the idle timeout (${idle} ms)`)
      const ended = await waitFor(() => held().every((n) => n === 0), idle + 10_000, 'the hanging streams to be reset').then(() => true, () => false)
      if (!ended) counts.wronglyAccepted += held().reduce((a, b) => a + b, 0)
      notes.push(`after the idle timeout: ${held().join(' + ')} held`)
    }
  } finally {
    await hostile.stop()
  }
}

export const hostilePeers: ChaosScenario = {
  name: 'hostile peers (junk, floods, streams)',
  run: async (ctx) => {
    const cluster = await startChaosCluster(ctx)
    try {
      const counts = zeroCounts()
      const notes: string[] = []
      let round = await cluster.writeFor(0, 0)
      // the users write all along
      let attacking = true
      const writing = (async () => { while (attacking) round = await cluster.writeFor(0, round) })()
      try {
        await junkAndRecords(ctx, cluster.members, counts, notes)
        await hostileStreams(ctx, cluster.member('ben'), counts, notes)
      } finally {
        attacking = false
        await writing
      }
      const honest = await cluster.work.settle(ctx.scale.settleMs)
      for (const key of ['tried', 'lost', 'divergent', 'duplicated'] as const) counts[key] += honest[key]
      return { counts, notes: `${notes.join('; ')}; ${cluster.work.summary()}` }
    } finally {
      await cluster.remove()
    }
  }
}
