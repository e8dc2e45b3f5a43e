/**
 * Measures one real `parley node` process: time from spawn to its `ready` line, its
 * resident memory once idle, and how long it takes to exit on SIGTERM.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { CLI_ENTRY, spawnParley } from '../src/cli/spawn.js'
import { freePort } from '../test/helpers/processes.js'
import type { ChildProcess } from 'node:child_process'
import type { Progress } from './scenario.js'


export interface NodeProcessFigures {
  /** spawn to the `ready` line on stdout, as the harness saw it */
  readyMs: number
  /** the start-up time the process printed itself ("started in N ms"), if it did */
  selfReportedReadyMs?: number
  /** VmRSS after the idle period */
  idleRssMiB: number
  /** SIGTERM to exit; undefined when it had to be killed */
  stopMs?: number
  /** what the process printed up to `ready`, for the record */
  stdout: string[]
}

export interface NodeProcessInit {
  progress: Progress
  /** how long the node sits idle before its memory is read (default 5000 ms) */
  idleMs?: number
  /** how long to wait for `ready` before giving up (default 30 000 ms) */
  readyTimeoutMs?: number
}

export type NodeProcessResult = { available: true, figures: NodeProcessFigures } | { available: false, reason: string }

async function residentMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kB = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
  if (kB == null) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(kB) / 1024
}

// the CLI prints its own start-up time ("started in 83 ms") on a line before `ready`
const SELF_REPORTED = /\b(?:started|ready)\b.*?(\d+(?:\.\d+)?)\s*ms\b/i

interface ReadyOutput {
  /** the stdout lines up to and including the ready line */
  lines: string[]
  selfReportedMs?: number
}

/** Resolves once stdout shows `ready`, or rejects when the process exits or the time runs out. */
async function waitForReady (child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<ReadyOutput> {
  return new Promise((resolve, reject) => {
    const seen: string[] = []
    let selfReportedMs: number | undefined
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => { reject(new Error(`no "ready" line within ${timeoutMs} ms; stderr: ${stderr()}`)) }, timeoutMs)
    let ready = false
    // keeps reading after `ready` too, so a chatty node never blocks on a full pipe
    lines.on('line', (line) => {
      if (ready) return
      seen.push(line)
      const figure = SELF_REPORTED.exec(line)?.[1]
      if (figure != null) selfReportedMs = Number(figure)
      if (!/^\s*ready\b/i.test(line)) return
      ready = true
      clearTimeout(timer)
      resolve({ lines: seen, selfReportedMs })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`exited (${signal ?? code}) before ready; stderr: ${stderr()}`))
    })
  })
}

async function terminate (child: ChildProcess): Promise<number | undefined> {
  if (child.exitCode != null || child.signalCode != null) return 0
  const started = performance.now()
  const exited = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000)
    child.once('exit', () => { clearTimeout(timer); resolve(true) })
  })
  child.kill('SIGTERM')
  if (await exited) return performance.now() - started
  child.kill('SIGKILL')
  return undefined
}

export async function measureNodeProcess (init: NodeProcessInit): Promise<NodeProcessResult> {
  if (!existsSync(CLI_ENTRY)) return { available: false, reason: 'dist/src/cli/parley.mjs is not built' }
  if (!existsSync('/proc/self/status')) return { available: false, reason: 'no /proc to read memory from' }
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-node-'))
  const api = `127.0.0.1:${await freePort()}`
  let stderr = ''
  const started = performance.now()
  const child = spawnParley(['node', '--data', dataDir, '--api', api, '--listen', '/ip4/127.0.0.1/tcp/0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2_000) })
  try {
    const ready = await waitForReady(child, init.readyTimeoutMs ?? 30_000, () => stderr.trim())
    const readyMs = performance.now() - started
    const own = ready.selfReportedMs == null ? '' : ` (it reports ${ready.selfReportedMs} ms itself)`
    init.progress(`node process ready after ${readyMs.toFixed(0)} ms${own}; idling ${init.idleMs ?? 5_000} ms`)
    await new Promise((resolve) => setTimeout(resolve, init.idleMs ?? 5_000))
    const idleRssMiB = await residentMiB(child.pid!)
    const stopMs = await terminate(child)
    init.progress(`node process idle RSS ${idleRssMiB.toFixed(1)} MiB; ${stopMs == null ? 'killed: ignored SIGTERM' : `exited ${stopMs.toFixed(0)} ms after SIGTERM`}`)
    return {
      available: true,
      figures: { readyMs, selfReportedReadyMs: ready.selfReportedMs, idleRssMiB, stopMs, stdout: ready.lines }
    }
  } catch (err: any) {
    return { available: false, reason: err.message ?? String(err) }
  } finally {
    await terminate(child)
    await rm(dataDir, { recursive: true, force: true })
  }
}
