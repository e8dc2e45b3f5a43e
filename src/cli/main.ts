#!/usr/bin/env node
import { UsageError, parseCommand } from './args.js'
import { loadToken } from './client.js'
import { CLIENT_COMMANDS } from './commands/index.js'
import { ConfigError, configAsJson, formatConfig, nodeFlagSpec, resolveNodeConfig } from './config.js'
import { devnetPassword, startDevnet } from './devnet.js'
import { runNode } from './node-command.js'
import { nodeUsage } from './node-options.js'
import { ApiError } from '../api/index.js'
import { ParleyError } from '../kernel/index.js'

const COMMAND_USAGE = Object.values(CLIENT_COMMANDS).flatMap((c) => c.usage).map((line) => `    ${line}`).join('\n')

const USAGE = `usage:
  parley node    [--config FILE] [SETTING]...    runs a node; each setting is a flag, a PARLEY_* variable or
                 a key of the config file (flags win over the environment, which wins over the file):
${nodeUsage()}
  parley config print [--config FILE] [SETTING]... [--json]   the settings a node would run with, and their source
  parley devnet  [--users alice,bob,carol] [--bootstrap-nodes 3] [--base-port 7000] [--data DIR]
  parley <command> [--api HOST:PORT] [--json]   (talks to a running node; default 127.0.0.1:7777)
${COMMAND_USAGE}
  The password comes from --password, PARLEY_PASSWORD, or a prompt.`

const COMMON_OPTIONS = {
  api: { type: 'string' },
  json: { type: 'boolean' }
} as const

async function main (argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command == null || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n')
    return
  }
  if (command === 'node') {
    const { values, positionals } = parseCommand(rest, { ...nodeFlagSpec(), 'devnet-child': { type: 'boolean' } }, true)
    if (positionals.length > 0) throw new UsageError(`parley node takes no argument "${positionals[0]}"`)
    await runNode({ settings: resolveNodeConfig(values, process.env), devnetChild: values['devnet-child'] })
    return
  }
  if (command === 'config') {
    const { values, positionals } = parseCommand(rest, { ...nodeFlagSpec(), json: { type: 'boolean' } }, true)
    if (positionals[0] !== 'print' || positionals.length > 1) throw new UsageError('usage: parley config print [--config FILE] [SETTING]... [--json]')
    const resolved = resolveNodeConfig(values, process.env)
    process.stdout.write((values.json === true ? JSON.stringify(configAsJson(resolved), null, 2) : formatConfig(resolved)) + '\n')
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

async function client (name: string, argv: string[]): Promise<void> {
  const command = Object.hasOwn(CLIENT_COMMANDS, name) ? CLIENT_COMMANDS[name] : undefined
  if (command == null) throw new UsageError(`unknown command "${name}"`)
  const { values, positionals } = parseCommand(argv, { ...COMMON_OPTIONS, ...command.options })
  const api: string = values.api ?? process.env.PARLEY_API ?? '127.0.0.1:7777'
  await command.run({
    api,
    token: await loadToken(api),
    values,
    positionals,
    print: (human, json) => {
      process.stdout.write((values.json === true ? JSON.stringify(json, null, 2) : human) + '\n')
    },
    need: (index, what) => {
      const value = positionals[index]
      if (value == null) throw new UsageError(`${name} needs ${what}`)
      return value
    }
  })
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`parley: ${err.message}\n`)
    process.exit(2)
  }
  if (err instanceof UsageError) {
    process.stderr.write(`parley: ${err.message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (err instanceof ApiError || err instanceof ParleyError) {
    process.stderr.write(`parley: ${err.message} (${err.code})\n`)
    process.exit(1)
  }
  process.stderr.write(`parley: ${err?.stack ?? err}\n`)
  process.exit(1)
})
