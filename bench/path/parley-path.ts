/**
 * Parley's side of `npm run bench path`: two `parley node` processes on loopback
 * (`--network local`), alice sending through her node's HTTP API, bob's events WebSocket
 * receiving; DMs, posts (bob follows alice) and messages of a two-member group, each the
 * same pattern (pattern.ts). Then both nodes idle and their resident memory is read.
 */
import { readFile } from 'node:fs/promises'
import { BENCH_PASSWORD, waitFor } from '../../test/support/nodes.js'
import { startProcessNetwork, stopNodeProcess } from '../../test/support/processes.js'
import { ApiClient, EventWatcher } from './client.js'
import { BACK_TO_BACK, PACED, benchText, runPattern } from './pattern.js'
import { round } from '../stats.js'
import type { PathFigures } from './pattern.js'
import type { NodeProcessInit } from '../../test/support/processes.js'
import type { Progress } from '../scenario.js'

/** how long both nodes sit idle before their memory is read (default 60 000 ms; PARLEY_BENCH_PATH_IDLE_MS) */
const IDLE_MS = Number(process.env.PARLEY_BENCH_PATH_IDLE_MS ?? 60_000)
const WARM_UP = 20
/**
 * whether a DM's answer waits for the recipient's acknowledgement (PARLEY_BENCH_PATH_DM_WAIT=true) or comes
 * once the message is stored and handed to delivery, the rest following as status events, as a client
 * that follows events sends (default false: POST /api/messages?wait=false)
 */
const DM_WAIT = process.env.PARLEY_BENCH_PATH_DM_WAIT === 'true'
/**
 * whether a group message's answer waits for its commit (PARLEY_BENCH_PATH_GROUP_WAIT=true) or comes once
 * the entry is stored in the sender's outbox, the commit following as a message event (default false:
 * POST /api/groups/:id/messages?wait=false)
 */
const GROUP_WAIT = process.env.PARLEY_BENCH_PATH_GROUP_WAIT === 'true'

export type PathKind = 'dm' | 'post' | 'group'

export interface ParleyPathInit {
  progress: Progress
  /** what to run (default all three) */
  kinds?: PathKind[]
  /** environment added to the sender's (0) and the receiver's (1) node process, e.g. NODE_OPTIONS=--cpu-prof (default none) */
  env?: (index: number) => Record<string, string>
  /** each node's Node flags and process environment instead of spawn.ts's, sender 0 and receiver 1 (default: those) */
  process?: (index: number) => Pick<NodeProcessInit, 'flags' | 'processEnv'>
  /** read the memory after the idle period (default true) */
  memory?: boolean
  /** called with both node processes' pids after the memory is read, before they stop (default none) */
  inspect?: (nodes: { sender: number, receiver: number, output: { sender: string[], receiver: string[] } }) => Promise<void>
}

export interface ParleyPathResult {
  figures: Partial<Record<PathKind, PathFigures>>
  /** DMs whose state at the sender is not delivered (or read) 10 s after the run */
  undelivered: number
  /**
   * CPU time (user + system, whatever the load) each node process spent per message of a run, µs, and
   * the write and read system calls it made per message (/proc/PID/io: socket and file writes alike)
   */
  cpuUsPerMessage: Partial<Record<PathKind, { sender: number, receiver: number, syscalls: { sender: SyscallCounts, receiver: SyscallCounts } }>>
  /** when each run started and ended, CLOCK_MONOTONIC µs (the clock of V8's CPU profiles) */
  windowsUs: Partial<Record<PathKind, [number, number]>>
  /** VmRSS after the runs and IDLE_MS idle, sender and receiver */
  rssMiB?: { sender: number, receiver: number, idleMs: number }
}

function monotonicUs (): number {
  return Number(process.hrtime.bigint() / 1000n)
}

export interface SyscallCounts { writes: number, reads: number }

/** Write and read system calls a process has made so far (/proc/PID/io). */
export async function syscallsOf (pid: number): Promise<SyscallCounts> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8')
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? NaN)
  return { writes: field('syscw'), reads: field('syscr') }
}

/** CPU time (user + system) a process has used, in µs, from /proc/PID/stat (clock ticks of 10 ms). */
export async function cpuUsOf (pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // the fields after the command name (in parentheses, which may hold spaces): utime and stime are the 12th and 13th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

export async function residentMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kB = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
  if (kB == null) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(kB) / 1024
}

/** Alice's messages to `peer` not (yet) delivered or read, over the whole conversation. */
async function notDelivered (client: ApiClient, peer: string): Promise<number> {
  let count = 0
  let before = ''
  for (;;) {
    const page = await client.expect('GET', `/api/messages?with=${peer}&limit=1000${before === '' ? '' : `&before=${encodeURIComponent(before)}`}`, undefined)
    count += (page.messages as Array<{ status: string }>).filter((m) => m.status !== 'delivered' && m.status !== 'read').length
    if (page.next == null) return count
    before = page.next
  }
}

export async function measureParleyPath (init: ParleyPathInit): Promise<ParleyPathResult> {
  const kinds = init.kinds ?? ['dm', 'post', 'group']
  const network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-bench-path-', env: (i) => init.env?.(i) ?? {}, process: init.process })
  const [aliceMember, bobMember] = network.members
  const alice = new ApiClient(aliceMember.api, aliceMember.token)
  const bob = new ApiClient(bobMember.api, bobMember.token)
  const watcher = await EventWatcher.open(bobMember.api, bobMember.token)
  const result: ParleyPathResult = { figures: {}, undelivered: 0, windowsUs: {}, cpuUsPerMessage: {} }
  const pids = [aliceMember.node!.child.pid!, bobMember.node!.child.pid!]
  type Usage = Array<{ cpuUs: number, calls: SyscallCounts }>
  const cpu = async (): Promise<Usage> => Promise.all(pids.map(async (pid) => ({ cpuUs: await cpuUsOf(pid), calls: await syscallsOf(pid) })))
  const perMessage = (from: Usage, to: Usage): { sender: number, receiver: number, syscalls: { sender: SyscallCounts, receiver: SyscallCounts } } => {
    const n = BACK_TO_BACK + PACED
    const calls = (i: number): SyscallCounts => ({ writes: round((to[i].calls.writes - from[i].calls.writes) / n, 2), reads: round((to[i].calls.reads - from[i].calls.reads) / n, 2) })
    return { sender: Math.round((to[0].cpuUs - from[0].cpuUs) / n), receiver: Math.round((to[1].cpuUs - from[1].cpuUs) / n), syscalls: { sender: calls(0), receiver: calls(1) } }
  }
  try {
    if (kinds.includes('dm')) {
      const send = async (text: string): Promise<void> => {
        await alice.expect('POST', `/api/messages?wait=${String(DM_WAIT)}`, { to: ['bob'], text })
      }
      for (let i = 0; i < WARM_UP; i++) { await send(benchText('dm-warm', i)); await watcher.arrival(benchText('dm-warm', i)) }
      const dmCpu = await cpu()
      const dmStart = monotonicUs()
      result.figures.dm = await runPattern('dm', send, async (text) => watcher.arrival(text))
      result.windowsUs.dm = [dmStart, monotonicUs()]
      result.cpuUsPerMessage.dm = perMessage(dmCpu, await cpu())
      // every message's state at the sender must reach delivered (answered or not)
      await waitFor(async () => (result.undelivered = await notDelivered(alice, 'bob')) === 0, 10_000, 'every DM delivered at the sender').catch(() => {})
      init.progress(`DMs done (answers ${DM_WAIT ? 'waited for delivery' : 'at once'}; ${result.undelivered} not delivered at the sender)`)
    }
    if (kinds.includes('post')) {
      await bob.expect('POST', '/api/follow', { username: 'alice' })
      await waitFor(async () => (await alice.expect('GET', '/api/followers', undefined)).length === 1, 30_000, 'the follow to reach alice')
      const send = async (text: string): Promise<void> => { await alice.expect('POST', '/api/posts', { text }) }
      // until gossip carries posts to bob at once (his subscription reached alice's mesh)
      for (let i = 0; ; i++) {
        await send(benchText('post-warm', i))
        try { await watcher.arrival(benchText('post-warm', i), 2_000); if (i >= WARM_UP) break } catch { if (i > 30) throw new Error('posts do not reach the follower by gossip') }
      }
      const postCpu = await cpu()
      const postStart = monotonicUs()
      result.figures.post = await runPattern('post', send, async (text) => watcher.arrival(text))
      result.windowsUs.post = [postStart, monotonicUs()]
      result.cpuUsPerMessage.post = perMessage(postCpu, await cpu())
      init.progress('posts done')
    }
    if (kinds.includes('group')) {
      let id = ''
      await waitFor(async () => { id = (await alice.call('POST', '/api/groups', { name: 'bench', members: ['bob'] })).body?.id ?? ''; return id !== '' }, 30_000, 'group creation', 200)
      await waitFor(async () => (await bob.call('GET', `/api/groups/${id}`)).status === 200, 20_000, 'the invitation at bob')
      await alice.expect('POST', `/api/groups/${id}/start`, undefined)
      await waitFor(async () => (await alice.expect('GET', `/api/groups/${id}`, undefined)).host != null, 10_000, 'a host')
      const send = async (text: string): Promise<void> => { await alice.expect('POST', `/api/groups/${id}/messages?wait=${String(GROUP_WAIT)}`, { text }) }
      for (let i = 0; i < WARM_UP; i++) { await send(benchText('group-warm', i)); await watcher.arrival(benchText('group-warm', i)) }
      const groupCpu = await cpu()
      const groupStart = monotonicUs()
      result.figures.group = await runPattern('group', send, async (text) => watcher.arrival(text))
      result.windowsUs.group = [groupStart, monotonicUs()]
      result.cpuUsPerMessage.group = perMessage(groupCpu, await cpu())
      init.progress(`group messages done (answers ${GROUP_WAIT ? 'waited for the commit' : 'once in the outbox'})`)
    }
    if (init.memory ?? true) {
      init.progress(`idling ${IDLE_MS / 1000} s before reading the nodes' memory`)
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
      result.rssMiB = { sender: await residentMiB(aliceMember.node!.child.pid!), receiver: await residentMiB(bobMember.node!.child.pid!), idleMs: IDLE_MS }
    }
    await init.inspect?.({ sender: aliceMember.node!.child.pid!, receiver: bobMember.node!.child.pid!, output: { sender: aliceMember.node!.output, receiver: bobMember.node!.output } })
    return result
  } finally {
    watcher.close()
    alice.close()
    bob.close()
    // SIGTERM first: a node exits cleanly and writes what NODE_OPTIONS asked for (a CPU profile)
    await Promise.all(network.members.map(async (m) => { if (m.node != null) await stopNodeProcess(m.node, 'SIGTERM', 15_000) }))
    await network.remove()
  }
}
