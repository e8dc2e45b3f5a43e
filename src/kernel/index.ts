/**
 * The kernel every capability builds on: the shared errors (a name and a code), the
 * injected `Clock` (real and virtual), the `Logger` (pino behind it) and `Metrics`
 * interfaces, start/stop helpers, map keys for bytes and
 * abort signals. It imports nothing of Parley's.
 */
export * from './errors.js'
export { systemClock, VirtualClock } from './clock.js'
export { EventQueue } from './event-queue.js'
export { bytesKey } from './bytes.js'
export type { Clock, TimerHandle } from './clock.js'
export { LOG_LEVELS, REDACTED_PATHS, consoleLogger, createLogRoot, defaultLogRoot, pinoLogger, serializeRequest } from './logger.js'
export type { LogLevel, LogRoot, LogRootInit, Logger } from './logger.js'
export { noopMetrics } from './metrics.js'
export type { CounterMetric, HistogramMetric, MetricInit, MetricLabels, Metrics } from './metrics.js'
export { startAll, stopAll, isStartable, RunState } from './lifecycle.js'
export type { Startable } from './lifecycle.js'
export { timeoutSignal, untilAborted } from './signals.js'
