import { ApiError } from './errors.js'
import { parse, sessionParams } from './schemas.js'
import type { RouteModule } from './auth.js'
import type { RouteInputs } from './schemas.js'

/** What these routes validate (docs/openapi.yaml is generated from it). */
export const SESSION_INPUTS: RouteInputs = {
  'GET /api/sessions': {},
  'DELETE /api/sessions/:id': { params: sessionParams }
}

/** GET /api/sessions and DELETE /api/sessions/:id: the signed-in user's sessions on this node. */
export const registerSessionRoutes: RouteModule = (app, { sessions, authedSession }) => {
  app.get('/api/sessions', async (request) => {
    const { account, session: current } = authedSession(request)
    return sessions.registry.list(account.username).map((s) => ({
      id: s.id, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, current: s.id === current.id, staySignedIn: s.staySignedIn
    }))
  })

  app.delete('/api/sessions/:id', async (request, reply) => {
    const { account } = authedSession(request)
    const { id } = parse(sessionParams, request.params)
    const session = sessions.registry.byId(id)
    // another user's session is as unknown as one that never was
    if (session == null || session.username !== account.username) throw new ApiError(404, 'unknown_session', `no session ${id} of ${account.username} on this node`)
    await sessions.end([session])
    return reply.code(204).send()
  })
}
