import { homedir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../api/index.js'
import { Parley } from '../app/index.js'
import { UsageError, parseHostPort } from './args.js'
import type { NetworkScope } from '../net/index.js'

/** How long after `ready` the node compacts its heap: the start-up work is over by then. */
export const HEAP_COMPACTION_DELAY_MS = 2_000

/**
 * Runs V8's memory-reducing full collection (the one it runs under memory pressure: it
 * shrinks the young generation and compacts and releases free pages) if the process was
 * started with `--expose-gc`, as `parley` processes are. Start-up leaves several MB of
 * garbage and an enlarged young generation that V8 never gives back while the node is
 * idle, because only allocation triggers collections: 84 MB resident after 25 s idle,
 * 79 MB after this (README, "Resource use"). Returns whether it ran.
 */
export function compactHeap (): boolean {
  const gc = (globalThis as { gc?: (options: { type: string, execution: string, flavor: string }) => void }).gc
  if (typeof gc !== 'function') return false
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  return true
}

export interface NodeCommandInit {
  data?: string
  listen?: string[]
  /** HOST:PORT, or unix:PATH for a Unix socket (default 127.0.0.1:7777) */
  api?: string
  bootstrap?: string[]
  /** key derivations run at once (default 1: 128 MiB each at the default scrypt cost) */
  kdfConcurrency?: number
  /** key derivations waiting for a turn before logins answer 503 kdf_busy (default 8) */
  kdfQueue?: number
  /** login attempts per client and per username before backoff (default 5) */
  loginAttempts?: number

  /** 'internet' (default) or 'local' (one machine or LAN) */
  network?: string
  announce?: string[]
  /** run as a public node (relay, DHT server) */
  public?: boolean
  /**
   * leading zero bits of the proof-of-work stamp this node asks of crates from strangers and
   * mints for its own (default 22, src/mailbox/constants.ts; loopback tests use less)
   */
  stampBits?: number
  /** started by `parley devnet`: exit when the parent's IPC channel closes */
  devnetChild?: boolean
}

function parseNetworkScope (value: string | undefined): NetworkScope | undefined {
  if (value == null) return undefined
  if (value !== 'internet' && value !== 'local') throw new UsageError(`--network must be internet or local, not ${JSON.stringify(value)}`)
  return value
}

/** `parley node`: runs one node (P2P, API, UI) until SIGINT/SIGTERM, then stops cleanly. */
export async function runNode (init: NodeCommandInit): Promise<void> {
  const started = performance.now()
  const apiAddress = init.api ?? '127.0.0.1:7777'
  const listenOn = apiAddress.startsWith('unix:') ? { socketPath: apiAddress.slice(5) } : parseHostPort(apiAddress)
  const network = parseNetworkScope(init.network)
  const parley = await Parley.create({
    dataDir: init.data ?? join(homedir(), '.parley'),
    listen: init.listen != null && init.listen.length > 0 ? init.listen : undefined,
    bootstrap: init.bootstrap,
    kdf: { concurrency: init.kdfConcurrency, maxQueued: init.kdfQueue },
    loginLimits: { freeAttempts: init.loginAttempts },
    network,
    announce: init.announce,
    publicNode: init.public === true,
    ...(init.stampBits != null ? { mailbox: { stampBits: init.stampBits } } : {}),
    // how often a logged-in user's mailbox is polled (default 30 s); a test knob, like
    // PARLEY_TRANSPORT_DELAY_MS: the short chaos run waits seconds instead of a poll period
    ...(process.env.PARLEY_DM_POLL_MS != null ? { dmPollIntervalMs: Number(process.env.PARLEY_DM_POLL_MS) } : {})
  })
  const api = await startApiServer(parley, listenOn)
  const bootstrap = await parley.start()
  const lines = [
    `peer id: ${parley.peerId}`,
    ...parley.libp2p.getMultiaddrs().map((a) => `listening: ${a.toString()}`),
    ...(api.address.startsWith('unix:') ? [`api: ${api.address}`] : [`api: http://${api.address}/api`, `ui: http://${api.address}/`])
  ]
  const wanted = init.bootstrap?.length ?? 0
  if (wanted > 0) {
    lines.push(bootstrap.reached.length > 0
      ? `bootstrap: reached ${bootstrap.reached.length} of ${wanted}`
      : `bootstrap: no bootstrap peer reachable (${bootstrap.unreachable.map((u) => u.error).join('; ')}); running alone, retrying every 10 s`)
  } else {
    lines.push('bootstrap: none given; waiting for peers to dial in')
  }
  if (bootstrap.known.tried > 0) lines.push(`known peers: reached ${bootstrap.known.reached.length} of ${bootstrap.known.tried}`)
  lines.push(`started in ${Math.round(performance.now() - started)} ms`, 'ready')
  process.stdout.write(lines.join('\n') + '\n')
  setTimeout(compactHeap, HEAP_COMPACTION_DELAY_MS).unref()

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
