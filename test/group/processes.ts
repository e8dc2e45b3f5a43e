import { startNodeProcess } from '../helpers/processes.js'
import type { ChildProcess } from 'node:child_process'

/** A `parley node` process at fixed ports, so it can be killed and come back at the same address. */
export interface GroupNodeProcess {
  child: ChildProcess
  peerId: string
  /** its TCP (not WebSocket) listen address */
  addr: string
  api: string
  exited: Promise<unknown>
}

export async function spawnNode (args: { data: string, apiPort: number, p2pPort: number, bootstrap?: string[], env?: Record<string, string> }): Promise<GroupNodeProcess> {
  const node = await startNodeProcess({
    data: args.data,
    api: `127.0.0.1:${args.apiPort}`,
    listen: `/ip4/127.0.0.1/tcp/${args.p2pPort}`,
    bootstrap: args.bootstrap,
    env: args.env
  })
  const addr = node.addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws')) ?? ''
  return { child: node.child, peerId: node.peerId, addr, api: node.api, exited: node.exited }
}

export async function kill (node: GroupNodeProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (node.child.exitCode != null || node.child.signalCode != null) return
  node.child.kill(signal)
  await node.exited
}
