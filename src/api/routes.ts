import { readFileSync } from 'node:fs'
import { loginBody, logoutBody, parse, registerBody, usernameParams } from './schemas.js'
import type { RouteInputs } from './schemas.js'
import { registerStaticUi } from './static-ui.js'
import type { RouteModule } from './auth.js'
import type { Session } from '../identity/index.js'

export const API_VERSION = '0.1.0'
// docs/openapi.yaml, converted by `npm run build` (scripts/openapi-json.js)
const OPENAPI_PATH = new URL('../../openapi.json', import.meta.url)

/** This node as a device of the account: its peer id and its name in the device list. */
export function deviceOf ({ parley }: { parley: { peerId: string, accounts: { deviceName: string } } }): { deviceId: string, name: string } {
  return { deviceId: parley.peerId, name: parley.accounts.deviceName }
}

export function userOf (session: Session): { username: string, userId: string } {
  return { username: session.username, userId: session.userId }
}

/**
 * What each of these routes validates (docs/openapi.yaml is generated from it). Health's
 * `?ready` is a flag read by presence, not validated, so the document writes it by hand.
 */
export const ACCOUNT_INPUTS: RouteInputs = {
  'GET /api/health': {},
  'GET /api/openapi.json': {},
  'POST /api/register': { body: registerBody, bodyName: 'Credentials' },
  'POST /api/login': { body: loginBody, bodyName: 'Credentials' },
  'POST /api/logout': { body: logoutBody, bodyOptional: true },
  'GET /api/me': {},
  'GET /api/users/:username': { params: usernameParams },
  'GET /api/network': {},
  'GET /api/archive': {}
}

/** The REST routes of API.md that the node issue covers. */
export const registerRoutes: RouteModule = (app, ctx) => {
  const { parley, sessions, authed, authedSession } = ctx
  const openapi = readFileSync(OPENAPI_PATH, 'utf8')

  // the web UI at / and every other non-/api GET (src/api/static-ui.ts)
  registerStaticUi(app, ctx)

  // `?ready` makes it a readiness probe: 503 until nothing holds the node back
  app.get('/api/health', async (request, reply) => {
    const health = parley.health()
    const probe = Object.hasOwn(request.query as object, 'ready')
    return reply.code(probe && !health.ready ? 503 : 200).send({ ...health, peerId: parley.peerId, version: API_VERSION })
  })

  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json').send(openapi))

  app.post('/api/register', async (request, reply) => {
    const { username, password, staySignedIn, replace } = parse(registerBody, request.body)
    // another user's live sessions are not ended unless the caller says so (409 other_user_signed_in)
    const session = await parley.accounts.register(username, password, { otherUser: replace === true ? 'replace' : 'refuse' })
    const { token } = await sessions.open(username, staySignedIn === true)
    return reply.code(201).send({ token, user: userOf(session), device: deviceOf(ctx) })
  })

  app.post('/api/login', async (request) => {
    const { username, password, staySignedIn, replace } = parse(loginBody, request.body)
    // limited per remote address too (identity/login-throttle.ts); the user's other sessions live on
    const session = await parley.accounts.login(username, password, { client: request.ip, otherUser: replace === true ? 'replace' : 'refuse' })
    const { token } = await sessions.open(username, staySignedIn === true)
    return { token, user: userOf(session), device: deviceOf(ctx) }
  })

  // this session, or with `everywhere` every session of the user on this node; the keys are
  // wiped when the user's last session ends
  app.post('/api/logout', async (request, reply) => {
    const { account, session } = authedSession(request)
    const { everywhere } = parse(logoutBody, request.body ?? {})
    await sessions.end(everywhere === true ? sessions.registry.list(account.username) : [session])
    return reply.code(204).send()
  })

  app.get('/api/me', async (request) => {
    const session = authed(request)
    return { ...userOf(session), online: session.profile.online, ...(await parley.feed.counts(session.keys.userKey)) }
  })

  app.get('/api/users/:username', async (request) => {
    authed(request)
    const { username } = parse(usernameParams, request.params)
    const user = await parley.lookupUser(username)
    return user
  })

  app.get('/api/network', async (request) => {
    authed(request)
    return parley.network()
  })

  // the feeds this node keeps (--archive): what is held and when it was last synced. No
  // token: an archive node usually has no logged-in user, and what it keeps is public
  app.get('/api/archive', async () => {
    return { feeds: parley.feed.archive.status() }
  })
}
