import { homedir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../api/index.js'
import { Parley } from '../app/index.js'
import { parseHostPort } from './args.js'
import { compactHeap, debugMemoryOnSignal, idleHeapCompaction } from './memory.js'
import { sourceInWords } from './config.js'
import { createLogRoot, pinoLogger } from '../kernel/index.js'
import type { ResolvedConfig } from './config.js'

/** How long after `ready` the node compacts its heap: the start-up work is over by then. */
export const HEAP_COMPACTION_DELAY_MS = 2_000
export { compactHeap, memoryReport } from './memory.js'

export interface NodeCommandInit {
  /** every setting, resolved from flags, environment, config file and defaults (config.ts) */
  settings: ResolvedConfig
  /** started by `parley devnet`: exit when the parent's IPC channel closes */
  devnetChild?: boolean
  /** readable log lines instead of JSON (default: when standard error is a terminal) */
  prettyLogs?: boolean
}

/** `parley node`: runs one node (P2P, API, UI) until SIGINT/SIGTERM, then stops cleanly. */
export async function runNode (init: NodeCommandInit): Promise<void> {
  const started = performance.now()
  const config = init.settings.config
  const level = config['log-level'] ?? 'info'
  const log = createLogRoot({ level, pretty: init.prettyLogs ?? process.stderr.isTTY === true })
  // where each setting came from, for "why is it doing that" (no setting is a secret)
  log.debug({ config, sources: Object.fromEntries(Object.entries(init.settings.sources).map(([k, v]) => [k, sourceInWords(v)])) }, 'settings')
  const apiAddress = config.api ?? '127.0.0.1:7777'
  const listenOn = apiAddress.startsWith('unix:') ? { socketPath: apiAddress.slice(5) } : parseHostPort(apiAddress)
  const dataDir = config.data ?? join(homedir(), '.parley')
  const parley = await Parley.create({
    dataDir,
    listen: config.listen != null && config.listen.length > 0 ? config.listen : undefined,
    bootstrap: config.bootstrap,
    kdf: { concurrency: config['kdf-concurrency'], maxQueued: config['kdf-queue'] },
    loginLimits: { freeAttempts: config['login-attempts'] },
    network: config.network,
    announce: config.announce,
    publicNode: config.public === true,
    relayReservations: config.relays,
    maxInboundPerIp: config['max-connections-per-ip'],
    relayService: { maxReservations: config['relay-max-reservations'], durationLimitMs: config['relay-duration-ms'], dataLimitBytes: config['relay-data-bytes'] },
    ...(config.archive != null && config.archive.length > 0 ? { archive: { usernames: config.archive } } : {}),
    ...(config['stamp-bits'] != null ? { mailbox: { stampBits: config['stamp-bits'] } } : {}),
    dmPollIntervalMs: config['dm-poll-ms'],
    dmDeviceSyncDelayMs: config['dm-device-sync-delay-ms'],
    deviceName: config['device-name'],
    logger: pinoLogger(log, 'parley')
  })
  const api = await startApiServer(parley, { ...listenOn, log, dataDir, sessionIdleMs: (config['session-idle-hours'] ?? 336) * 3600_000 })
  const bootstrap = await parley.start()
  // "stay signed in": the user of the sessions kept from the last run is signed back in
  const resumed = await api.resumeSessions().catch((err: Error) => { log.warn({ err }, 'sessions not resumed'); return undefined })
  const lines = [
    `peer id: ${parley.peerId}`,
    ...parley.libp2p.getMultiaddrs().map((a) => `listening: ${a.toString()}`),
    ...(api.address.startsWith('unix:') ? [`api: ${api.address}`] : [`api: http://${api.address}/api`, `ui: http://${api.address}/`])
  ]
  const wanted = config.bootstrap?.length ?? 0
  if (wanted > 0) {
    lines.push(bootstrap.reached.length > 0
      ? `bootstrap: reached ${bootstrap.reached.length} of ${wanted}`
      : `bootstrap: no bootstrap peer reachable (${bootstrap.unreachable.map((u) => u.error).join('; ')}); running alone, retrying every 10 s`)
  } else {
    lines.push('bootstrap: none given; waiting for peers to dial in')
  }
  if (resumed != null) lines.push(`signed in: ${resumed} (stayed signed in)`)
  if (bootstrap.known.tried > 0) lines.push(`known peers: reached ${bootstrap.known.reached.length} of ${bootstrap.known.tried}`)
  lines.push(`started in ${Math.round(performance.now() - started)} ms`, 'ready')
  process.stdout.write(lines.join('\n') + '\n')
  // what a compaction frees besides the heap: SQLite's page cache, read back when needed
  const release = (): void => { parley.database.releaseMemory() }
  setTimeout(() => compactHeap(release), HEAP_COMPACTION_DELAY_MS).unref()
  debugMemoryOnSignal(release)
  const idleCompaction = idleHeapCompaction(release)

  let stopping = false
  const stop = async (why: string): Promise<void> => {
    if (stopping) return
    stopping = true
    clearInterval(idleCompaction)
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
