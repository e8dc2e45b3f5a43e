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

/** A client's `--api`: `HOST:PORT` (an IPv6 host in brackets) or `unix:PATH`. */
export function parseApiAddress (value: string): string {
  if (value.startsWith('unix:') && value.length > 5) return value
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(value)
  if (match == null || Number(match[2]) > 65535) throw new UsageError(`--api must be HOST:PORT or unix:PATH, not ${JSON.stringify(value)}`)
  return value
}

/** All of standard input as text, less one final newline (`parley post -`). */
export async function readStdinText (): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

/** A flag's whole-number value, `min` or more; undefined when the flag is not given. */
export function parseCount (flag: string, value: string | undefined, min: number): number | undefined {
  if (value == null) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min) throw new UsageError(`--${flag} must be a whole number, ${min} or more`)
  return n
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
