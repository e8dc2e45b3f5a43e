/**
 * Logging, injected: services log operational errors through a `Logger` component and
 * keep going. Behind it is pino: one root per process (`createLogRoot`, made by `parley
 * node` at its `--log-level`), JSON lines on standard error, or readable lines on a
 * terminal. A test may pass a Logger that records.
 */
import { pino } from 'pino'
import pinoPretty from 'pino-pretty'
import type { DestinationStream, Logger as PinoLogger } from 'pino'

export interface Logger {
  debug: (message: string, ...details: unknown[]) => void
  info: (message: string, ...details: unknown[]) => void
  warn: (message: string, ...details: unknown[]) => void
  error: (message: string, ...details: unknown[]) => void
}

/** pino's levels, most severe first; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** A process's pino logger, which fastify takes too. */
export type LogRoot = PinoLogger

/**
 * Fields pino replaces with "[redacted]" in every line: credentials in request headers
 * and in any object logged with them (a request body, an options object). Secrets are
 * never meant to be logged; this is the net under that rule. `details[*]` covers objects
 * passed to a `Logger` call (pinoLogger).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
  ...['password', 'token', 'secretKey', 'privateKey'].flatMap((field) => [field, `*.${field}`, `details[*].${field}`])
]

/** `?token=` (the events WebSocket's) in a logged URL. */
const TOKEN_IN_QUERY = /([?&](?:token|access_token)=)[^&#]*/gi

interface RequestLike { method?: string, url?: string, ip?: string, socket?: { remoteAddress?: string } }

/**
 * What a request log line shows: never its headers or body, and its URL with any token in
 * the query blanked. Fastify uses this for its request and error lines.
 */
export function serializeRequest (req: RequestLike): Record<string, unknown> {
  return { method: req.method, url: req.url?.replace(TOKEN_IN_QUERY, '$1[redacted]'), remoteAddress: req.ip ?? req.socket?.remoteAddress }
}

export interface LogRootInit {
  /** least severe level written (default 'warn': what a library user sees without asking) */
  level?: LogLevel
  /** readable coloured lines instead of JSON (default false; `parley node` uses it on a terminal) */
  pretty?: boolean
  /** where lines go (default standard error, written synchronously so a crash loses none) */
  destination?: DestinationStream
}

/** A pino root logger with Parley's redaction and serializers. */
export function createLogRoot (init: LogRootInit = {}): LogRoot {
  const destination = init.destination ??
    (init.pretty === true
      ? pinoPretty({ colorize: true, sync: true, destination: 2, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', singleLine: true })
      : pino.destination({ fd: 2, sync: true }))
  return pino({
    level: init.level ?? 'warn',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err, req: serializeRequest, res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }) }
  }, destination)
}

/** The extra arguments of a log call as pino fields: an Error as `err`, anything else as `details`. */
function fields (details: unknown[]): Record<string, unknown> {
  if (details.length === 0) return {}
  if (details.length === 1 && details[0] instanceof Error) return { err: details[0] }
  return { details: details.map((d) => d instanceof Error ? pino.stdSerializers.err(d) : d) }
}

/** A `Logger` writing through `root`, each line carrying its component's name. */
export function pinoLogger (root: LogRoot, name = 'parley'): Logger {
  const log = root.child({ name })
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, ...details: unknown[]): void => {
    if (log.isLevelEnabled(level)) log[level](fields(details), message)
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

let defaultRoot: LogRoot | undefined

/** The root of code that was given none (tests, library use): warnings and errors, JSON on standard error. */
export function defaultLogRoot (): LogRoot {
  defaultRoot ??= createLogRoot()
  return defaultRoot
}

/** Writes warnings and errors to standard error (debug and info are dropped), through the default root. */
export function consoleLogger (name = 'parley'): Logger {
  return pinoLogger(defaultLogRoot(), name)
}
