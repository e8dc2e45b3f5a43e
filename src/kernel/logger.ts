/**
 * Logging, injected: services log operational errors through a `Logger` component and
 * keep going. The node gives them one that writes to standard error; a test may pass one
 * that records.
 */
export interface Logger {
  debug: (message: string, ...details: unknown[]) => void
  info: (message: string, ...details: unknown[]) => void
  warn: (message: string, ...details: unknown[]) => void
  error: (message: string, ...details: unknown[]) => void
}

/** Writes warnings and errors to standard error (debug and info are dropped), each line prefixed with its component's name. */
export function consoleLogger (name = 'parley'): Logger {
  return {
    debug: () => {},
    info: () => {},
    warn: (message, ...details) => { console.warn(`${name}: ${message}`, ...details) },
    error: (message, ...details) => { console.error(`${name}: ${message}`, ...details) }
  }
}
