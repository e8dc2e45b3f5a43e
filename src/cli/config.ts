/**
 * The node's settings from four sources, highest first: command-line flags, PARLEY_*
 * environment variables, a JSON `--config` file, the defaults (node-options.ts). A value
 * from any source is checked by its option's zod schema; a mistake names its source and
 * the option, and exits 2 like every usage mistake.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { UsageError } from './args.js'
import { NODE_OPTIONS, NODE_OPTION_NAMES, defaultInWords, envName } from './node-options.js'
import type { OptionSpec } from './args.js'
import type { NodeConfig, NodeOption, NodeOptionName } from './node-options.js'

/** A bad setting: exit 2, printed without the whole usage text. */
export class ConfigError extends UsageError {}

export type ConfigSource = { kind: 'flag', flag: string } | { kind: 'env', variable: string } | { kind: 'file', path: string } | { kind: 'default' }

export interface ResolvedConfig {
  config: NodeConfig
  sources: Record<NodeOptionName, ConfigSource>
  /** the config file read, if any */
  file?: string
}

/** parseArgs options for every setting, plus --config. */
export function nodeFlagSpec (): OptionSpec {
  const spec: OptionSpec = { config: { type: 'string' } }
  for (const name of NODE_OPTION_NAMES) {
    const kind = NODE_OPTIONS[name].kind
    spec[name] = kind === 'boolean' ? { type: 'boolean' } : kind === 'list' ? { type: 'string', multiple: true } : { type: 'string' }
  }
  return spec
}

/** A flag or environment value (text) as the option's kind; the schema checks the rest. */
function fromText (kind: NodeOption<unknown>['kind'], text: string | string[] | boolean): unknown {
  if (typeof text === 'boolean') return text
  if (kind === 'list') return Array.isArray(text) ? text : text.split(',').map((s) => s.trim()).filter(Boolean)
  if (Array.isArray(text)) return text
  if (kind === 'count') return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text
  if (kind === 'boolean') return ({ true: true, 1: true, yes: true, false: false, 0: false, no: false } as Record<string, boolean>)[text.trim().toLowerCase()] ?? text
  return text
}

/** The value checked by the option's schema; `where(value)` names the source in the error. */
function check (name: NodeOptionName, value: unknown, where: (bad: unknown) => string): unknown {
  const result = NODE_OPTIONS[name].schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  // in a list, name the one entry that is wrong
  const bad = Array.isArray(value) && typeof issue?.path[0] === 'number' ? value[issue.path[0]] : value
  throw new ConfigError(`${where(bad)}: ${issue?.message ?? 'invalid value'}`)
}

/** A config file: every key an option, each value checked by its schema (a list may be one string). */
const FILE_SCHEMA = z.strictObject(Object.fromEntries(NODE_OPTION_NAMES.map((name) => {
  const spec: NodeOption<unknown> = NODE_OPTIONS[name]
  const schema = spec.kind === 'list' ? z.preprocess((v) => typeof v === 'string' ? [v] : v, spec.schema) : spec.schema
  return [name, schema.optional()]
})))

/** The file's settings: a JSON object whose keys are option names. */
function readConfigFile (path: string): Partial<Record<NodeOptionName, unknown>> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err: any) {
    throw new ConfigError(`config file ${path}: ${err.code === 'ENOENT' ? 'not found' : String(err.message)}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err: any) {
    throw new ConfigError(`config file ${path}: not JSON (${String(err.message)})`)
  }
  const result = FILE_SCHEMA.safeParse(parsed)
  if (!result.success) {
    const issues = result.error.issues
    const unknown = issues.find((i) => i.code === 'unrecognized_keys')
    if (unknown?.code === 'unrecognized_keys') {
      throw new ConfigError(`config file ${path}: unknown key ${unknown.keys.map((k) => JSON.stringify(k)).join(', ')} (known: ${NODE_OPTION_NAMES.join(', ')})`)
    }
    const issue = issues[0]
    const key = issue.path[0]
    if (typeof key !== 'string') throw new ConfigError(`config file ${path}: must be a JSON object of settings`)
    const value = (parsed as Record<string, unknown>)[key]
    throw new ConfigError(`config file ${path}: ${key} ${JSON.stringify(value)}: ${issue.message}`)
  }
  return result.data as Partial<Record<NodeOptionName, unknown>>
}

/**
 * Resolves every setting: `flags` as parseArgs gave them (with nodeFlagSpec), `env` the
 * process environment. The config file is `--config`, else PARLEY_CONFIG, else none.
 */
export function resolveNodeConfig (flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ResolvedConfig {
  const configPath = (flags.config as string | undefined) ?? (env.PARLEY_CONFIG !== '' ? env.PARLEY_CONFIG : undefined)
  const file = configPath != null ? resolve(configPath) : undefined
  const fileValues = file != null ? readConfigFile(file) : {}
  const config: Record<string, unknown> = {}
  const sources = {} as Record<NodeOptionName, ConfigSource>
  for (const name of NODE_OPTION_NAMES) {
    const spec: NodeOption<unknown> = NODE_OPTIONS[name]
    const flag = flags[name] as string | string[] | boolean | undefined
    const variable = envName(name)
    const fromEnv = env[variable]
    if (flag != null) {
      config[name] = check(name, fromText(spec.kind, flag), (bad) => `--${name} ${JSON.stringify(bad)}`)
      sources[name] = { kind: 'flag', flag: `--${name}` }
    } else if (fromEnv != null && fromEnv !== '') {
      config[name] = check(name, fromText(spec.kind, fromEnv), () => `${variable}=${JSON.stringify(fromEnv)}`)
      sources[name] = { kind: 'env', variable }
    } else if (fileValues[name] !== undefined) {
      config[name] = fileValues[name]
      sources[name] = { kind: 'file', path: file! }
    } else {
      config[name] = spec.default
      sources[name] = { kind: 'default' }
    }
  }
  return { config: config as NodeConfig, sources, file }
}

export function sourceInWords (source: ConfigSource): string {
  switch (source.kind) {
    case 'flag': return `flag ${source.flag}`
    case 'env': return `env ${source.variable}`
    case 'file': return `file ${source.path}`
    default: return 'default'
  }
}

/** `parley config print`: one line per setting, its value and where it came from. */
export function formatConfig (resolved: ResolvedConfig): string {
  return NODE_OPTION_NAMES.map((name) => {
    const value = resolved.config[name]
    const text = value === undefined ? `(${defaultInWords(name)})` : Array.isArray(value) ? (value.length === 0 ? '(none)' : value.join(',')) : String(value)
    return `${name.padEnd(16)} ${text.padEnd(40)} ${sourceInWords(resolved.sources[name])}`
  }).join('\n')
}

/** The same as JSON: { name: { value, source } }. */
export function configAsJson (resolved: ResolvedConfig): Record<string, { value: unknown, source: string }> {
  return Object.fromEntries(NODE_OPTION_NAMES.map((name) => [name, { value: resolved.config[name] ?? null, source: sourceInWords(resolved.sources[name]) }]))
}
