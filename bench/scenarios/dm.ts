/**
 * Direct messages on 50 in-process nodes (memory transport): online latency on a warm
 * connection and to never-contacted users, a 1,000-message burst with acknowledgements,
 * catch-up of 1,000 crates queued while the recipient was offline, and bytes per message.
 */
import { DmFrame, DmPayload } from '../../src/dm/wire.js'
import { DmAck } from '../../src/dm/wire.js'
import { AccountStore } from '../../src/identity/index.js'
import { BENCH_NETWORK, BENCH_PASSWORD, removeNodes, startTestNetwork, waitForRoutingTables } from '../../test/support/nodes.js'
import { cdf, percentile, round } from '../stats.js'
import type { Parley } from '../../src/app/index.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'
import { admitCrate, crateSender, mailboxKeyOf, sealCrate } from '../../src/crate/index.js'
import { grantedTicket } from '../../test/support/crates.js'

const NODES = 50
const WARM_MESSAGES = 500
const FIRST_CONTACTS = 40
const BURST = 1_000
const QUEUED = 1_000
const TARGETS = { warmP50: 1.5, warmP99: 3, burst: 400, firstP50: 50, catchUp: 1_000 }

async function register (node: Parley, username: string): Promise<void> {
  await node.accounts.register(username, BENCH_PASSWORD)
}

async function timed<T> (work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now()
  const result = await work()
  return [performance.now() - started, result]
}

/** Application bytes per message on the direct path: the crate frame out and the ack back, with length prefixes. */
async function wireBytes (alice: Parley, bob: Parley): Promise<{ crate: number, frame: number, ack: number, framed: number }> {
  const session = alice.session!
  const sender = crateSender(session.username, session.keys, new AccountStore(alice.database).get(session.username)!.createdAt)
  const text = 'a typical short message, 42 characters..'
  const payload = DmPayload.encode({ messages: [{ id: 'f'.repeat(32), text, timestamp: BigInt(Date.now()), to: ['bob'] }] })
  const crate = await sealCrate(payload, bob.session!.keys, sender)
  const frame = DmFrame.encode({ crate }).byteLength + 2
  const ack = DmFrame.encode({ ack: { crateId: new Uint8Array(16), status: DmAck.Status.OK, message: '' } }).byteLength + 1
  // yamux data frame header (12 bytes) and Noise transport framing (2-byte length + 16-byte tag), each way
  return { crate: crate.byteLength, frame, ack, framed: frame + ack + 2 * (12 + 18) }
}

async function run (progress: Progress): Promise<ScenarioResult> {
  const network = await startTestNetwork(NODES, {
    ...BENCH_NETWORK,
    memory: 'parley-bench-dm',
    progress,
    mailbox: { upkeepIntervalMs: 0 },
    dmPollIntervalMs: 0
  })
  try {
    const nodes = network.map((node) => node.parley)
    await waitForRoutingTables(network, 20, 60_000, progress)
    const alice = nodes[1]
    const bob = nodes[2]
    const carol = nodes[3]
    await register(alice, 'alice')
    await register(bob, 'bob')
    await register(carol, 'carol')
    const strangers: string[] = []
    for (let i = 0; i < FIRST_CONTACTS; i++) {
      const name = `stranger_${i}`
      await register(nodes[10 + i], name)
      strangers.push(name)
    }
    progress('registered users')

    // warm: the link to bob's device is open and his profile is cached
    for (let i = 0; i < 50; i++) await alice.dm.send(['bob'], `warm-up ${i}`)
    const warmMs: number[] = []
    const afterLookupMs: number[] = []
    for (let i = 0; i < WARM_MESSAGES; i++) {
      const [ms, message] = await timed(async () => alice.dm.send(['bob'], `warm ${i}`))
      if (message.status !== 'delivered') throw new Error(`warm message ${i} ${message.status}`)
      warmMs.push(ms)
    }
    progress(`warm p50 ${percentile(warmMs, 50).toFixed(2)} ms`)

    const firstMs: number[] = []
    const lookupMs: number[] = []
    // a first contact that missed the direct path (5 s timeout) went to the mailbox instead
    let notDirect = 0
    for (const [i, name] of strangers.entries()) {
      if (i % 2 === 0) {
        const [ms, message] = await timed(async () => alice.dm.send([name], 'hello stranger'))
        if (message.status !== 'delivered') notDirect++
        else firstMs.push(ms)
      } else {
        // the same, with the DHT lookup (name claim, then profile) done and timed first
        const [lookup] = await timed(async () => alice.dm.contacts.byName(name))
        const [ms, message] = await timed(async () => alice.dm.send([name], 'hello stranger'))
        if (message.status !== 'delivered') notDirect++
        else {
          lookupMs.push(lookup)
          afterLookupMs.push(ms)
        }
      }
    }
    progress(`first contact p50 ${percentile(firstMs, 50).toFixed(1)} ms; lookup alone ${percentile(lookupMs, 50).toFixed(1)} ms`)

    const [burstMs, burst] = await timed(async () => Promise.all(Array.from({ length: BURST }, async (_, i) => alice.dm.send(['bob'], `burst ${i}`))))
    const burstDelivered = burst.filter((m) => m.status === 'delivered').length
    progress(`burst of ${BURST}: ${burstMs.toFixed(0)} ms, ${burstDelivered} delivered`)

    // 1,000 messages queued one by one while carol is offline: 1,000 crates at her holders
    const carolKeys = { userKey: carol.session!.keys.userKey, encryptionKey: carol.session!.keys.encryptionKey }
    // carol's grant to alice, as carol's messages to her carry it: 1,000 crates fit a granted share, not a stamped one
    const ticket = grantedTicket({ userKey: carolKeys.userKey, signingSecret: carol.session!.keys.signingSecret.slice() })
    await carol.accounts.logout()
    progress(`queueing ${QUEUED} crates for carol (offline)`)
    const session = alice.session!
    const sender = crateSender('alice', session.keys, new AccountStore(alice.database).get('alice')!.createdAt)
    const [queueMs] = await timed(async () => {
      for (let i = 0; i < QUEUED; i += 100) {
        const crates = await Promise.all(Array.from({ length: 100 }, async (_, j) => {
          const id = (i + j).toString(16).padStart(32, '0')
          const payload = DmPayload.encode({ messages: [{ id, text: `queued ${i + j}`, timestamp: BigInt(Date.now() + i + j), to: ['carol'] }] })
          return admitCrate(await sealCrate(payload, carolKeys, sender), ticket)
        }))
        const reports = await alice.mailbox.deposit(mailboxKeyOf(carolKeys.userKey), crates)
        if (reports.some((r) => r.stored === 0)) throw new Error('a queued crate found no holder')
      }
    })
    const [loginMs] = await timed(async () => carol.accounts.login('carol', BENCH_PASSWORD))
    // the login starts the catch-up; this joins it
    const [catchUpMs, fetched] = await timed(async () => carol.dm.catchUp())
    const received = carol.dm.store.conversation('carol', 'alice').length
    progress(`catch-up: ${fetched.crates} crates from ${fetched.reached} holders in ${catchUpMs.toFixed(0)} ms, ${received} messages`)

    const bytes = await wireBytes(alice, bob)
    return {
      summary: [
        { metric: 'warm latency p50', value: round(percentile(warmMs, 50)), unit: 'ms', target: { atMost: TARGETS.warmP50 } },
        { metric: 'warm latency p99', value: round(percentile(warmMs, 99)), unit: 'ms', target: { atMost: TARGETS.warmP99 } },
        { metric: 'first contact p50', value: round(percentile(firstMs, 50)), unit: 'ms', target: { atMost: TARGETS.firstP50 }, note: `DHT name + profile lookup, dial, seal, ack${notDirect > 0 ? `; ${notDirect} of ${FIRST_CONTACTS} fell back to the mailbox` : ''}` },
        { metric: 'first contact p99', value: round(percentile(firstMs, 99)), unit: 'ms' },
        { metric: 'first contact, lookup alone p50', value: round(percentile(lookupMs, 50)), unit: 'ms', note: 'name claim + profile from the DHT (see bench dht)' },
        { metric: 'first contact after lookup p50', value: round(percentile(afterLookupMs, 50)), unit: 'ms', note: 'dial, stream, seal, ack' },
        { metric: `burst of ${BURST} with acks`, value: round(burstMs, 0), unit: 'ms', target: { atMost: TARGETS.burst }, note: `${burstDelivered} delivered` },
        { metric: `catch-up of ${QUEUED} on login`, value: round(catchUpMs, 0), unit: 'ms', target: { atMost: TARGETS.catchUp }, note: `${received} received; login itself ${round(loginMs, 0)} ms` },
        { metric: `queueing ${QUEUED} crates for an offline user`, value: round(queueMs, 0), unit: 'ms', note: 'sealed one per message, deposited at 5 holders in runs of 100' },
        { metric: 'crate size', value: bytes.crate, unit: 'B', note: '42-character text' },
        { metric: 'bytes on the wire per message', value: bytes.framed, unit: 'B', note: `crate frame ${bytes.frame} + ack ${bytes.ack} + yamux/Noise framing` }
      ],
      series: { nodes: NODES, warmMs: warmMs.map((x) => round(x, 3)), firstMs: firstMs.map((x) => round(x)), lookupMs: lookupMs.map((x) => round(x)), afterLookupMs: afterLookupMs.map((x) => round(x)), burstMs, catchUpMs, loginMs, queueMs, bytes },
      plots: [
        {
          kind: 'lines',
          title: 'Direct message latency (CDF), 50 nodes',
          x: { label: 'send to acknowledgement', unit: 'ms', log: true },
          y: { label: 'messages at or below', unit: '%' },
          series: [
            { name: 'warm', points: cdf(warmMs).map(([x, y]) => [round(x, 3), round(y)]) },
            { name: 'first contact', points: cdf(firstMs).map(([x, y]) => [round(x), round(y)]) }
          ]
        },
        {
          kind: 'bars',
          title: 'Bulk operations',
          y: { label: 'time', unit: 'ms' },
          groups: [`burst ${BURST}`, `catch-up ${QUEUED}`],
          series: [{ name: 'measured', values: [round(burstMs, 0), round(catchUpMs, 0)] }],
          reference: { value: TARGETS.catchUp, label: 'catch-up target 1 s' }
        }
      ]
    }
  } finally {
    await removeNodes(network)
  }
}

export const scenario: Scenario = {
  name: 'dm',
  description: `direct messages on ${NODES} in-process nodes: latency warm and first contact, burst, offline catch-up, bytes per message`,
  run
}
