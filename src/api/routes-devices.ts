import { z } from 'zod'
import { parse } from './schemas.js'
import type { RouteInputs } from './schemas.js'
import type { RouteModule } from './auth.js'
import { MAX_DEVICE_ID_LENGTH } from '../identity/index.js'

/** A device id is the device's libp2p peer id. */
const deviceParams = z.strictObject({ deviceId: z.string().min(1).max(MAX_DEVICE_ID_LENGTH).regex(/^[1-9A-HJ-NP-Za-km-z]+$/, 'a device id is a peer id (base58)') })

/** What each device route validates (docs/openapi.yaml is generated from it). */
export const DEVICE_INPUTS: RouteInputs = {
  'GET /api/devices': {},
  'DELETE /api/devices/:deviceId': { params: deviceParams }
}

/**
 * The devices of the logged-in user's account (docs/protocols/records.md, "Devices"): every
 * node the user logged in on, any number online at once. Removing one takes it off the
 * account's profile; it ends its session when it hears (directly, or at its next presence
 * refresh) and cannot log in again.
 */
export const registerDeviceRoutes: RouteModule = (app, { parley, authed }) => {
  app.get('/api/devices', async (request) => {
    authed(request)
    return await parley.accounts.devices()
  })

  app.delete('/api/devices/:deviceId', async (request, reply) => {
    authed(request)
    await parley.accounts.removeDevice(parse(deviceParams, request.params).deviceId)
    return reply.code(204).send()
  })
}
