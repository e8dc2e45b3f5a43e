import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { createConfig, lint } from '@redocly/openapi-core'
import { parse as parseYaml } from 'yaml'
import { ROUTE_INPUTS, openApiPath, withZodInputs } from '../../src/api/openapi.js'
import { STATUS_BY_CODE, toApiError } from '../../src/api/errors.js'
import { requestApi } from '../../src/cli/http.js'
import { startTestNode } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

const YAML_PATH = fileURLToPath(new URL('../../../docs/openapi.yaml', import.meta.url))

/**
 * What each route's handler can fail with beyond validation, the token and the Host check,
 * read off the services it calls: ParleyError codes (statuses from STATUS_BY_CODE),
 * `network_timeout` (a DHT lookup or a signal that times out: 504), `storage_full` (a
 * write: 507), or a status that is no error (health's readiness 503). A route not listed
 * fails only in those common ways.
 */
const ROUTE_FAILURES: Record<string, Array<string | number>> = {
  'GET /api/health': [503],
  'GET /api/events': [404], // a GET that asks for no WebSocket (@fastify/websocket)
  'POST /api/register': ['invalid_input', 'name_taken', 'other_user_signed_in', 'wrong_password', 'offline', 'kdf_busy', 'network_timeout', 'storage_full'],
  'POST /api/login': ['invalid_input', 'wrong_password', 'unknown_user', 'other_user_signed_in', 'keystore_too_costly', 'login_rate_limited', 'kdf_busy', 'device_removed', 'network_timeout', 'storage_full'],
  'DELETE /api/sessions/:id': [404], // unknown_session, the API's own (routes-sessions.ts)
  'POST /api/link': ['invalid_input', 'unknown_user', 'other_user_signed_in', 'link_code_wrong', 'link_code_unknown', 'backup_account_exists', 'backup_conflict', 'offline', 'network_timeout', 'storage_full'],
  'GET /api/users/:username': ['unknown_user', 'network_timeout'],
  'POST /api/follow': ['invalid_input', 'unknown_user', 'network_timeout', 'storage_full'],
  'POST /api/unfollow': ['invalid_input', 'unknown_user', 'network_timeout', 'storage_full'],
  'POST /api/posts': ['storage_full'],
  'GET /api/timeline': ['invalid_input'],
  'GET /api/users/:username/posts': ['unknown_user', 'network_timeout'],
  'GET /api/users/:username/feed.car': ['unknown_user', 'feed_unavailable', 'network_timeout'],
  'PUT /api/feed/settings': ['storage_full'],
  'POST /api/messages': ['invalid_input', 'unknown_user', 'network_timeout', 'storage_full'],
  'POST /api/groups': ['invalid_input', 'unknown_user', 'network_timeout', 'storage_full'],
  'GET /api/groups/:id': ['unknown_group'],
  'POST /api/groups/:id/start': ['not_group_creator', 'not_group_device', 'unknown_group', 'network_timeout', 'storage_full'],
  'POST /api/groups/:id/members': ['invalid_input', 'not_group_creator', 'not_group_device', 'unknown_group', 'unknown_user', 'membership_change_pending', 'network_timeout', 'storage_full'],
  'POST /api/groups/:id/messages': ['invalid_input', 'unknown_group', 'group_not_started', 'storage_full'],
  'GET /api/groups/:id/messages': ['unknown_group'],
  // 409: `out` exists (backup_out_unwritable)
  'POST /api/backup': [409, 'backup_too_large'],
  'POST /api/restore': ['backup_phrase_invalid', 'backup_phrase_wrong', 'backup_corrupt', 'backup_account_exists', 'backup_conflict', 'backup_too_large', 'restore_busy', 'offline', 'network_timeout', 'storage_full'],
  'DELETE /api/devices/:deviceId': ['invalid_input', 'unknown_device', 'network_timeout', 'storage_full']
}

/** The status the API answers for `code`, through the server's own mapping (errors.ts). */
function statusOf (failure: string | number): number {
  if (typeof failure === 'number') return failure
  if (failure === 'network_timeout') return toApiError(Object.assign(new Error('late'), { name: 'TimeoutError' })).status
  const status = STATUS_BY_CODE[failure]
  assert.ok(status != null, `ROUTE_FAILURES names ${failure}, which STATUS_BY_CODE does not map`)
  return status
}

/** A WebSocket (101) checks its token on the socket: it closes with 4401 instead of a 401. */
const isWebSocket = (operation: any): boolean => operation.responses['101'] != null

/**
 * The statuses `route` can answer besides its successes: 403 for every call (Host check,
 * guard.ts), 401 without a token where the operation needs one, 400 where it validates
 * input or takes a body (JSON that does not parse), 413 and 415 for a body too large or not
 * JSON, and ROUTE_FAILURES.
 */
function failureStatuses (route: string, operation: any, doc: any): Set<number> {
  const method = route.split(' ')[0]
  const input = ROUTE_INPUTS[route] ?? {}
  const statuses = new Set([403, ...(ROUTE_FAILURES[route] ?? []).map(statusOf)])
  if ((operation.security ?? doc.security).length > 0 && !isWebSocket(operation)) statuses.add(401)
  if (input.body != null || input.params != null || input.query != null) statuses.add(400)
  if (method === 'POST' || method === 'PUT') for (const status of [400, 413, 415]) statuses.add(status)
  return statuses
}

/** Every operation of the document as fastify's "METHOD /path/:param". */
function operationsOf (doc: any): Array<{ route: string, operation: any }> {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation })))
}

describe('docs/openapi.yaml', () => {
  let node: TestNode
  let doc: any

  before(async () => {
    doc = parseYaml(await readFile(YAML_PATH, 'utf8'))
    node = await startTestNode()
  })
  after(async () => { await node?.stop() })

  it('lints clean with Redocly\'s recommended rules', async (t) => {
    const problems = await lint({ ref: YAML_PATH, config: await createConfig({ extends: ['recommended'] }) })
    const show = (p: any): string => `${p.ruleId} at ${p.location?.[0]?.pointer}: ${p.message}`
    const errors = problems.filter((p) => p.severity === 'error')
    const warnings = problems.filter((p) => p.severity === 'warn')
    t.diagnostic(`${errors.length} errors, ${warnings.length} warnings${warnings.map((w) => `\n  ${show(w)}`).join('')}`)
    assert.deepEqual(errors.map(show), [])
    // the one warning left: the events WebSocket answers 101, which the rule does not count as a success
    assert.deepEqual(warnings.map((w) => `${w.ruleId} ${w.location?.[0]?.pointer}`), ['operation-2xx-response #/paths/~1api~1events/get/responses'])
  })

  it('documents every route the server registers and no other, each listed with what it validates', () => {
    const served = node.api.routes.filter((r) => r !== 'GET /*').sort() // the web UI's files and paths aside
    assert.deepEqual(operationsOf(doc).map((o) => o.route).sort(), served)
    assert.deepEqual(Object.keys(ROUTE_INPUTS).sort(), served)
  })

  it('has the request bodies and parameters generated from the zod schemas, and serves them', async () => {
    const generated = withZodInputs(doc)
    for (const [route] of Object.entries(ROUTE_INPUTS)) {
      const { method, path } = openApiPath(route)
      const written = doc.paths[path][method]
      const wanted = generated.paths[path][method]
      const hint = `${route}: docs/openapi.yaml differs from the zod schema (npm run openapi writes it)`
      assert.deepEqual(written.requestBody, wanted.requestBody, hint)
      assert.deepEqual(written.parameters, wanted.parameters, hint)
    }
    assert.deepEqual(doc.components.schemas, generated.components.schemas, 'a named request body differs from its zod schema (npm run openapi)')
    const served = await node.call('GET', '/api/openapi.json')
    assert.equal(served.status, 200)
    assert.deepEqual(served.body, generated)
  })

  it('lists every status each route can answer, and none it cannot', () => {
    const missing: string[] = []
    const extra: string[] = []
    for (const { route, operation } of operationsOf(doc)) {
      const documented = Object.keys(operation.responses).map(Number)
      const failures = failureStatuses(route, operation, doc)
      for (const status of failures) if (!documented.includes(status)) missing.push(`${route} ${status}`)
      for (const status of documented) if (status >= 300 && !failures.has(status)) extra.push(`${route} ${status}`)
    }
    assert.deepEqual(missing, [], 'statuses a route answers that docs/openapi.yaml leaves out')
    assert.deepEqual(extra, [], 'statuses docs/openapi.yaml lists that the route never answers (or ROUTE_FAILURES misses)')
  })

  it('names every error code the routes answer among the examples of Error.code', () => {
    const examples: string[] = doc.components.schemas.Error.properties.error.properties.code.examples
    // the API's own (errors.ts, guard.ts, server.ts) and those of the services the routes call
    const own = ['invalid_body', 'invalid_json', 'body_too_large', 'unsupported_media_type', 'unauthorized', 'forbidden_host', 'forbidden_origin', 'not_found', 'storage_io_error', 'internal']
    const answered = new Set([...own, ...Object.values(ROUTE_FAILURES).flat().filter((f) => typeof f === 'string')])
    assert.deepEqual([...answered].filter((code) => !examples.includes(code)), [])
  })

  it('every route answers 403 to a foreign Host, and 401 without a token exactly where the document asks for one', async () => {
    const concrete = (path: string): string => path.replace(':username', 'nobody_here').replace(':id', 'no-such-group')
    for (const { route, operation } of operationsOf(doc)) {
      const [method, path] = route.split(' ')
      const foreign = await requestApi(node.api.address, method, concrete(path), { headers: { host: 'evil.example:80' } })
      assert.equal(foreign.status, 403, `${route} with a foreign Host: ${foreign.text}`)
      const anonymous = await requestApi(node.api.address, method, concrete(path))
      const needsToken = (operation.security ?? doc.security).length > 0
      if (isWebSocket(operation)) assert.equal(anonymous.status, 404, `${route} without Upgrade: ${anonymous.text}`) // its 4401: test/api/api.test.ts
      else if (needsToken) assert.equal(anonymous.status, 401, `${route} without a token: ${anonymous.text}`)
      else assert.notEqual(anonymous.status, 401, `${route} is documented without security but wants a token`)
    }
  })
})
