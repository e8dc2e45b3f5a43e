/**
 * One worker thread of a thread network (network.ts): hosts some of its Parley nodes,
 * on the port transport, and runs the operations the main thread asks of them.
 */
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { BENCH_SCRYPT, startTestNode } from '../../test/support/nodes.js'
import { linkThreads, portAddress, portTransport } from './port-transport.js'
import type { NodeOps, OpContext, Request, Response, StartRequest, WorkerInit } from './protocol.js'
import type { MessagePort } from 'node:worker_threads'
import type { Parley } from '../../src/app/index.js'

const init = workerData as WorkerInit
const port = parentPort as MessagePort
linkThreads(init.thread, new Map(Object.entries(init.links).map(([thread, link]) => [Number(thread), link])))
const { ops } = await import(init.ops) as { ops: NodeOps }
const nodes = new Map<number, Parley>()
const context: OpContext = {
  thread: init.thread,
  emit: (event, detail) => { port.postMessage({ event, detail } satisfies Response) }
}

async function start (request: StartRequest): Promise<Record<number, string[]>> {
  const addresses: Record<number, string[]> = {}
  await Promise.all(request.indices.map(async (index) => {
    // the main thread removes the data folders (network.ts)
    const { parley } = await startTestNode({
      api: false,
      keepData: true,
      dataDir: join(init.root, `node-${index}`),
      transport: portTransport(),
      listen: [portAddress(`${init.label}-${index}`)],
      bootstrap: request.bootstrap,
      scrypt: BENCH_SCRYPT,
      ...init.parley
    })
    nodes.set(index, parley)
    addresses[index] = parley.libp2p.getMultiaddrs().map((a) => a.toString())
  }))
  return addresses
}

async function run (request: Request): Promise<unknown> {
  switch (request.op) {
    case 'start': return start(request.args as StartRequest)
    case 'routingTableSizes': return [...nodes].map(([index, node]) => [index, node.network().dht.routingTableSize])
    case 'stop':
      await Promise.all([...nodes.values()].map(async (node) => node.stop()))
      nodes.clear()
      return null
  }
  const op = ops[request.op]
  if (op == null) throw new TypeError(`no operation ${request.op}`)
  const node = request.index == null ? undefined : nodes.get(request.index)
  if (node == null) throw new RangeError(`node ${request.index} is not on thread ${init.thread}`)
  return op(node, request.args, context)
}

port.on('message', (request: Request) => {
  run(request).then(
    (result) => { port.postMessage({ id: request.id, result } satisfies Response) },
    (err: any) => { port.postMessage({ id: request.id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err) } } satisfies Response) }
  )
})
