import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { freePort, tempDir } from '../support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../support/processes.js'

/** How many of 16 libp2p connections from 127.0.0.1 (16 peer ids, 4 a second: under the inbound rate threshold) a node lets stand (test/support/dial-flood.ts). */
async function floodHolds (target: string, intervalMs = 250): Promise<number> {
  const flood = spawn(process.execPath, [fileURLToPath(new URL('../support/dial-flood.js', import.meta.url)),
    '--target', target, '--libp2p', '16', '--raw', '0', '--hold-ms', '500', '--interval-ms', String(intervalMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: flood.stdout! })[Symbol.asyncIterator]()
  await lines.next() // holding
  const done = JSON.parse(String((await lines.next()).value))
  await new Promise((resolve) => flood.once('exit', resolve))
  return done.libp2pStillOpen
}

/**
 * The internet-safe limits are settings, not constants: `parley node --network internet`
 * holds at most 8 inbound connections from one IP address by default, and
 * `--max-connections-per-ip` (PARLEY_MAX_CONNECTIONS_PER_IP, or the config file) changes it.
 */
describe('parley node: inbound connections per IP address', () => {
  for (const [args, env, cap] of [[[], {}, 8], [['--max-connections-per-ip', '3'], {}, 3], [[], { PARLEY_MAX_CONNECTIONS_PER_IP: '12' }, 12]] as const) {
    it(`${args.length > 0 ? args.join(' ') : Object.keys(env).length > 0 ? JSON.stringify(env) : 'by default'}: at most ${cap} from one address`, async () => {
      const data = await tempDir()
      const port = await freePort()
      const node = await startNodeProcess({ data, network: 'internet', p2pPort: port, args: [...args], env: { ...env } })
      try {
        // on the internet a node does not list its loopback address: dial the port it was given
        const held = await floodHolds(`/ip4/127.0.0.1/tcp/${port}/p2p/${node.peerId}`)
        assert.equal(held, Math.min(cap, 16), `connections held of 16, cap ${cap}`)
      } finally {
        await stopNodeProcess(node)
        await rm(data, { recursive: true, force: true })
      }
    })
  }

  it('a burst of dials that all arrive before the first handshake ends gets no more than the cap', async () => {
    const data = await tempDir()
    const port = await freePort()
    const node = await startNodeProcess({ data, network: 'internet', p2pPort: port, args: ['--max-connections-per-ip', '2'] })
    try {
      const held = await floodHolds(`/ip4/127.0.0.1/tcp/${port}/p2p/${node.peerId}`, 0)
      assert.ok(held >= 1 && held <= 2, `connections held of 16 dialled at once: ${held}, cap 2`)
    } finally {
      await stopNodeProcess(node)
      await rm(data, { recursive: true, force: true })
    }
  })
})
