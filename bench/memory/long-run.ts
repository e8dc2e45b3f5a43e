/**
 * `npm run bench memory`, part two: 100,000 messages through two `parley node` processes,
 * half DMs from alice to bob and half posts by alice, whom bob follows, through the HTTP
 * API. Every SAMPLE_EVERY messages, once bob has the last post, both nodes' resident
 * memory and their heap after a full collection (PARLEY_DEBUG_MEMORY=1, SIGUSR2) are
 * read, with the load average. A node that keeps something per message shows a heap that
 * climbs with the count; bounded caches show as a plateau.
 */
import { loadavg } from 'node:os'
import { BENCH_PASSWORD, waitFor } from '../../test/support/nodes.js'
import { compactedHeapFiguresOf, memoryOf, startProcessNetwork } from '../../test/support/processes.js'
import { ApiClient } from '../path/client.js'
import type { Progress } from '../scenario.js'

/** messages in all, half DMs and half posts (default 100 000; PARLEY_BENCH_MEMORY_MESSAGES) */
export const MESSAGES = Number(process.env.PARLEY_BENCH_MEMORY_MESSAGES ?? 100_000)
/** messages between two samples (default 5 000, or a twentieth of MESSAGES when fewer) */
export const SAMPLE_EVERY = Math.min(5_000, Math.max(2, Math.floor(MESSAGES / 20)))
/** bytes of each message's text (default 1 000; PARLEY_BENCH_MEMORY_BYTES) */
export const TEXT_BYTES = Number(process.env.PARLEY_BENCH_MEMORY_BYTES ?? 1_000)
/** requests in flight, DMs and posts each (default 2: the sender is never idle between two) */
const IN_FLIGHT = 2

export interface MemorySample {
  /** messages sent so far */
  messages: number
  /** seconds since the first message */
  elapsedS: number
  /** MiB */
  senderRss: number
  receiverRss: number
  senderHeap: number
  receiverHeap: number
  /** the part of the heap that is compiled code and bytecode, MiB */
  senderCode: number
  receiverCode: number
  /** the 1-minute load average */
  load: number
}

export interface LongRunResult {
  samples: MemorySample[]
  /** DMs answered with another status than delivered */
  undelivered: number
}

const MiB = 2 ** 20

/** Sends `count` messages through `send`, `IN_FLIGHT` at a time. */
async function sendAll (count: number, send: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < count) await send(next++)
  }))
}

export async function runLong (progress: Progress): Promise<LongRunResult> {
  const network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-bench-memory-', env: () => ({ PARLEY_DEBUG_MEMORY: '1' }) })
  const [aliceMember, bobMember] = network.members
  const dmClients = Array.from({ length: IN_FLIGHT }, () => new ApiClient(aliceMember.api, aliceMember.token))
  const postClients = Array.from({ length: IN_FLIGHT }, () => new ApiClient(aliceMember.api, aliceMember.token))
  const bob = new ApiClient(bobMember.api, bobMember.token)
  const result: LongRunResult = { samples: [], undelivered: 0 }
  try {
    await bob.expect('POST', '/api/follow', { username: 'alice' })
    await waitFor(async () => (await dmClients[0].expect('GET', '/api/followers', undefined)).length === 1, 30_000, 'the follow to reach alice')
    const sample = async (messages: number, started: number): Promise<void> => {
      const elapsedS = Math.round((performance.now() - started) / 100) / 10
      const senderRss = await memoryOf(aliceMember.node!.child.pid!, 'VmRSS') / MiB
      const receiverRss = await memoryOf(bobMember.node!.child.pid!, 'VmRSS') / MiB
      const sender = await compactedHeapFiguresOf(aliceMember.node!)
      const receiver = await compactedHeapFiguresOf(bobMember.node!)
      const s: MemorySample = {
        messages,
        elapsedS,
        senderRss,
        receiverRss,
        senderHeap: sender.heap / MiB,
        receiverHeap: receiver.heap / MiB,
        senderCode: sender.code / MiB,
        receiverCode: receiver.code / MiB,
        load: loadavg()[0]
      }
      result.samples.push(s)
      progress(`${messages} messages, ${s.elapsedS} s: RSS sender ${s.senderRss.toFixed(1)} receiver ${s.receiverRss.toFixed(1)} MiB; heap after GC sender ${s.senderHeap.toFixed(1)} receiver ${s.receiverHeap.toFixed(1)} MiB (code ${s.senderCode.toFixed(1)}, ${s.receiverCode.toFixed(1)}); load ${s.load.toFixed(2)}`)
    }
    const started = performance.now()
    await sample(0, started)
    for (let sent = 0; sent < MESSAGES; sent += SAMPLE_EVERY) {
      const block = Math.min(SAMPLE_EVERY, MESSAGES - sent)
      const dms = Math.ceil(block / 2)
      const posts = block - dms
      await Promise.all([
        sendAll(dms, async (i) => {
          const answer = await dmClients[i % IN_FLIGHT].expect('POST', '/api/messages', { to: ['bob'], text: `dm ${sent + i} `.padEnd(TEXT_BYTES, '.') })
          if (answer.status !== 'delivered') result.undelivered++
        }),
        sendAll(posts - 1, async (i) => {
          await postClients[i % IN_FLIGHT].expect('POST', '/api/posts', { text: `post ${sent + i} `.padEnd(TEXT_BYTES, '.') })
        })
      ])
      // the block's last post, sent after all others: once it is at bob, the block has passed through him
      const last = `post ${sent + posts - 1} `.padEnd(TEXT_BYTES, '.')
      await postClients[0].expect('POST', '/api/posts', { text: last })
      await waitFor(async () => (await bob.expect('GET', '/api/timeline?limit=1', undefined)).posts[0]?.text === last, 60_000, 'the last post at bob', 100)
      await sample(sent + block, started)
    }
    return result
  } finally {
    for (const client of [...dmClients, ...postClients, bob]) client.close()
    await network.remove()
  }
}
