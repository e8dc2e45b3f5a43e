import { homedir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../api/index.js'
import { Parley } from '../app/index.js'
import { parseHostPort } from './args.js'

export interface NodeCommandInit {
  data?: string
  listen?: string[]
  api?: string
  bootstrap?: string[]
  /** started by `parley devnet`: exit when the parent's IPC channel closes */
  devnetChild?: boolean
}

/** `parley node`: runs one node (P2P, API, UI) until SIGINT/SIGTERM, then stops cleanly. */
export async function runNode (init: NodeCommandInit): Promise<void> {
  const started = performance.now()
  const { host, port } = parseHostPort(init.api ?? '127.0.0.1:7777')
  const parley = await Parley.create({
    dataDir: init.data ?? join(homedir(), '.parley'),
    listen: init.listen != null && init.listen.length > 0 ? init.listen : undefined,
    bootstrap: init.bootstrap
  })
  const api = await startApiServer(parley, { host, port })
  const bootstrap = await parley.start()
  const lines = [
    `peer id: ${parley.peerId}`,
    ...parley.libp2p.getMultiaddrs().map((a) => `listening: ${a.toString()}`),
    `api: http://${api.address}/api`,
    `ui: http://${api.address}/`
  ]
  const wanted = init.bootstrap?.length ?? 0
  if (wanted > 0) {
    lines.push(bootstrap.reached.length > 0
      ? `bootstrap: reached ${bootstrap.reached.length} of ${wanted}`
      : `bootstrap: no bootstrap peer reachable (${bootstrap.unreachable.map((u) => u.error).join('; ')}); running alone, retrying every 10 s`)
  } else {
    lines.push('bootstrap: none given; waiting for peers to dial in')
  }
  lines.push(`started in ${Math.round(performance.now() - started)} ms`, 'ready')
  process.stdout.write(lines.join('\n') + '\n')

  let stopping = false
  const stop = async (why: string): Promise<void> => {
    if (stopping) return
    stopping = true
    process.stdout.write(`stopping (${why})\n`)
    const force = setTimeout(() => process.exit(1), 5_000)
    force.unref()
    await api.close().catch(() => {})
    await parley.stop().catch(() => {})
    process.exit(0)
  }
  process.on('SIGINT', () => { void stop('SIGINT') })
  process.on('SIGTERM', () => { void stop('SIGTERM') })
  if (init.devnetChild === true) process.on('disconnect', () => { void stop('devnet parent gone') })
}
