import { ApiError } from './errors.js'
import type { TokenRegistry } from './tokens.js'
import type { Parley } from '../app/index.js'
import type { Session } from '../identity/index.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** What every route module gets: the node, and the session a request's token belongs to. */
export interface RouteContext {
  parley: Parley
  tokens: TokenRegistry
  /** the session of the request's bearer token; a 401 ApiError when there is none */
  authed: (request: FastifyRequest) => Session
}

/** A group of routes; `startApiServer` registers every module in its list. */
export type RouteModule = (app: FastifyInstance, ctx: RouteContext) => void

export function routeContext (parley: Parley, tokens: TokenRegistry): RouteContext {
  return {
    parley,
    tokens,
    authed: (request) => {
      const username = tokens.check(request.headers.authorization)
      const session = parley.session
      if (session == null || session.username !== username) throw new ApiError(401, 'unauthorized', 'session ended')
      return session
    }
  }
}
