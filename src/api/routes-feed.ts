import { z } from 'zod'
import { parse, username, usernameParams } from './schemas.js'
import type { RouteInputs } from './schemas.js'
import type { RouteModule } from './auth.js'
import { MAX_POST_BYTES } from '../feed/index.js'

const usernameBody = z.strictObject({ username })
const postBody = z.strictObject({ text: z.string().min(1).max(MAX_POST_BYTES) })
const timelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.string().max(200).optional()
})
const settingsBody = z.strictObject({ mode: z.enum(['inline', 'paged', 'linked']).describe('remote-log layout (docs/protocols/remote-log.md)') })

/** What each feed route validates (docs/openapi.yaml is generated from it). */
export const FEED_INPUTS: RouteInputs = {
  'POST /api/follow': { body: usernameBody, bodyName: 'UsernameBody' },
  'POST /api/unfollow': { body: usernameBody, bodyName: 'UsernameBody' },
  'GET /api/followers': {},
  'GET /api/following': {},
  'POST /api/posts': { body: postBody },
  'GET /api/timeline': { query: timelineQuery },
  'GET /api/users/:username/posts': { params: usernameParams },
  'GET /api/users/:username/feed.car': { params: usernameParams },
  'GET /api/notifications': {},
  'GET /api/feed/settings': {},
  'PUT /api/feed/settings': { body: settingsBody, bodyName: 'FeedSettings' }
}

/** Feeds: posts, follows, timeline, notifications, remote-log export and layout. */
export const registerFeedRoutes: RouteModule = (app, { parley, authed }) => {
  const feed = parley.feed

  app.post('/api/follow', async (request, reply) => {
    authed(request)
    await feed.follow(parse(usernameBody, request.body).username)
    return reply.code(204).send()
  })

  app.post('/api/unfollow', async (request, reply) => {
    authed(request)
    await feed.unfollow(parse(usernameBody, request.body).username)
    return reply.code(204).send()
  })

  app.get('/api/followers', async (request) => {
    authed(request)
    return feed.followers()
  })

  app.get('/api/following', async (request) => {
    authed(request)
    return feed.following()
  })

  app.post('/api/posts', async (request, reply) => {
    authed(request)
    return reply.code(201).send(await feed.publish(parse(postBody, request.body).text))
  })

  app.get('/api/timeline', async (request) => {
    authed(request)
    const { limit, before } = parse(timelineQuery, request.query)
    return feed.timeline(limit, before)
  })

  app.get('/api/users/:username/posts', async (request) => {
    authed(request)
    return { posts: await feed.userPosts(parse(usernameParams, request.params).username) }
  })

  app.get('/api/users/:username/feed.car', async (request, reply) => {
    authed(request)
    const car = await feed.exportFeed(parse(usernameParams, request.params).username)
    return reply.type('application/vnd.ipld.car').send(Buffer.from(car))
  })

  app.get('/api/notifications', async (request) => {
    authed(request)
    return feed.notifications()
  })

  app.get('/api/feed/settings', async (request) => {
    authed(request)
    return { mode: feed.mode(), publication: feed.publication() }
  })

  app.put('/api/feed/settings', async (request) => {
    authed(request)
    const { mode } = parse(settingsBody, request.body)
    await feed.setMode(mode)
    return { mode, publication: feed.publication() }
  })
}
