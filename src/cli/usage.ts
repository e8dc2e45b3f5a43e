import { readFileSync } from 'node:fs'
import { CLIENT_COMMANDS } from './commands/index.js'
import { nodeUsage } from './node-options.js'
import type { ClientCommand } from './commands/index.js'

/**
 * What `parley --help`, `parley COMMAND --help` and a usage mistake print (clig.dev: help
 * on stdout when asked for, the command's own usage on stderr after a mistake).
 */

/** The package's version, read from its package.json (dist/src/cli/ is three levels down, bundled or not). */
export function parleyVersion (): string {
  try {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version
  } catch {
    return 'unknown'
  }
}

const CLIENT_OPTIONS = `options:
  --api HOST:PORT|unix:PATH   the node to talk to (default: PARLEY_API, else 127.0.0.1:7777)
  --json                      print the answer as JSON, and errors as JSON on stderr
  -h, --help                  this help`

const TEXT_NOTE = 'TEXT given as - is read from standard input (all of it, less one final newline).'

const NODE_USAGE = `usage: parley node [--config FILE] [SETTING]...

Runs one Parley node until SIGINT or SIGTERM: its P2P network, its database and the HTTP API and web UI.
Each setting is a flag, a PARLEY_* environment variable or a key of the --config file (flags win over
the environment, which wins over the file, which wins over the defaults); \`parley config print\` shows them.

settings:
${nodeUsage()}
  -h, --help                  this help`

const CONFIG_USAGE = `usage: parley config print [--config FILE] [SETTING]... [--json]

Prints the settings a node started with the same flags, environment and file would run with, and where each comes from.`

const DEVNET_USAGE = `usage: parley devnet [options]

Starts a local network of node processes (bootstrap nodes, then one node per user, users registered) until Ctrl-C.

options:
  --users LIST                comma-separated user names (default alice,bob,carol)
  --bootstrap-nodes N         bootstrap nodes (default 3)
  --base-port N               node k listens on P2P port N+k and serves its API on N+100+k (default 7000)
  --data DIR                  data folder of the network (default: a new temporary folder)
  -h, --help                  this help`

/** Help for one client command: its usage lines, the options it takes, the common options. */
function clientHelp (name: string, command: ClientCommand): string {
  const lines = command.usage.map((line, i) => `${i === 0 ? 'usage: ' : '       '}parley ${line}`)
  const own = Object.entries(command.options ?? {}).map(([flag, spec]) => `  --${flag}${spec.type === 'string' ? ' VALUE' : ''}`)
  const text = command.usage.some((line) => /TEXT\|-/.test(line)) ? `\n${TEXT_NOTE}` : ''
  return [...lines, '', ...(own.length > 0 ? [`options of ${name}:`, ...own, ''] : []), CLIENT_OPTIONS].join('\n') + text
}

/** The help of `command`, or undefined for a name that is no command. */
export function commandHelp (command: string): string | undefined {
  if (command === 'node') return NODE_USAGE
  if (command === 'config') return CONFIG_USAGE
  if (command === 'devnet') return DEVNET_USAGE
  const client = Object.hasOwn(CLIENT_COMMANDS, command) ? CLIENT_COMMANDS[command] : undefined
  return client == null ? undefined : clientHelp(command, client)
}

/** The short usage of `command` printed after a mistake in it: its usage lines and where to find more. */
export function commandUsage (command: string | undefined): string {
  const help = command == null ? undefined : commandHelp(command)
  if (help == null) return USAGE
  const usage = help.split('\n').filter((line) => line.startsWith('usage: ') || line.startsWith('       parley ')).join('\n')
  return `${usage}\nrun "parley ${command} --help" for more`
}

const COMMAND_USAGE = Object.values(CLIENT_COMMANDS).flatMap((c) => c.usage).map((line) => `    ${line}`).join('\n')

export const USAGE = `usage:
  parley node    [--config FILE] [SETTING]...    runs a node; each setting is a flag, a PARLEY_* variable or
                 a key of the config file (flags win over the environment, which wins over the file):
${nodeUsage()}
  parley config print [--config FILE] [SETTING]... [--json]   the settings a node would run with, and their source
  parley devnet  [--users alice,bob,carol] [--bootstrap-nodes 3] [--base-port 7000] [--data DIR]
  parley <command> [--api HOST:PORT] [--json]   (talks to a running node; default 127.0.0.1:7777)
${COMMAND_USAGE}
  The password comes from --password, PARLEY_PASSWORD, or a prompt. TEXT given as - is read from standard input.
  parley COMMAND --help   the help of one command
  parley --version        the version (also -V)`
