import { DeviceRemovedError } from '../identity/index.js'
import type { SessionKeeper } from './sessions.js'
import type { SessionRecord, SessionRegistry } from './tokens.js'
import type { Parley } from '../app/index.js'
import type { Session } from '../identity/index.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** What every route module gets: the node, and the session a request's token belongs to. */
export interface RouteContext {
  parley: Parley
  /** the API sessions (bearer tokens) of this node */
  tokens: SessionRegistry
  /** the sessions tied to the account: open, end, resume */
  sessions: SessionKeeper
  /** the account session of the request's bearer token; a 401 ApiError that says how to log in again when there is none */
  authed: (request: FastifyRequest) => Session
  /** the same, with the API session the token belongs to */
  authedSession: (request: FastifyRequest) => { account: Session, session: SessionRecord }
}

/** A group of routes; `startApiServer` registers every module in its list. */
export type RouteModule = (app: FastifyInstance, ctx: RouteContext) => void

export function routeContext (parley: Parley, sessions: SessionKeeper): RouteContext {
  const authedSession = (request: FastifyRequest): { account: Session, session: SessionRecord } => {
    // a device removed from the account says so, whatever token it is shown
    const removal = parley.accounts.removal
    if (parley.session == null && removal != null) throw new DeviceRemovedError(removal)
    const session = sessions.registry.check(request.headers.authorization)
    return { account: sessions.accountOf(session), session }
  }
  return {
    parley,
    tokens: sessions.registry,
    sessions,
    authedSession,
    authed: (request) => authedSession(request).account
  }
}
