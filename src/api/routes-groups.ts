import { z } from 'zod'
import { parse, username } from './schemas.js'
import type { RouteInputs } from './schemas.js'
import type { RouteModule } from './auth.js'

const groupParams = z.strictObject({ id: z.string().min(1).max(128) })
const createBody = z.strictObject({ name: z.string().min(1).max(100), members: z.array(username).max(63) })
const memberBody = z.strictObject({ username })
const messageBody = z.strictObject({ text: z.string().min(1).max(16 * 1024) })
/** `wait=false`: answer `pending` once the entry is stored in this device's outbox (the commit comes as a `message` event) */
const sendQuery = z.strictObject({
  wait: z.enum(['true', 'false']).default('true')
})
const messagesQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional()
})

/** What each group route validates (docs/openapi.yaml is generated from it). */
export const GROUP_INPUTS: RouteInputs = {
  'GET /api/groups': {},
  'POST /api/groups': { body: createBody },
  'GET /api/groups/:id': { params: groupParams },
  'POST /api/groups/:id/start': { params: groupParams },
  'POST /api/groups/:id/members': { params: groupParams, body: memberBody },
  'POST /api/groups/:id/messages': { params: groupParams, query: sendQuery, body: messageBody },
  'GET /api/groups/:id/messages': { params: groupParams, query: messagesQuery }
}

/** Group chats (API.md): list, create, add members, start, send, read. */
export const registerGroupRoutes: RouteModule = (app, { parley, authed }) => {
  app.get('/api/groups', async (request) => {
    authed(request)
    return { groups: parley.groups.list() }
  })

  app.post('/api/groups', async (request, reply) => {
    authed(request)
    const { name, members } = parse(createBody, request.body)
    return reply.code(201).send(await parley.groups.create(name, members, { signal: AbortSignal.timeout(15_000) }))
  })

  app.get('/api/groups/:id', async (request) => {
    authed(request)
    return parley.groups.view(parse(groupParams, request.params).id)
  })

  app.post('/api/groups/:id/start', async (request) => {
    authed(request)
    return parley.groups.startChat(parse(groupParams, request.params).id, { signal: AbortSignal.timeout(15_000) })
  })

  app.post('/api/groups/:id/members', async (request) => {
    authed(request)
    const { username: member } = parse(memberBody, request.body)
    return parley.groups.addMember(parse(groupParams, request.params).id, member, { signal: AbortSignal.timeout(15_000) })
  })

  app.post('/api/groups/:id/messages', async (request) => {
    authed(request)
    const { text } = parse(messageBody, request.body)
    const { wait } = parse(sendQuery, request.query ?? {})
    return parley.groups.send(parse(groupParams, request.params).id, text, { wait: wait === 'true' })
  })

  app.get('/api/groups/:id/messages', async (request) => {
    authed(request)
    const { id } = parse(groupParams, request.params)
    return { messages: parley.groups.messages(id, parse(messagesQuery, request.query ?? {})) }
  })
}
