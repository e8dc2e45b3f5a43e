import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { spawnParley } from '../../src/cli/spawn.js'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'


export interface NodeProcess {
  child: ChildProcess
  peerId: string
  addrs: string[]
  api: string
  output: string[]
  /** resolves with the exit code or signal */
  exited: Promise<number | string>
}

/** Starts `parley node` as a user would and waits for its `ready` line. */
export async function startNodeProcess (args: { data: string, api: string, listen?: string, bootstrap?: string[], env?: Record<string, string> }): Promise<NodeProcess> {
  const child = spawnParley(['node', '--data', args.data, '--api', args.api,
    '--listen', args.listen ?? '/ip4/127.0.0.1/tcp/0', ...(args.bootstrap ?? []).flatMap((b) => ['--bootstrap', b])],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...args.env } })
  const output: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => { output.push(chunk.toString()) })
  const exited = new Promise<number | string>((resolve) => { child.once('exit', (code, signal) => { resolve(signal ?? code ?? -1) }) })
  const lines = createInterface({ input: child.stdout! })
  const node = await new Promise<NodeProcess>((resolve, reject) => {
    let peerId = ''
    const addrs: string[] = []
    const timer = setTimeout(() => { reject(new Error(`node not ready in 30 s: ${output.join('')}`)) }, 30_000)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`node exited (${code}) before ready: ${output.join('')}`)) })
    lines.on('line', (line) => {
      output.push(line)
      if (line.startsWith('peer id: ')) peerId = line.slice(9)
      if (line.startsWith('listening: ')) addrs.push(line.slice(11))
      if (line === 'ready') { clearTimeout(timer); resolve({ child, peerId, addrs, api: args.api, output, exited }) }
    })
  })
  return node
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

/** A free TCP port on 127.0.0.1, found by letting the OS pick one. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const port = (server.address() as AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
