/**
 * Every setting of `parley node`, in one table: each entry gives the flag (`--NAME`), the
 * environment variable (`PARLEY_NAME` in upper snake case unless it says otherwise), the key
 * in a `--config` file (NAME), its zod schema, its default and its help line. The parser,
 * the config file check, `parley config print` and the usage text all read this table.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import { KDF_CONCURRENCY, KDF_MAX_QUEUED, LOGIN_LIMITS, USERNAME_PATTERN } from '../identity/index.js'
import { LOG_LEVELS } from '../kernel/index.js'
import { DEFAULT_STAMP_BITS } from '../mailbox/index.js'
import { DM_POLL_INTERVAL_MS } from '../dm/index.js'
import { MAX_INBOUND_CONNECTIONS_PER_IP, RELAY_DATA_LIMIT_BYTES, RELAY_DURATION_LIMIT_MS, RELAY_MAX_RESERVATIONS } from '../net/index.js'

/** How a value is written on the command line and in the environment. */
export type OptionKind = 'string' | 'list' | 'boolean' | 'count'

export interface NodeOption<T> {
  kind: OptionKind
  schema: z.ZodType<T>
  /** the value's name in the usage text, e.g. DIR */
  placeholder?: string
  /** the environment variable when it is not PARLEY_ + the name in upper snake case */
  env?: string
  /** the value used when no source gives one; undefined: the node's own default, `defaultText` */
  default?: T
  /** the default in words, when it is not a value */
  defaultText?: string
  help: string
}

function option<T> (spec: NodeOption<T>): NodeOption<T> {
  return spec
}

function count (min: number, max = Number.MAX_SAFE_INTEGER): z.ZodType<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`
  return z.int(`must be a whole number ${range}`).min(min, `must be a whole number ${range}`).max(max, `must be a whole number ${range}`)
}

const MULTIADDR = z.string().refine((value) => {
  try {
    multiaddr(value)
    return true
  } catch {
    return false
  }
}, 'must be a multiaddr, e.g. /ip4/127.0.0.1/tcp/4001')

const MULTIADDRS = z.array(MULTIADDR)

const API_ADDRESS = z.string().refine((value) => (/^unix:.+$/.test(value) || (/^[^:]+:(\d{1,5})$/.test(value) && Number(value.split(':')[1]) <= 65535)),
  'must be HOST:PORT or unix:PATH')

export const NODE_OPTIONS = {
  data: option({ kind: 'string', schema: z.string().min(1, 'must not be empty'), placeholder: 'DIR', default: join(homedir(), '.parley'), help: 'data folder: device key and database' }),
  listen: option({ kind: 'list', schema: MULTIADDRS, placeholder: 'MULTIADDR', defaultText: 'internet: TCP on every interface; local: TCP and WebSockets on 127.0.0.1; OS-chosen ports', help: 'address to listen on for peers (repeatable; comma-separated in the environment)' }),
  api: option({ kind: 'string', schema: API_ADDRESS, placeholder: 'HOST:PORT|unix:PATH', default: '127.0.0.1:7777', help: 'where the HTTP API and web UI listen' }),
  bootstrap: option({ kind: 'list', schema: MULTIADDRS, placeholder: 'MULTIADDR', default: [] as string[], help: 'peer to join the network through (repeatable)' }),
  network: option({ kind: 'string', schema: z.enum(['internet', 'local'], 'must be internet or local'), placeholder: 'internet|local', default: 'internet' as 'internet' | 'local', help: 'internet: safe among strangers; local: one machine or LAN' }),
  announce: option({ kind: 'list', schema: MULTIADDRS, placeholder: 'MULTIADDR', default: [] as string[], help: 'address others can dial this node at besides the ones it finds (repeatable)' }),
  public: option({ kind: 'boolean', schema: z.boolean('must be true or false'), default: false, help: 'run as a public node: relay for NATed nodes, DHT server (--no-public turns it off)' }),
  relays: option({ kind: 'count', schema: count(0, 8), placeholder: 'N', defaultText: '2 on the internet unless --public, 0 locally', help: 'relays to keep a reservation on, to be reachable from behind a NAT' }),
  'max-connections-per-ip': option({ kind: 'count', schema: count(1), placeholder: 'N', defaultText: `${MAX_INBOUND_CONNECTIONS_PER_IP} on the internet, unlimited locally`, help: 'inbound connections one remote IP may hold' }),
  'relay-max-reservations': option({ kind: 'count', schema: count(0), placeholder: 'N', default: RELAY_MAX_RESERVATIONS, help: 'with --public: NATed nodes the relay holds a reservation for at once' }),
  'relay-duration-ms': option({ kind: 'count', schema: count(1_000), placeholder: 'MS', default: RELAY_DURATION_LIMIT_MS, help: 'with --public: how long one relayed connection may last, in ms' }),
  'relay-data-bytes': option({ kind: 'count', schema: count(1_024), placeholder: 'BYTES', default: Number(RELAY_DATA_LIMIT_BYTES), help: 'with --public: bytes one relayed connection may carry each way' }),
  archive: option({ kind: 'list', schema: z.array(z.string().regex(USERNAME_PATTERN, 'must be usernames: 3-32 of a-z, 0-9, _')), placeholder: 'USER', default: [] as string[], help: 'keep this user\'s feed: synced, followed, pinned and served while its author is offline (repeatable)' }),
  'device-name': option({ kind: 'string', schema: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'), placeholder: 'NAME', defaultText: 'the host name', help: 'this node\'s name in the account\'s device list (parley devices)' }),
  'kdf-concurrency': option({ kind: 'count', schema: count(1), placeholder: 'N', default: KDF_CONCURRENCY, help: 'key derivations run at once (128 MiB each)' }),
  'kdf-queue': option({ kind: 'count', schema: count(0), placeholder: 'N', default: KDF_MAX_QUEUED, help: 'key derivations waiting before logins answer 503 kdf_busy' }),
  'login-attempts': option({ kind: 'count', schema: count(1), placeholder: 'N', default: LOGIN_LIMITS.freeAttempts, help: 'login attempts per client and username before backoff' }),
  'stamp-bits': option({ kind: 'count', schema: count(0, 40), placeholder: 'BITS', default: DEFAULT_STAMP_BITS, help: 'proof-of-work bits asked of crates from strangers and minted for our own' }),
  'dm-poll-ms': option({ kind: 'count', schema: count(0), placeholder: 'MS', default: DM_POLL_INTERVAL_MS, help: 'how often the logged-in user\'s mailbox is polled, in ms (0: only at login)' }),
  'dm-device-sync-delay-ms': option({ kind: 'count', schema: count(0), placeholder: 'MS', default: 0, help: 'how long the copy of a sent DM or a read mark waits before it goes to the account\'s other devices, in ms (it is queued on disk meanwhile; for tests)' }),
  'session-idle-hours': option({ kind: 'count', schema: count(1), placeholder: 'HOURS', default: 336, help: 'a session (API token) not used for this long ends; "stay signed in" sessions too (default 14 days)' }),
  'log-level': option({ kind: 'string', schema: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`), placeholder: 'LEVEL', env: 'PARLEY_LOG', default: 'info' as (typeof LOG_LEVELS)[number], help: 'least severe log level written to standard error' })
} as const

export type NodeOptionName = keyof typeof NODE_OPTIONS

/** The node's effective settings: undefined where the node's own default applies (`defaultText`). */
export type NodeConfig = { [K in NodeOptionName]: z.infer<(typeof NODE_OPTIONS)[K]['schema']> | undefined }

export const NODE_OPTION_NAMES = Object.keys(NODE_OPTIONS) as NodeOptionName[]

/** The environment variable of an option. */
export function envName (name: NodeOptionName): string {
  const spec: NodeOption<unknown> = NODE_OPTIONS[name]
  return spec.env ?? `PARLEY_${name.toUpperCase().replaceAll('-', '_')}`
}

/** The default of an option in words, for help and `config print`. */
export function defaultInWords (name: NodeOptionName): string {
  const spec: NodeOption<unknown> = NODE_OPTIONS[name]
  if (spec.defaultText != null) return spec.defaultText
  return Array.isArray(spec.default) ? (spec.default.length === 0 ? 'none' : spec.default.join(',')) : String(spec.default)
}

/** The `parley node` lines of the usage text: one line per option. */
export function nodeUsage (): string {
  const lines = NODE_OPTION_NAMES.map((name) => {
    const spec: NodeOption<unknown> = NODE_OPTIONS[name]
    const flag = `--${name}${spec.placeholder != null ? ` ${spec.placeholder}` : ''}`
    return `    ${flag.padEnd(30)} ${spec.help}\n    ${''.padEnd(30)} ${envName(name)}, default ${defaultInWords(name)}`
  })
  return ['    --config FILE                  a JSON file of these settings by name, e.g. {"kdf-queue": 4}\n                                   PARLEY_CONFIG, default none', ...lines].join('\n')
}
