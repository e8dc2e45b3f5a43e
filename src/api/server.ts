import { chmod, rm } from 'node:fs/promises'
import websocket from '@fastify/websocket'
import Fastify, { LogController } from 'fastify'
import { toApiError } from './errors.js'
import { routeContext } from './auth.js'
import { registerEvents } from './events.js'
import { allowedHostNames, guardApi } from './guard.js'
import { registerRoutes } from './routes.js'
import { registerFeedRoutes } from './routes-feed.js'
import { registerMessageRoutes } from './routes-messages.js'
import { registerGroupRoutes } from './routes-groups.js'
import { registerMetricsRoutes } from './routes-metrics.js'
import { registerBackupRoutes } from './routes-backup.js'
import { registerLinkRoutes } from './routes-link.js'
import { registerSessionRoutes } from './routes-sessions.js'
import { SessionKeeper } from './sessions.js'
import { registerDeviceRoutes } from './routes-devices.js'
import type { RouteModule } from './auth.js'
import { defaultLogRoot } from '../kernel/index.js'
import type { Parley } from '../app/index.js'
import type { LogRoot } from '../kernel/index.js'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Every group of routes the server has; a capability adds its module here. */
const ROUTE_MODULES: RouteModule[] = [registerRoutes, registerEvents, registerFeedRoutes, registerMessageRoutes, registerGroupRoutes, registerMetricsRoutes, registerBackupRoutes, registerSessionRoutes, registerDeviceRoutes, registerLinkRoutes]

export interface ApiServerInit {
  /** host to bind (default 127.0.0.1: the API acts for the logged-in user) */
  host?: string
  /** port to bind (default 7777; 0 picks a free one) */
  port?: number
  /**
   * a Unix socket to listen on instead of host and port, created 0600: only the user who
   * runs the node may talk to it (default: none, TCP)
   */
  socketPath?: string
  /** largest accepted request body in bytes (default 64 KiB) */
  bodyLimit?: number
  /**
   * more host names (`name` or `name:port`) this API answers to, besides the address it is
   * bound to and the loopback names (default none): e.g. a name a reverse proxy forwards
   */
  allowedHosts?: string[]
  /**
   * the node's data folder: sessions that chose "stay signed in" are kept there (token
   * hashes, and the account's keys sealed under a device secret) and resumed at the next
   * start (default: none, every session ends with the process)
   */
  dataDir?: string
  /** how long a session may go unused before it ends, in ms (default SESSION_IDLE_MS: 14 days) */
  sessionIdleMs?: number
  /**
   * fastify's logger: request errors at error, a line per request received and completed at
   * debug (default: the process's default root, warnings and errors on standard error)
   */
  log?: LogRoot
}

/**
 * Fastify's per-request lines at debug instead of info: at info a busy UI would fill the
 * log with them. Errors keep fastify's own levels.
 */
class DebugRequestLines extends LogController {
  override incomingRequest (request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request')
  }

  override requestCompleted (error: Error | null, request: FastifyRequest, reply: FastifyReply, metadata?: unknown): void {
    if (error != null) super.requestCompleted(error, request, reply, metadata as any)
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

export interface ApiServer {
  app: FastifyInstance
  /** the address it listens on, host:port or unix:PATH */
  address: string
  /** every route served, as "METHOD /path" (checked against docs/openapi.yaml by the tests) */
  routes: string[]
  /** signs the user of the sessions kept from the last run back in (after the node started); their username, if any */
  resumeSessions(): Promise<string | undefined>
  close(): Promise<void>
}

/**
 * Bodies are validated with zod (schemas.ts), never with fastify's JSON-schema compilers;
 * giving fastify these instead keeps it from loading Ajv and fast-json-stringify at all
 * (a few MB of an idle node). A route that declared a schema would fail at start-up.
 */
const NO_ROUTE_SCHEMAS = {
  buildValidator: () => () => { throw new Error('route JSON schemas are not used: validate with zod (src/api/schemas.ts)') },
  buildSerializer: () => () => { throw new Error('route JSON schemas are not used: responses are plain JSON') }
}

/** Starts the HTTP + WebSocket API of one node. */
export async function startApiServer (parley: Parley, init: ApiServerInit = {}): Promise<ApiServer> {
  const app = Fastify({
    bodyLimit: init.bodyLimit ?? 64 * 1024,
    // typed as fastify's base logger: its own pino typings differ from ours in generics only
    loggerInstance: (init.log ?? defaultLogRoot()).child({ name: 'api' }) as FastifyBaseLogger,
    logController: new DebugRequestLines(),
    schemaController: { compilersFactory: NO_ROUTE_SCHEMAS }
  })
  const log = (init.log ?? defaultLogRoot()).child({ name: 'sessions' })
  const sessions = new SessionKeeper(parley, { dataDir: init.dataDir, idleMs: init.sessionIdleMs, logger: { warn: (message: string) => { log.warn(message) } } })
  const routes: string[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`)
  })
  app.setErrorHandler((err, request, reply) => {
    const { status, body, retryAfterMs } = toApiError(err)
    if (status === 500) request.log.error({ err, req: request }, 'internal error')
    else if (body.error.code.startsWith('storage_')) request.log.error({ req: request }, body.error.message)
    if (retryAfterMs != null) void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
    void reply.code(status).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } })
  })
  const host = init.host ?? '127.0.0.1'
  let names = new Set<string>()
  guardApi(app, () => names)
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(async (scope) => {
    const ctx = routeContext(parley, sessions)
    for (const register of ROUTE_MODULES) register(scope, ctx)
  })
  let address: string
  if (init.socketPath != null) {
    await rm(init.socketPath, { force: true }) // a socket left by a killed node
    await app.listen({ path: init.socketPath })
    await chmod(init.socketPath, 0o600)
    names = new Set(['localhost', ...(init.allowedHosts ?? [])])
    address = `unix:${init.socketPath}`
  } else {
    await app.listen({ host, port: init.port ?? 7777 })
    const bound = app.server.address()
    const port = typeof bound === 'object' && bound != null ? bound.port : init.port ?? 7777
    names = allowedHostNames(host, port, init.allowedHosts)
    address = `${host}:${port}`
  }
  return { app, address, routes, resumeSessions: async () => sessions.resume(), close: async () => {
    // before the node stops: its logout at stop must not end the sessions kept for the next start
    sessions.close()
    await app.close()
  } }
}
