import { parseArgs } from 'node:util'

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export function parseHostPort (value: string): { host: string, port: number } {
  const match = /^([^:]+):(\d{1,5})$/.exec(value)
  if (match == null || Number(match[2]) > 65535) throw new UsageError(`expected HOST:PORT, got "${value}"`)
  return { host: match[1], port: Number(match[2]) }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean', multiple?: boolean, short?: string }>

/** node:util parseArgs with our error type; `allowNegative` takes --no-NAME for a boolean. */
export function parseCommand<T extends OptionSpec> (argv: string[], options: T, allowNegative = false): { values: Record<string, any>, positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative })
  } catch (err: any) {
    throw new UsageError(err.message)
  }
}
