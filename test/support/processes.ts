/**
 * Real `parley node` processes for tests and benchmarks, started as a user would (through
 * src/cli/spawn.ts), and the CLI client run to completion.
 */
import { readFile, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { spawnParley } from '../../src/cli/spawn.js'
import { callHttp, freePort, tempDir, waitFor } from './nodes.js'
import { TEST_STAMP_BITS } from './crates.js'
import type { ChildProcess } from 'node:child_process'

export interface NodeProcessInit {
  /** its data folder */
  data: string
  /** its API address, host:port (default: 127.0.0.1 on a free port) */
  api?: string
  /**
   * libp2p TCP port on 127.0.0.1; fixed, a killed process comes back at the same address
   * (default 0: the OS picks one; `listen` overrides this)
   */
  p2pPort?: number
  /** one multiaddr to listen on (default: TCP on 127.0.0.1 at `p2pPort`) */
  listen?: string
  /** multiaddrs of bootstrap peers (default: none) */
  bootstrap?: string[]
  /** added to this process's environment (default: none) */
  env?: Record<string, string>
  /** `--stamp-bits`: the crate stamp difficulty (default TEST_STAMP_BITS; a node's own default is 22) */
  stampBits?: number
  /** more `parley node` arguments (default: none) */
  args?: string[]
  /** how long to wait for the `ready` line (default 30 000 ms) */
  readyTimeoutMs?: number
  /** `--network` (default 'local': every test node is on one machine, unless it says otherwise) */
  network?: 'internet' | 'local'
  /** a command the node is run through, e.g. `ip netns exec NS` (default: none) */
  prefix?: string[]
  /** Node and V8 flags instead of NODE_PROCESS_FLAGS (default: those) */
  flags?: readonly string[]
  /** environment instead of NODE_PROCESS_ENV, set over `env` (default: that) */
  processEnv?: Readonly<Record<string, string>>
}

export interface NodeProcess {
  child: ChildProcess
  peerId: string
  /** every address it printed it listens on */
  addrs: string[]
  /** its TCP (not WebSocket) listen address, with /p2p/<peer id>: what others bootstrap from */
  addr: string
  api: string
  /** the stdout lines up to and including `ready` */
  stdout: string[]
  /** everything it printed: stdout lines and stderr chunks */
  output: string[]
  /** resolves with the exit code or signal */
  exited: Promise<number | string>
}

/** Starts `parley node` as a user would and waits for its `ready` line. */
export async function startNodeProcess (init: NodeProcessInit): Promise<NodeProcess> {
  const api = init.api ?? `127.0.0.1:${await freePort()}`
  const child = spawnParley(['node', '--data', init.data, '--api', api, '--network', init.network ?? 'local',
    '--listen', init.listen ?? `/ip4/127.0.0.1/tcp/${init.p2pPort ?? 0}`, ...(init.bootstrap ?? []).flatMap((b) => ['--bootstrap', b]),
    '--stamp-bits', String(init.stampBits ?? TEST_STAMP_BITS), ...(init.args ?? [])],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...init.env }, prefix: init.prefix, flags: init.flags, processEnv: init.processEnv })
  const output: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => { output.push(chunk.toString()) })
  const exited = new Promise<number | string>((resolve) => { child.once('exit', (code, signal) => { resolve(signal ?? code ?? -1) }) })
  const lines = createInterface({ input: child.stdout! })
  const timeoutMs = init.readyTimeoutMs ?? 30_000
  return new Promise<NodeProcess>((resolve, reject) => {
    let peerId = ''
    const addrs: string[] = []
    const stdout: string[] = []
    let ready = false
    // a node that never gets ready is not left running
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`node not ready in ${timeoutMs} ms: ${output.join('')}`)) }, timeoutMs)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`node exited (${code}) before ready: ${output.join('')}`)) })
    // keeps reading after `ready` too, so a chatty node never blocks on a full pipe
    lines.on('line', (line) => {
      output.push(line)
      if (ready) return
      stdout.push(line)
      if (line.startsWith('peer id: ')) peerId = line.slice(9)
      if (line.startsWith('listening: ')) addrs.push(line.slice(11))
      if (line !== 'ready') return
      ready = true
      clearTimeout(timer)
      const tcp = addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws')) ?? ''
      resolve({ child, peerId, addrs, addr: `${tcp.split('/p2p/')[0]}/p2p/${peerId}`, api, stdout, output, exited })
    })
  })
}

/**
 * Sends `signal` (default SIGKILL) unless the process has exited, and waits for the exit.
 * With `killAfterMs`, a process still running then is SIGKILLed. Resolves to false when it
 * had to be.
 */
export async function stopNodeProcess (node: Pick<NodeProcess, 'child' | 'exited'>, signal: NodeJS.Signals = 'SIGKILL', killAfterMs?: number): Promise<boolean> {
  if (node.child.exitCode != null || node.child.signalCode != null) return true
  node.child.kill(signal)
  if (killAfterMs == null) {
    await node.exited
    return true
  }
  let timer: NodeJS.Timeout | undefined
  const exitedInTime = await Promise.race([
    node.exited.then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, killAfterMs) })
  ])
  clearTimeout(timer)
  if (exitedInTime) return true
  node.child.kill('SIGKILL')
  await node.exited
  return false
}

/** One user on its own `parley node` process, at ports and a data folder that outlive the process. */
export interface ProcessMember {
  user: string
  data: string
  /** its API address, host:port */
  api: string
  p2pPort: number
  env: Record<string, string>
  /** the running process; null while it is down */
  node: NodeProcess | null
  /** the session token of its user */
  token: string
}

export interface ProcessNetworkInit {
  /** each user's password */
  password: (user: string) => string
  /** environment of the i-th member's process (default: none added) */
  env?: (index: number) => Record<string, string>
  /** prefix of the data folders (default 'parley-test-') */
  prefix?: string
  /** the i-th member's data folder, made by the caller, e.g. on a small file system (default: a new temp folder) */
  data?: (index: number) => Promise<string>
  /** how often registration is retried while the DHT fills, in ms (default 50) */
  pollMs?: number
  /** the i-th member's Node flags and process environment instead of spawn.ts's (default: those) */
  process?: (index: number) => Pick<NodeProcessInit, 'flags' | 'processEnv'>
}

export interface ProcessNetwork {
  members: ProcessMember[]
  /** starts a member's process (again), at its ports on its data folder, bootstrapping from the first member */
  launch: (member: ProcessMember) => Promise<void>
  /** SIGKILLs every process still running and removes the data folders */
  remove: () => Promise<void>
}

/**
 * One `parley node` process per user, the first the bootstrap peer of the others, each
 * with its user registered (retried until the network can take the records).
 */
export async function startProcessNetwork (users: string[], init: ProcessNetworkInit): Promise<ProcessNetwork> {
  const members: ProcessMember[] = []
  for (const [i, user] of users.entries()) {
    members.push({ user, data: await (init.data?.(i) ?? tempDir(init.prefix)), api: `127.0.0.1:${await freePort()}`, p2pPort: await freePort(), env: init.env?.(i) ?? {}, node: null, token: '' })
  }
  let bootstrap: string[] = []
  const launch = async (m: ProcessMember): Promise<void> => {
    m.node = await startNodeProcess({ data: m.data, api: m.api, p2pPort: m.p2pPort, bootstrap, env: m.env, ...init.process?.(members.indexOf(m)) })
  }
  const remove = async (): Promise<void> => {
    await Promise.all(members.map(async (m) => { if (m.node != null) await stopNodeProcess(m.node) }))
    await Promise.all(members.map(async (m) => rm(m.data, { recursive: true, force: true })))
  }
  try {
    await launch(members[0])
    bootstrap = [members[0].node!.addr]
    await Promise.all(members.slice(1).map(launch))
    for (const m of members) {
      await waitFor(async () => {
        const answer = await callHttp(m.api, 'POST', '/api/register', { username: m.user, password: init.password(m.user) })
        if (answer.status === 201) m.token = answer.body.token
        return answer.status === 201
      }, 30_000, `${m.user} to register`, init.pollMs)
    }
  } catch (err) {
    await remove()
    throw err
  }
  return { members, launch, remove }
}

/** Runs a CLI client command to completion. */
export async function runCli (args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number, stdout: string, stderr: string }> {
  const child = spawnParley(args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c: Buffer) => { stdout += c.toString() })
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString() })
  child.stdin!.end(input)
  const code = await new Promise<number>((resolve) => { child.once('exit', (c) => { resolve(c ?? -1) }) })
  return { code, stdout, stderr }
}

export function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A field of /proc/<pid>/status in bytes: VmRSS (now) or VmHWM (the peak so far). */
export async function memoryOf (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (match == null) throw new Error(`no ${field} in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}

/**
 * The V8 heap a `parley node` started with PARLEY_DEBUG_MEMORY=1 still uses after a full,
 * compacting collection (src/cli/memory.ts), in bytes: what it holds, garbage left out;
 * `code` is the part of it that is compiled code and bytecode (memoryReport's codeUsed).
 */
export async function compactedHeapFiguresOf (node: NodeProcess, timeoutMs = 10_000): Promise<{ heap: number, code: number }> {
  const marker = 'memory after compaction: '
  const seen = node.output.length
  node.child.kill('SIGUSR2')
  let line: string | undefined
  await waitFor(() => { line = node.output.slice(seen).find((l) => l.startsWith(marker)); return line != null }, timeoutMs, 'the node to report its heap (PARLEY_DEBUG_MEMORY=1)', 20)
  const report = JSON.parse(line!.slice(marker.length))
  return { heap: report.heapUsed * 2 ** 20, code: (report.codeUsed ?? 0) * 2 ** 20 }
}

/** compactedHeapFiguresOf's heap, in bytes. */
export async function compactedHeapOf (node: NodeProcess, timeoutMs = 10_000): Promise<number> {
  return (await compactedHeapFiguresOf(node, timeoutMs)).heap
}
