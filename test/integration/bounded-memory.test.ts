import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BENCH_PASSWORD, callHttp, waitFor } from '../support/nodes.js'
import { compactedHeapFiguresOf, startProcessNetwork } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork } from '../support/processes.js'

const MiB = 2 ** 20
const ROUNDS = 10
const DMS_PER_ROUND = 200
const POSTS_PER_ROUND = 60
/**
 * The heap's data (after a compacting collection, compiled code and bytecode left out) may
 * grow at most this much over the second half of the run, at the sender and at the
 * receiver: 1,000 DMs of 4 KiB and 300 posts of 2,000 bytes then. A receiver that kept
 * 1 KiB per DM (a deliberate leak in the inbox) grew 1.80 MiB and failed, one that kept
 * 2 KiB grew 2.56 MiB; without a leak the data grew 0.3-1.0 MiB (1.0 in a 10-second run on
 * an idle machine, where none of gossipsub's two-minute entries expire within the run;
 * 0.3-0.5 in 2-minute runs at load 15).
 * What does grow is bounded by count or time (README, "What a node keeps in memory"): the
 * verified signatures (4,096) and public keys (1,024) in src/identity/signature.ts, the
 * grant cache (256 grantees), gossipsub's seen-message ids and delivery records (2 min),
 * libp2p's connection and peer state. Heap snapshots of the receiver after 300 and 1,500
 * messages (issue 21) put its creep of about 1.2 KiB a post there: the verified-signature
 * Set (one 44-character id a post until 4,096), gossipsub's delivery records (a Set, an
 * object and a queue entry a post) and seen cache (a sliced id string a post), each
 * dropped after 2 minutes, and gossipsub's message cache (the last 5 heartbeats' posts).
 * The rest of what the heap gained was compiled code (V8 tiering up: 0.3-0.7 MiB), which
 * is why code is left out: it made the total heap's growth vary 0.3-1.6 MiB without a leak.
 * By 2026-12-07 the sender's data grew 1.33-1.42 MiB without a leak (the build of 87e8fd7
 * too, 2 runs: its signing and sending caches fill over the run), and a single round could
 * read 0.4 MiB above the next, which failed the one bound of 1.5 MiB in 1 of 2 fresh CI
 * runs. So the growth is read to the lower of the last two rounds, and each side has its
 * bound: a deliberate leak of an array of 128 numbers (1 KiB) per DM grew the sender
 * 2.13 MiB (bound 1.8; without it 1.33-1.42) and the receiver 1.46 MiB (bound 1.1; without
 * it 0.64-0.68), and both failed. A leak of ArrayBuffers does not show here: their bytes
 * live outside the V8 heap.
 */
const GROWTH_BOUND = { sender: 1.8 * MiB, receiver: 1.1 * MiB }

/**
 * Issue 21, item 3: a node that handles DMs and posts holds on to nothing per message but
 * bounded caches. Two `parley node` processes, alice writing to bob and posting to him as
 * her follower; each node's heap is read after a full collection (PARLEY_DEBUG_MEMORY=1,
 * SIGUSR2) after every round.
 */
describe('a node does not keep what passes through it', () => {
  let network: ProcessNetwork
  let alice: ProcessMember
  let bob: ProcessMember

  before(async () => {
    network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-test-memory-', env: () => ({ PARLEY_DEBUG_MEMORY: '1' }) })
    ;[alice, bob] = network.members
    assert.equal((await callHttp(bob.api, 'POST', '/api/follow', { username: 'alice' }, bob.token)).status, 204)
    await waitFor(async () => (await callHttp(alice.api, 'GET', '/api/followers', undefined, alice.token)).body.length === 1, 30_000, 'the follow to reach alice')
  })

  after(async () => {
    await network?.remove()
  })

  it(`holds ${ROUNDS * DMS_PER_ROUND} DMs and ${ROUNDS * POSTS_PER_ROUND} posts in bounded memory, sender and receiver`, async () => {
    const heaps: Array<{ sender: number, receiver: number }> = []
    const code: Array<{ sender: number, receiver: number }> = []
    const dataOf = async (member: ProcessMember): Promise<{ data: number, code: number }> => {
      const figures = await compactedHeapFiguresOf(member.node!)
      return { data: figures.heap - figures.code, code: figures.code }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < DMS_PER_ROUND; i++) {
        const answer = await callHttp(alice.api, 'POST', '/api/messages', { to: ['bob'], text: `dm ${round}/${i} `.padEnd(4096, 'x') }, alice.token)
        assert.equal(answer.body.status, 'delivered', `dm ${round}/${i}: ${JSON.stringify(answer.body)}`)
      }
      let last = ''
      for (let i = 0; i < POSTS_PER_ROUND; i++) {
        last = `post ${round}/${i} `.padEnd(2000, 'y')
        assert.equal((await callHttp(alice.api, 'POST', '/api/posts', { text: last }, alice.token)).status, 201)
      }
      await waitFor(async () => (await callHttp(bob.api, 'GET', '/api/timeline?limit=1', undefined, bob.token)).body.posts[0]?.text === last, 30_000, `post ${round} at bob`)
      const [sender, receiver] = [await dataOf(alice), await dataOf(bob)]
      heaps.push({ sender: sender.data, receiver: receiver.data })
      code.push({ sender: sender.code, receiver: receiver.code })
    }
    const mib = (bytes: number): string => (bytes / MiB).toFixed(2)
    const line = (role: 'sender' | 'receiver', of = heaps): string => of.map((h) => mib(h[role])).join(' → ')
    const half = ROUNDS / 2 - 1
    for (const role of ['sender', 'receiver'] as const) {
      // the lower of the last two rounds: one round's collection can leave 0.4 MiB more than the next (a leak grows in both)
      const growth = Math.min(heaps[ROUNDS - 1][role], heaps[ROUNDS - 2][role]) - heaps[half][role]
      assert.ok(growth < GROWTH_BOUND[role], `the ${role}'s heap data grew ${mib(growth)} MiB over the second half (bound ${mib(GROWTH_BOUND[role])} MiB): ${line(role)} MiB`)
    }
    console.log(`heap data after each round, MiB: sender ${line('sender')}; receiver ${line('receiver')} (code: sender ${line('sender', code)}; receiver ${line('receiver', code)})`)
  })
})
