#!/usr/bin/env node
import { UsageError, parseCommand } from './args.js'
import { ApiError } from '../api/errors.js'
import { callApi, loadToken, saveToken } from './client.js'
import { devnetPassword, startDevnet } from './devnet.js'
import { runNode } from './node-command.js'
import { readPassword } from './password.js'

const USAGE = `usage:
  parley node    [--data DIR] [--listen MULTIADDR]... [--api HOST:PORT] [--bootstrap MULTIADDR]...
  parley devnet  [--users alice,bob,carol] [--bootstrap-nodes 3] [--base-port 7000] [--data DIR]
  parley <command> [--api HOST:PORT] [--json]   (talks to a running node; default 127.0.0.1:7777)
    register USERNAME [--password P]   create a user on the node and log in
    login USERNAME [--password P]      log in (from this node's keystore or the network)
    logout                             publish offline and lock the keys
    whoami                             the logged-in user
    user USERNAME                      look a user up through the DHT
    peers                              peer id, addresses, connected peers, DHT size
    health                             is the node up
  The password comes from --password, PARLEY_PASSWORD, or a prompt.`

const CLIENT_OPTIONS = {
  api: { type: 'string' },
  json: { type: 'boolean' },
  password: { type: 'string' }
} as const

async function main (argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command == null || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n')
    return
  }
  if (command === 'node') {
    const { values } = parseCommand(rest, {
      data: { type: 'string' },
      listen: { type: 'string', multiple: true },
      api: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      'devnet-child': { type: 'boolean' }
    })
    await runNode({ data: values.data, listen: values.listen, api: values.api, bootstrap: values.bootstrap, devnetChild: values['devnet-child'] })
    return
  }
  if (command === 'devnet') {
    await devnet(rest)
    return
  }
  await client(command, rest)
}

async function devnet (argv: string[]): Promise<void> {
  const { values } = parseCommand(argv, {
    users: { type: 'string' },
    'bootstrap-nodes': { type: 'string' },
    'base-port': { type: 'string' },
    data: { type: 'string' }
  })
  const users = (values.users ?? 'alice,bob,carol').split(',').filter(Boolean)
  const bootstrapNodes = Number(values['bootstrap-nodes'] ?? 3)
  const basePort = Number(values['base-port'] ?? 7000)
  if (!Number.isInteger(bootstrapNodes) || bootstrapNodes < 1) throw new UsageError('--bootstrap-nodes must be a positive integer')
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65000) throw new UsageError('--base-port must be 1024-65000')
  process.stdout.write(`starting ${bootstrapNodes} bootstrap node(s) and ${users.length} user node(s)...\n`)
  const net = await startDevnet({ users, bootstrapNodes, basePort, data: values.data })
  process.stdout.write(`devnet data: ${net.data}\n`)
  for (const node of net.nodes) {
    const who = users.includes(node.name) ? `${node.name} (password ${devnetPassword(node.name)})` : node.name
    process.stdout.write(`  ${who.padEnd(40)} ui http://${node.api}/   p2p ${node.p2p}\n`)
  }
  process.stdout.write('devnet ready; Ctrl-C stops every node\n')
  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    process.stdout.write('stopping devnet...\n')
    await net.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => { void stop() })
  process.on('SIGTERM', () => { void stop() })
  for (const node of net.nodes) {
    node.process.once('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`${node.name} exited (${signal ?? code}); the rest keep running\n`)
    })
  }
}

async function client (command: string, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommand(argv, CLIENT_OPTIONS)
  const api: string = values.api ?? process.env.PARLEY_API ?? '127.0.0.1:7777'
  const token = await loadToken(api)
  const print = (human: string, json: unknown): void => {
    process.stdout.write((values.json === true ? JSON.stringify(json, null, 2) : human) + '\n')
  }
  const needName = (): string => {
    if (positionals[0] == null) throw new UsageError(`${command} needs a USERNAME`)
    return positionals[0]
  }
  switch (command) {
    case 'register':
    case 'login': {
      const username = needName()
      const answer = await callApi(api, 'POST', `/api/${command}`, { body: { username, password: await readPassword(values.password) } })
      await saveToken(api, answer.token)
      print(`${command === 'register' ? 'registered and logged in' : 'logged in'} as ${answer.user.username} (${answer.user.userId})`, answer)
      return
    }
    case 'logout':
      await callApi(api, 'POST', '/api/logout', { token })
      await saveToken(api, undefined)
      print('logged out', { ok: true })
      return
    case 'whoami': {
      const me = await callApi(api, 'GET', '/api/me', { token })
      print(`${me.username} (${me.userId}) ${me.online ? 'online' : 'offline'}, ${me.followers} followers, ${me.following} following`, me)
      return
    }
    case 'user': {
      const user = await callApi(api, 'GET', `/api/users/${encodeURIComponent(needName())}`, { token })
      const seen = user.lastSeen > 0 ? new Date(user.lastSeen).toISOString() : 'never'
      print([
        `${user.username} (${user.userId})`,
        `  ${user.online ? 'online' : 'offline'}, last seen ${seen}`,
        `  ${user.followers} followers, ${user.following} following`,
        ...user.devices.map((d: any) => `  device ${d.peerId}${d.peerId === user.activeDevice ? ' (active)' : ''}`)
      ].join('\n'), user)
      return
    }
    case 'peers': {
      const net = await callApi(api, 'GET', '/api/network', { token })
      print([
        `peer id: ${net.peerId}`,
        ...net.addresses.map((a: string) => `listening: ${a}`),
        `dht routing table: ${net.dht.routingTableSize} peers`,
        `connected to ${net.peers.length} peer(s):`,
        ...net.peers.map((p: any) => `  ${p.peerId} ${p.addresses.join(' ')}`)
      ].join('\n'), net)
      return
    }
    case 'health': {
      const health = await callApi(api, 'GET', '/api/health')
      print(`ok: peer ${health.peerId}, version ${health.version}`, health)
      return
    }
    default:
      throw new UsageError(`unknown command "${command}"`)
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    process.stderr.write(`parley: ${err.message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (err instanceof ApiError) {
    process.stderr.write(`parley: ${err.message} (${err.code})\n`)
    process.exit(1)
  }
  process.stderr.write(`parley: ${err?.stack ?? err}\n`)
  process.exit(1)
})
