/** Messages between a thread network's main thread (network.ts) and its workers (worker.ts). */
import type { Parley, ParleyInit } from '../../src/app/index.js'
import type { MessagePort } from 'node:worker_threads'

export interface WorkerInit {
  thread: number
  /** the network's data folder; each node gets node-<index> in it */
  root: string
  label: string
  /** URL of the module whose `ops` export holds the scenario's operations */
  ops: string
  /** thread number → port to that thread, for the port transport's dials and frames */
  links: Record<number, MessagePort>
  /** settings for every node (clonable ones only) */
  parley: Partial<ParleyInit>
}

export interface StartRequest {
  indices: number[]
  bootstrap: string[]
}

export interface Request {
  id: number
  op: string
  /** the node the operation runs on (none for the thread's own operations) */
  index?: number
  args?: unknown
}

export type Response =
  | { id: number, result: unknown }
  | { id: number, error: { name: string, message: string } }
  | { event: string, detail: unknown }

export interface OpContext {
  thread: number
  /** sends an event to the main thread's listeners */
  emit: (event: string, detail: unknown) => void
}

/** A scenario's operations on one node; arguments and results must be clonable. */
export type NodeOps = Record<string, (node: Parley, args: any, context: OpContext) => unknown>

/** Wall-clock time in ms with sub-ms precision, comparable between the threads of a process. */
export function now (): number {
  return performance.timeOrigin + performance.now()
}
