import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { parse as parseYaml } from 'yaml'
import { callHttp, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

describe('HTTP API', () => {
  let nodes: TestNode[]
  let address: string
  let token: string

  before(async () => {
    nodes = await startTestNetwork(2)
    address = nodes[1].api.address
    const answer = await nodes[1].call('POST', '/api/register', { username: 'erin', password: 'erin-password' })
    assert.equal(answer.status, 201)
    token = answer.body.token
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  const expectError = (answer: { status: number, body: any }, status: number, code: string): void => {
    assert.equal(answer.status, status, JSON.stringify(answer.body))
    assert.equal(answer.body.error.code, code)
    assert.equal(typeof answer.body.error.message, 'string')
  }

  it('malformed bodies get 400 with a JSON error', async () => {
    expectError(await callHttp(address, 'POST', '/api/login', undefined, undefined, '{"username":'), 400, 'invalid_json')
    expectError(await callHttp(address, 'POST', '/api/login', undefined, undefined, ''), 400, 'invalid_json')
    expectError(await nodes[1].call('POST', '/api/login', {}), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/login', { username: 'erin' }), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/login', { username: 42, password: 'erin-password' }), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/login', ['erin', 'erin-password']), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/register', { username: 'Bad Name', password: 'long-enough' }), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/register', { username: 'frank', password: 'short' }), 400, 'invalid_body')
    expectError(await nodes[1].call('POST', '/api/register', { username: 'frank', password: 'long-enough', admin: true }), 400, 'invalid_body')
    expectError(await nodes[1].call('GET', '/api/users/NOT-A-NAME', undefined, token), 400, 'invalid_body')
  })

  it('oversized bodies get 413 and other media types 415', async () => {
    expectError(await callHttp(address, 'POST', '/api/login', undefined, undefined, JSON.stringify({ username: 'erin', password: 'x'.repeat(100_000) })), 413, 'body_too_large')
    expectError(await callHttp(address, 'POST', '/api/login', undefined, undefined, 'username=erin', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type')
  })

  it('calls without a valid token get 401; unknown routes get a JSON 404', async () => {
    expectError(await nodes[1].call('GET', '/api/me'), 401, 'unauthorized')
    expectError(await nodes[1].call('GET', '/api/me', undefined, 'not-a-token'), 401, 'unauthorized')
    expectError(await nodes[1].call('GET', '/api/nothing-here'), 404, 'not_found')
  })

  it('the node survives all of it and still serves the user', async () => {
    const me = await nodes[1].call('GET', '/api/me', undefined, token)
    assert.equal(me.status, 200)
    assert.equal(me.body.username, 'erin')
    const network = await nodes[1].call('GET', '/api/network', undefined, token)
    assert.equal(network.body.peerId, nodes[1].parley.peerId)
    assert.ok(network.body.peers.some((p: any) => p.peerId === nodes[0].parley.peerId))
    assert.ok(network.body.dht.routingTableSize >= 1)
    assert.deepEqual(Object.keys(network.body.dht.heldForOthers).sort(), ['providers', 'records'])
  })

  it('register without any connected peer is a 503 that says the node is offline', async () => {
    const lonely = await (await import('../support/nodes.js')).startTestNode()
    try {
      expectError(await lonely.call('POST', '/api/register', { username: 'gina', password: 'gina-password' }), 503, 'offline')
    } finally {
      await lonely.stop()
    }
  })

  it('the events socket reports the session ending, then closes', async () => {
    const socket = new WebSocket(`ws://${address}/api/events?token=${token}`)
    const events: any[] = []
    socket.on('message', (data) => { events.push(JSON.parse(data.toString())) })
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => { resolve(code) }))
    await waitFor(() => events.some((e) => e.type === 'hello'), 5_000, 'hello event')
    assert.equal((await nodes[1].call('POST', '/api/logout', undefined, token)).status, 204)
    assert.equal(await closed, 4401)
    assert.ok(events.some((e) => e.type === 'session' && e.data.kind === 'logout' && e.data.username === 'erin'))
    expectError(await nodes[1].call('GET', '/api/me', undefined, token), 401, 'unauthorized')
    const refused = new WebSocket(`ws://${address}/api/events?token=${token}`)
    assert.equal(await new Promise((resolve) => refused.once('close', resolve)), 4401)
  })

  it('serves the web page at /', async () => {
    const response = await fetch(`http://${address}/`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /text\/html/)
    assert.match(await response.text(), /<title>Parley<\/title>/)
  })

  it('docs/openapi.yaml documents exactly the routes served, and is served as JSON', async () => {
    const doc = parseYaml(await readFile(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'))
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    assert.deepEqual([...documented].sort(), nodes[1].api.routes.filter((r) => r !== 'GET /*').sort()) // the web UI's files and paths aside
    const served = await nodes[1].call('GET', '/api/openapi.json')
    assert.equal(served.status, 200)
    assert.equal(served.body.openapi, doc.openapi)
  })
})
