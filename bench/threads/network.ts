/**
 * A simulated network of Parley nodes spread over worker threads: each thread has its own
 * event loop and heap, like a machine of a real deployment, and the threads use all cores.
 * Connections are in memory like libp2p's memory transport (port-transport.ts): frames
 * between threads travel over one MessagePort per pair of threads. The main thread drives
 * the nodes with the scenario's operations (`ops`).
 *
 * In one thread, 102 nodes share one 1.2 GB heap whose full collections stop every node at
 * once for up to a second, and every message waits behind all the work queued in the
 * process; a real node has a heap of a few MB and a core of its own.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageChannel, Worker } from 'node:worker_threads'
import type { Progress } from '../scenario.js'
import type { Request, Response, StartRequest, WorkerInit } from './protocol.js'
import type { ParleyInit } from '../../src/app/index.js'
import type { MessagePort } from 'node:worker_threads'

export interface ThreadNetworkInit {
  /** how many nodes, bootstrap node (index 0) included */
  size: number
  /** worker threads; node i runs on thread i mod threads */
  threads: number
  /** names the nodes' addresses and data folder */
  label: string
  progress: Progress
  /** the module (URL) whose `ops` export holds the operations `call` runs */
  ops: URL
  /** nodes started at once per thread (default 5) */
  startBatch?: number
  /** settings for every node; must be clonable (default: none) */
  parley?: Partial<ParleyInit>
}

export interface ThreadNetwork {
  size: number
  threads: number
  threadOf: (index: number) => number
  /** runs operation `op` of the scenario's ops on node `index` */
  call: <T = unknown>(index: number, op: string, args?: unknown) => Promise<T>
  /** every node's DHT routing table size, by node index */
  routingTableSizes: () => Promise<number[]>
  /** listens to the events the operations emit */
  onEvent: (listener: (event: string, detail: any) => void) => void
  stop: () => Promise<void>
}

interface Pending {
  resolve: (value: any) => void
  reject: (err: Error) => void
}

class Thread {
  readonly worker: Worker
  readonly #pending = new Map<number, Pending>()
  #next = 0
  #failed?: Error

  constructor (init: WorkerInit, transfer: MessagePort[], onEvent: (event: string, detail: unknown) => void) {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: init, transferList: transfer })
    this.worker.on('message', (message: Response) => {
      if ('event' in message) {
        onEvent(message.event, message.detail)
        return
      }
      const pending = this.#pending.get(message.id)
      this.#pending.delete(message.id)
      if ('error' in message) pending?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
      else pending?.resolve(message.result)
    })
    const fail = (err: Error): void => {
      this.#failed = err
      for (const pending of this.#pending.values()) pending.reject(err)
      this.#pending.clear()
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => { fail(new Error(`worker thread ${init.thread} exited with code ${code}`)) })
  }

  async request<T> (op: string, index?: number, args?: unknown): Promise<T> {
    if (this.#failed != null) throw this.#failed
    const id = this.#next++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, op, index, args } satisfies Request)
    })
  }
}

export async function startThreadNetwork (init: ThreadNetworkInit): Promise<ThreadNetwork> {
  const root = await mkdtemp(join(tmpdir(), `parley-bench-${init.label}-`))
  const listeners: Array<(event: string, detail: any) => void> = []
  const onEvent = (event: string, detail: any): void => {
    for (const listener of listeners) listener(event, detail)
  }
  // one channel per pair of threads: the dials, answers and frames between them travel over it
  const links: Array<Record<number, MessagePort>> = Array.from({ length: init.threads }, () => ({}))
  for (let a = 0; a < init.threads; a++) {
    for (let b = a + 1; b < init.threads; b++) {
      const { port1, port2 } = new MessageChannel()
      links[a][b] = port1
      links[b][a] = port2
    }
  }
  const threads = links.map((own, thread) => new Thread({
    thread,
    root,
    label: init.label,
    ops: init.ops.href,
    links: own,
    parley: init.parley ?? {}
  }, Object.values(own), onEvent))
  const threadOf = (index: number): number => index % init.threads
  const call = async <T>(index: number, op: string, args?: unknown): Promise<T> => threads[threadOf(index)].request<T>(op, index, args)
  const stop = async (): Promise<void> => {
    await Promise.allSettled(threads.map(async (thread) => thread.request('stop')))
    await Promise.all(threads.map(async (thread) => thread.worker.terminate()))
    await rm(root, { recursive: true, force: true })
  }
  const start = async (indices: number[], bootstrap: string[]): Promise<Record<number, string[]>> => {
    const byThread = new Map<number, number[]>()
    for (const index of indices) byThread.set(threadOf(index), [...(byThread.get(threadOf(index)) ?? []), index])
    const parts = await Promise.all([...byThread].map(async ([thread, own]) => threads[thread].request<Record<number, string[]>>('start', undefined, { indices: own, bootstrap } satisfies StartRequest)))
    return Object.assign({}, ...parts)
  }
  try {
    const addresses = await start([0], [])
    const bootstrap = addresses[0]
    const batch = (init.startBatch ?? 5) * init.threads
    for (let first = 1; first < init.size; first += batch) {
      const last = Math.min(init.size, first + batch)
      await start(Array.from({ length: last - first }, (_, i) => first + i), bootstrap)
      init.progress(`started ${last}/${init.size} nodes on ${init.threads} threads`)
    }
  } catch (err) {
    await stop()
    throw err
  }
  return {
    size: init.size,
    threads: init.threads,
    threadOf,
    call,
    routingTableSizes: async () => {
      const parts = await Promise.all(threads.map(async (thread) => thread.request<Array<[number, number]>>('routingTableSizes')))
      const sizes: number[] = []
      for (const [index, size] of parts.flat()) sizes[index] = size
      return sizes
    },
    onEvent: (listener) => { listeners.push(listener) },
    stop
  }
}
