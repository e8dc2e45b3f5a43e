import { z } from 'zod'
import { parse, username } from './schemas.js'
import type { RouteInputs } from './schemas.js'
import type { RouteModule } from './auth.js'
import { DEFAULT_PAGE, MAX_PAGE, MAX_RECIPIENTS, MAX_TEXT_LENGTH } from '../dm/index.js'

const sendBody = z.strictObject({
  to: z.array(username).min(1, 'to: at least one recipient').max(MAX_RECIPIENTS),
  text: z.string().min(1, 'text must not be empty').max(MAX_TEXT_LENGTH)
})

/** `wait=false`: answer once the message is stored and handed to delivery (status sending; the rest comes as status events) */
const sendQuery = z.strictObject({
  wait: z.enum(['true', 'false']).default('true')
})

const listQuery = z.strictObject({
  with: username.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  before: z.string().max(200).optional()
})

/** What each message route validates (docs/openapi.yaml is generated from it). */
export const MESSAGE_INPUTS: RouteInputs = {
  'POST /api/messages': { body: sendBody, query: sendQuery },
  'GET /api/messages': { query: listQuery }
}

/** Direct messages: POST /api/messages, GET /api/messages[?with=&limit=&before=]. */
export const registerMessageRoutes: RouteModule = (app, { parley, authed }) => {
  app.post('/api/messages', async (request, reply) => {
    authed(request)
    const { to, text } = parse(sendBody, request.body)
    const { wait } = parse(sendQuery, request.query ?? {})
    const { message, settled } = await parley.dm.submit(to, text)
    // the answer waits for every recipient's outcome unless the client follows the status events
    if (wait === 'true') return reply.code(201).send(await settled)
    // the delivery's first steps (seal, stream write) are queued microtasks: they run before
    // the answer is written, so writing the answer does not delay the message
    await new Promise((resolve) => setImmediate(resolve))
    return reply.code(201).send(message)
  })

  app.get('/api/messages', async (request) => {
    authed(request)
    const query = parse(listQuery, request.query ?? {})
    if (query.with == null) return { conversations: parley.dm.conversations() }
    return parley.dm.conversationPage(query.with, query.limit, query.before)
  })
}
