import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { callApi } from './client.js'
import { spawnParley } from './spawn.js'
import type { ChildProcess } from 'node:child_process'
import { ApiError } from '../api/index.js'

export interface DevnetInit {
  /** users to register and log in, one node each (default alice, bob, carol) */
  users?: string[]
  /** bootstrap nodes to start first (default 3) */
  bootstrapNodes?: number
  /** node k listens for P2P on base+k and serves its API and UI on base+100+k (default 7000) */
  basePort?: number
  /** folder holding every node's data folder (default: a new temporary folder) */
  data?: string
}

export interface DevnetNode {
  name: string
  api: string
  p2p: string
  peerId: string
  process: ChildProcess
}

const READY_TIMEOUT_MS = 30_000

export function devnetPassword (user: string): string {
  return `${user}-devnet-password`
}

/** Starts one `parley node` child process and waits for its `ready` line. */
async function startChild (name: string, args: string[]): Promise<{ process: ChildProcess, peerId: string }> {
  const child = spawnParley(['node', '--devnet-child', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) process.stderr.write(`[${name}] ${line}\n`)
  })
  const lines = createInterface({ input: child.stdout! })
  return new Promise((resolve, reject) => {
    let peerId = ''
    const timer = setTimeout(() => { reject(new Error(`${name} was not ready within ${READY_TIMEOUT_MS} ms`)) }, READY_TIMEOUT_MS)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with code ${code} before it was ready`)) })
    lines.on('line', (line) => {
      if (line.startsWith('peer id: ')) peerId = line.slice(9)
      if (line === 'ready') {
        clearTimeout(timer)
        resolve({ process: child, peerId })
      }
    })
  })
}

/** Registers the user on its node, or logs in when a reused data folder already has it. */
async function signIn (api: string, user: string): Promise<void> {
  const body = { username: user, password: devnetPassword(user) }
  try {
    await callApi(api, 'POST', '/api/register', { body })
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'name_taken') throw err
    await callApi(api, 'POST', '/api/login', { body })
  }
}

/** Starts bootstrap nodes, then one node per user, registered and logged in. */
export async function startDevnet (init: DevnetInit = {}): Promise<{ nodes: DevnetNode[], data: string, stop: () => Promise<void> }> {
  const users = init.users ?? ['alice', 'bob', 'carol']
  const bootstrapCount = init.bootstrapNodes ?? 3
  const base = init.basePort ?? 7000
  const data = init.data ?? await mkdtemp(join(tmpdir(), 'parley-devnet-'))
  const nodes: DevnetNode[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map(async (node) => new Promise<void>((resolve) => {
      if (node.process.exitCode != null || node.process.signalCode != null) { resolve(); return }
      node.process.once('exit', () => { resolve() })
      node.process.kill('SIGTERM')
      setTimeout(() => { node.process.kill('SIGKILL') }, 6_000).unref()
    })))
  }
  const start = async (name: string, k: number, bootstrap: string[]): Promise<DevnetNode> => {
    const p2pPort = base + k
    const api = `127.0.0.1:${base + 100 + k}`
    const { process: child, peerId } = await startChild(name, [
      '--data', join(data, name), '--listen', `/ip4/127.0.0.1/tcp/${p2pPort}`, '--api', api, '--network', 'local',
      ...bootstrap.flatMap((b) => ['--bootstrap', b])
    ])
    const node = { name, api, p2p: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`, peerId, process: child }
    nodes.push(node)
    return node
  }
  try {
    const first = await start('bootstrap-0', 0, [])
    const rest = await Promise.all(Array.from({ length: bootstrapCount - 1 }, async (_, i) => start(`bootstrap-${i + 1}`, i + 1, [first.p2p])))
    const bootstrapAddrs = [first, ...rest].map((n) => n.p2p)
    const userNodes = await Promise.all(users.map(async (user, i) => start(user, bootstrapCount + i, bootstrapAddrs)))
    for (const node of userNodes) await signIn(node.api, node.name)
  } catch (err) {
    await stop()
    throw err
  }
  return { nodes, data, stop }
}
