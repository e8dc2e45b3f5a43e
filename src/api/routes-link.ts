import { z } from 'zod'
import { parse, username } from './schemas.js'
import { deviceOf, userOf } from './routes.js'
import type { RouteModule } from './auth.js'
import type { RouteInputs } from './schemas.js'

const linkBody = z.strictObject({
  username,
  code: z.string().min(1).max(32).describe('the code the other device shows, such as ABCD-EFGH (case, spaces and dashes do not matter)'),
  deviceName: z.string().trim().min(1).max(64).optional().describe('what to call this node in the account\'s device list (default: --device-name, else the host name)'),
  replace: z.boolean().optional().describe('end the sessions of another user signed in on this node; without it the call answers 409 other_user_signed_in (default false)'),
  staySignedIn: z.boolean().optional().describe('keep this session across node restarts (default true: a linked device has no password to log in with)')
})

/** What these routes validate (docs/openapi.yaml is generated from it). */
export const LINK_INPUTS: RouteInputs = {
  'POST /api/devices/link': {},
  'POST /api/link': { body: linkBody }
}

/**
 * Linking a device (docs/protocols/devices.md): POST /api/devices/link makes a code on a
 * signed-in device; POST /api/link on the new node redeems it, which copies the account's
 * keys and state to this node and signs the user in here.
 */
export const registerLinkRoutes: RouteModule = (app, { parley, sessions, authed }) => {
  app.post('/api/devices/link', async (request, reply) => {
    authed(request)
    return reply.code(201).send(parley.linking.createCode())
  })

  app.post('/api/link', async (request) => {
    const body = parse(linkBody, request.body)
    if (body.deviceName != null) parley.accounts.nameDevice(body.deviceName)
    const linked = await parley.linking.redeem(body.username, body.code, parley.accounts.deviceName, { signal: AbortSignal.timeout(120_000), otherUser: body.replace === true ? 'replace' : 'refuse' })
    const { token } = await sessions.open(linked.session.username, body.staySignedIn !== false)
    return { token, user: userOf(linked.session), device: deviceOf({ parley }), copied: { bytes: linked.snapshotBytes, rows: linked.rows } }
  })
}
