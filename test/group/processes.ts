import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { CLI } from '../helpers/processes.js'
import type { ChildProcess } from 'node:child_process'

/** A `parley node` process at fixed ports, so it can be killed and come back at the same address. */
export interface GroupNodeProcess {
  child: ChildProcess
  peerId: string
  addr: string
  api: string
  exited: Promise<unknown>
}

export async function spawnNode (args: { data: string, apiPort: number, p2pPort: number, bootstrap?: string[], env?: Record<string, string> }): Promise<GroupNodeProcess> {
  const api = `127.0.0.1:${args.apiPort}`
  const child = spawn(process.execPath, [CLI, 'node', '--data', args.data, '--api', api,
    '--listen', `/ip4/127.0.0.1/tcp/${args.p2pPort}`, ...(args.bootstrap ?? []).flatMap((b) => ['--bootstrap', b])],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...args.env } })
  const errors: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => { errors.push(chunk.toString()) })
  const exited = new Promise((resolve) => { child.once('exit', resolve) })
  const lines = createInterface({ input: child.stdout! })
  return new Promise((resolve, reject) => {
    let peerId = ''
    let addr = ''
    const timer = setTimeout(() => { reject(new Error(`node not ready in 30 s: ${errors.join('')}`)) }, 30_000)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`node exited (${String(code)}) before ready: ${errors.join('')}`)) })
    lines.on('line', (line) => {
      if (line.startsWith('peer id: ')) peerId = line.slice(9)
      if (line.startsWith('listening: ') && line.includes('/tcp/') && !line.includes('/ws')) addr = line.slice(11)
      if (line === 'ready') { clearTimeout(timer); resolve({ child, peerId, addr, api, exited }) }
    })
  })
}

export async function kill (node: GroupNodeProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (node.child.exitCode != null || node.child.signalCode != null) return
  node.child.kill(signal)
  await node.exited
}
