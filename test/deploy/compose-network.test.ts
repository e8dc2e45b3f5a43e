/**
 * deploy/compose.yaml's network, run as `parley node` processes on 127.0.0.1 (there is no
 * container engine here): each service's own command line, with only what Docker provides
 * put back by hand — a port of its own instead of 4001/7777 in its own container, and
 * `/dns4/localhost/tcp/PORT` for `/dns4/SERVICE/tcp/4001`. The two public nodes bootstrap
 * each other, the user nodes join through them, and every node becomes ready.
 */
import assert from 'node:assert/strict'
import { readFile, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { parse } from 'yaml'
import { callHttp, freePort, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../support/processes.js'
import type { NodeProcess } from '../support/processes.js'

const COMPOSE = fileURLToPath(new URL('../../../deploy/compose.yaml', import.meta.url))

/** A service's `parley node` arguments without `--api` and `--network`, which the test sets. */
function nodeArgs (command: string[], p2pPorts: Map<string, number>): { args: string[], network: string } {
  assert.equal(command[0], 'node')
  const args: string[] = []
  let network = 'internet'
  for (let i = 1; i < command.length; i++) {
    if (command[i] === '--api') { i++; continue }
    if (command[i] === '--network') { network = command[++i]; continue }
    args.push(command[i].replace(/^\/dns4\/([a-z0-9-]+)\/tcp\/4001$/, (_, name: string) => {
      const port = p2pPorts.get(name)
      assert.ok(port !== undefined, `${name} is a service of the compose file`)
      return `/dns4/localhost/tcp/${port}`
    }))
  }
  return { args, network }
}

describe('deploy/compose.yaml: two public nodes and two user nodes', () => {
  const nodes = new Map<string, NodeProcess>()
  const dirs: string[] = []
  after(async () => {
    await Promise.all([...nodes.values()].map(async (node) => stopNodeProcess(node)))
    await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true })))
  })

  it('the public nodes bootstrap each other by name, the user nodes join through both, and every node is ready', async () => {
    const compose = parse(await readFile(COMPOSE, 'utf8'), { merge: true }) as { services: Record<string, { command: string[], depends_on?: object }> }
    const services = Object.entries(compose.services)
    const p2pPorts = new Map<string, number>()
    for (const [name] of services) p2pPorts.set(name, await freePort())
    const start = async ([name, service]: [string, { command: string[] }]): Promise<void> => {
      const { args, network } = nodeArgs(service.command, p2pPorts)
      assert.equal(network, 'local', `${name}: the nodes share a private bridge network`)
      const data = await tempDir(`parley-compose-${name}-`)
      dirs.push(data)
      nodes.set(name, await startNodeProcess({ data, p2pPort: p2pPorts.get(name), args, network: 'local' }))
    }
    // compose starts the nodes nothing depends on first, the others once those are healthy
    await Promise.all(services.filter(([, s]) => s.depends_on === undefined).map(start))
    await Promise.all(services.filter(([, s]) => s.depends_on !== undefined).map(start))

    // ready: connected to a peer and a DHT server known (GET /api/network, which names the
    // peers, needs a logged-in user; registering one costs a 128 MiB key derivation per node)
    for (const name of ['public1', 'public2', 'alice', 'bob']) {
      const node = nodes.get(name)
      assert.ok(node !== undefined, `service ${name}`)
      await waitFor(async () => (await callHttp(node.api, 'GET', '/api/health?ready')).status === 200, 60_000, `${name} ready`, 250)
    }
  })
})

