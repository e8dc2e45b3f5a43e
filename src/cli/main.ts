#!/usr/bin/env node
import { UsageError, parseApiAddress, parseCommand, parseCount, readStdinText } from './args.js'
import { loadToken } from './client.js'
import { CLIENT_COMMANDS } from './commands/index.js'
import { configAsJson, formatConfig, nodeFlagSpec, resolveNodeConfig } from './config.js'
import { devnetPassword, startDevnet } from './devnet.js'
import { runNode } from './node-command.js'
import { USAGE, commandHelp, commandUsage, parleyVersion } from './usage.js'
import { ApiError } from '../api/index.js'
import { ParleyError } from '../kernel/index.js'

const COMMON_OPTIONS = {
  api: { type: 'string' },
  json: { type: 'boolean' }
} as const

/** The arguments before a `--` (after it, `--help` or `--json` is text, not a flag). */
function flagsOf (argv: string[]): string[] {
  const end = argv.indexOf('--')
  return end < 0 ? argv : argv.slice(0, end)
}

async function main (argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command === '--version' || command === '-V') {
    process.stdout.write(`parley ${parleyVersion()}\n`)
    return
  }
  if (command == null || command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
    process.stdout.write(USAGE + '\n')
    return
  }
  // `parley help COMMAND` and `parley COMMAND --help` (or -h) anywhere among its flags
  const helpFor = command === 'help' ? rest[0] : flagsOf(rest).some((a) => a === '--help' || a === '-h') ? command : undefined
  if (helpFor != null) {
    const help = commandHelp(helpFor)
    if (help == null) throw new UsageError(`unknown command "${helpFor}"`)
    process.stdout.write(help + '\n')
    return
  }
  if (command.startsWith('-')) throw new UsageError(`unknown option "${command}" (a command comes first)`)
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
  const bootstrapNodes = parseCount('bootstrap-nodes', values['bootstrap-nodes'], 1) ?? 3
  const basePort = parseCount('base-port', values['base-port'], 1024) ?? 7000
  if (basePort > 65000) throw new UsageError('--base-port must be 1024-65000')
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
  const api = parseApiAddress(values.api ?? process.env.PARLEY_API ?? '127.0.0.1:7777')
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
    },
    text: async (index, what) => {
      const words = positionals.slice(index)
      const text = words.length === 1 && words[0] === '-' ? await readStdinText() : words.join(' ')
      if (text === '') throw new UsageError(words[0] === '-' ? `${name} read no ${what} from standard input` : `${name} needs ${what}`)
      return text
    }
  })
}

/** How an error is reported: its code (`usage` for a mistake in the command line), its message, the exit code. */
function describeFailure (err: any): { code: string, message: string, exit: number } {
  if (err instanceof UsageError) return { code: 'usage', message: err.message, exit: 2 }
  if (err instanceof ApiError || err instanceof ParleyError) return { code: err.code, message: err.message, exit: 1 }
  return { code: 'internal', message: String(err?.message ?? err), exit: 1 }
}

const argv = process.argv.slice(2)
main(argv).catch((err) => {
  const failure = describeFailure(err)
  // with --json a script reads every outcome as JSON: the answer on stdout, an error on stderr
  if (flagsOf(argv).includes('--json')) {
    process.stderr.write(JSON.stringify({ error: { code: failure.code, message: failure.message } }) + '\n')
  } else if (failure.exit === 2) {
    const command = argv[0] != null && !argv[0].startsWith('-') ? argv[0] : undefined
    process.stderr.write(`parley: ${failure.message}\n${commandUsage(command)}\n`)
  } else {
    process.stderr.write(`parley: ${failure.code === 'internal' ? err?.stack ?? err : `${failure.message} (${failure.code})`}\n`)
  }
  process.exit(failure.exit)
})
