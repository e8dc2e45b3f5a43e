/**
 * Measures one real `parley node` process: time from spawn to its `ready` line, its
 * resident memory once idle, and how long it takes to exit on SIGTERM.
 */
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { CLI_ENTRY } from '../src/cli/spawn.js'
import { freePort, tempDir } from '../test/support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../test/support/processes.js'
import type { NodeProcess } from '../test/support/processes.js'
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

/** SIGTERM, then the time to exit; undefined when it had to be SIGKILLed after 10 s. */
async function terminate (node: NodeProcess): Promise<number | undefined> {
  const started = performance.now()
  return await stopNodeProcess(node, 'SIGTERM', 10_000) ? performance.now() - started : undefined
}

export async function measureNodeProcess (init: NodeProcessInit): Promise<NodeProcessResult> {
  if (!existsSync(CLI_ENTRY)) return { available: false, reason: 'dist/src/cli/parley.mjs is not built' }
  if (!existsSync('/proc/self/status')) return { available: false, reason: 'no /proc to read memory from' }
  const dataDir = await tempDir('parley-bench-node-')
  const api = `127.0.0.1:${await freePort()}`
  let node: NodeProcess | undefined
  try {
    const started = performance.now()
    node = await startNodeProcess({ data: dataDir, api, readyTimeoutMs: init.readyTimeoutMs ?? 30_000 })
    const readyMs = performance.now() - started
    const selfReportedMs = node.stdout.map((line) => SELF_REPORTED.exec(line)?.[1]).findLast((figure) => figure != null)
    const selfReportedReadyMs = selfReportedMs == null ? undefined : Number(selfReportedMs)
    const own = selfReportedReadyMs == null ? '' : ` (it reports ${selfReportedReadyMs} ms itself)`
    init.progress(`node process ready after ${readyMs.toFixed(0)} ms${own}; idling ${init.idleMs ?? 5_000} ms`)
    await new Promise((resolve) => setTimeout(resolve, init.idleMs ?? 5_000))
    const idleRssMiB = await residentMiB(node.child.pid!)
    const stopMs = await terminate(node)
    init.progress(`node process idle RSS ${idleRssMiB.toFixed(1)} MiB; ${stopMs == null ? 'killed: ignored SIGTERM' : `exited ${stopMs.toFixed(0)} ms after SIGTERM`}`)
    return {
      available: true,
      figures: { readyMs, selfReportedReadyMs, idleRssMiB, stopMs, stdout: node.stdout }
    }
  } catch (err: any) {
    return { available: false, reason: err.message ?? String(err) }
  } finally {
    if (node != null) await terminate(node)
    await rm(dataDir, { recursive: true, force: true })
  }
}
