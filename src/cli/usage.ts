import { readFileSync } from 'node:fs'
import { CLIENT_COMMANDS } from './commands/index.js'
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

const NODE_USAGE = `usage: parley node [options]

Runs one Parley node until SIGINT or SIGTERM: its P2P network, its database and the HTTP API and web UI.

options:
  --data DIR                  data folder: device key and database (default ~/.parley)
  --listen MULTIADDR          a P2P address to listen on, repeatable (default: TCP on every interface, OS-chosen port;
                              with --network local, TCP and WebSockets on 127.0.0.1)
  --api HOST:PORT|unix:PATH   where the API and the UI listen (default 127.0.0.1:7777; a Unix socket is created 0600)
  --bootstrap MULTIADDR       a peer to join the network through, repeatable (default: none)
  --network internet|local    internet (default): safe among strangers; local: one machine or LAN (devnet, tests)
  --announce MULTIADDR        an address others can dial this node at, repeatable (default: none)
  --public                    a public node: relays for NATed nodes, always a DHT server (default off)
  --kdf-concurrency N         key derivations run at once (default 1)
  --kdf-queue N               key derivations waiting (default 8)
  --login-attempts N          free login attempts per client and username before waits (default 5)
  --stamp-bits N              proof-of-work stamp asked of strangers' crates, 0-40 (default 22)
  -h, --help                  this help`

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
  parley node    [--data DIR] [--listen MULTIADDR]... [--api HOST:PORT|unix:PATH] [--bootstrap MULTIADDR]...
                 [--network internet|local] [--announce MULTIADDR]... [--public]
                 [--kdf-concurrency 1] [--kdf-queue 8] [--login-attempts 5] [--stamp-bits 22]
  parley devnet  [--users alice,bob,carol] [--bootstrap-nodes 3] [--base-port 7000] [--data DIR]
  parley <command> [--api HOST:PORT] [--json]   (talks to a running node; default 127.0.0.1:7777)
${COMMAND_USAGE}
  The password comes from --password, PARLEY_PASSWORD, or a prompt. TEXT given as - is read from standard input.
  parley COMMAND --help   the help of one command
  parley --version        the version (also -V)`
