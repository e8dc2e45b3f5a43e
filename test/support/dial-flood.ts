/**
 * A hostile host for the NAT lab (issue 17, must show 5): from one IP address, opens
 * `--libp2p N` libp2p connections to the target (from up to `--identities K` peer ids, default
 * 50: libp2p keeps one connection per peer, so each connection needs its own identity, as a
 * Sybil has) and `--raw N` bare TCP connections that never say anything, holds them for
 * `--hold-ms`, and prints one JSON line: how many of each the target let stand.
 * Run as `ip netns exec NS node dist/test/support/dial-flood.js --target MULTIADDR ...`; it
 * `--interval-ms` spaces the dials out. It prints a `holding` line once its dials have settled, and a `done` line after the hold.
 */
import { connect } from 'node:net'
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { getNetConfig } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import type { Socket } from 'node:net'

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    libp2p: { type: 'string', default: '1000' },
    raw: { type: 'string', default: '1000' },
    'hold-ms': { type: 'string', default: '10000' },
    identities: { type: 'string', default: '50' },
    'interval-ms': { type: 'string', default: '0' }
  }
})
const target = multiaddr(values.target!)
const config = getNetConfig(target)
const host = config.host
const port = Number('port' in config ? config.port : 0)

const dials = Number(values.libp2p)
const nodes = await Promise.all(Array.from({ length: Math.max(1, Math.min(dials, Number(values.identities))) }, async () => createLibp2p({
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { maxConnections: 100_000, maxParallelDials: 200, maxDialQueueLength: 100_000 },
  connectionMonitor: { enabled: false }
})))
const openConnections = (): number => nodes.reduce((sum, node) => sum + node.getConnections().filter((c) => c.status === 'open').length, 0)
const sockets: Socket[] = []
for (let i = 0; i < Number(values.raw); i++) {
  const socket = connect({ host, port })
  socket.on('error', () => {})
  sockets.push(socket)
}
// all at once, or one every `--interval-ms` (under a per-second inbound threshold)
const interval = Number(values['interval-ms'])
const results = await Promise.allSettled(Array.from({ length: dials }, async (_, i) => {
  if (interval > 0) await new Promise((resolve) => setTimeout(resolve, i * interval))
  return nodes[i % nodes.length].dial(target, { force: true, signal: AbortSignal.timeout(20_000) })
}))
const holding = {
  phase: 'holding',
  libp2pOpened: openConnections(),
  rawStillOpen: sockets.filter((s) => !s.destroyed && s.readyState === 'open').length
}
process.stdout.write(JSON.stringify(holding) + '\n')
await new Promise((resolve) => setTimeout(resolve, Number(values['hold-ms'])))
const result = {
  phase: 'done',
  libp2pDialled: results.length,
  libp2pAnswered: results.filter((d) => d.status === 'fulfilled').length,
  libp2pStillOpen: openConnections(),
  rawOpened: sockets.length,
  rawStillOpen: sockets.filter((s) => !s.destroyed && s.readyState === 'open').length
}
process.stdout.write(JSON.stringify(result) + '\n')
for (const s of sockets) s.destroy()
await Promise.all(nodes.map(async (node) => node.stop()))
process.exit(0)
