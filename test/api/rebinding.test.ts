import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestNetwork } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { openEventsSocket as openSocket, sendWithHeaders as send } from '../support/web-client.js'

/** DNS rebinding and foreign pages: the API answers only its own names and origins. */
describe('API: Host, Origin and security headers', () => {
  let nodes: TestNode[]
  let address: string
  let port: string

  before(async () => {
    nodes = await startTestNetwork(2)
    address = nodes[1].api.address
    port = address.split(':')[1]
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('refuses a request for a foreign host name, on every route, and registers nobody', async () => {
    const evil = { host: `rebind.example:${port}` }
    const health = await send(address, 'GET', '/api/health', evil)
    assert.equal(health.status, 403)
    assert.equal(health.body.error.code, 'forbidden_host')
    const register = await send(address, 'POST', '/api/register', evil, { username: 'mallory', password: 'mallory-password' })
    assert.equal(register.status, 403)
    assert.equal(nodes[1].parley.session, undefined, 'nobody was registered or logged in')
    assert.equal((await send(address, 'GET', '/', evil)).status, 403, 'the UI neither')
    assert.equal((await send(address, 'GET', '/api/health', { host: 'localhost:1' })).status, 403, 'another port is another site')
  })

  it('answers its own names: the bound address and localhost', async () => {
    assert.equal((await send(address, 'GET', '/api/health', { host: address })).status, 200)
    assert.equal((await send(address, 'GET', '/api/health', { host: `localhost:${port}` })).status, 200)
    assert.equal((await send(address, 'GET', '/api/health', { host: `LOCALHOST:${port}` })).status, 200)
  })

  it('refuses a state change from a foreign page, and allows its own UI and clients without an Origin', async () => {
    const login = { username: 'nobody_here', password: 'whatever-password' }
    const foreign = await send(address, 'POST', '/api/login', { host: address, origin: 'http://rebind.example' }, login)
    assert.equal(foreign.status, 403)
    assert.equal(foreign.body.error.code, 'forbidden_origin')
    assert.equal((await send(address, 'POST', '/api/login', { host: address, origin: 'null' }, login)).status, 403)
    // the node's own UI, and the CLI (no Origin): the request reaches the route (unknown user)
    assert.notEqual((await send(address, 'POST', '/api/login', { host: address, origin: `http://${address}` }, login)).status, 403)
    assert.notEqual((await send(address, 'POST', '/api/login', { host: address }, login)).status, 403)
    // reading is not acting: a GET with a foreign Origin is answered (CORS keeps the page from reading it)
    assert.equal((await send(address, 'GET', '/api/health', { host: address, origin: 'http://rebind.example' })).status, 200)
  })

  it('opens the events WebSocket for its own origin only', async () => {
    assert.equal(await openSocket(address, { origin: 'http://rebind.example' }), 403)
    // the socket opens, then closes for want of a token: the origin passed
    assert.equal(await openSocket(address, { origin: `http://${address}` }), true)
  })

  it('sends headers that keep pages from framing or sniffing it, and a content security policy with the UI', async () => {
    const page = await send(address, 'GET', '/', { host: address })
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.equal(page.headers['x-frame-options'], 'DENY')
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.equal(page.headers['referrer-policy'], 'no-referrer')
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/)
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/)
    const api = await send(address, 'GET', '/api/health', { host: address })
    assert.equal(api.headers['x-content-type-options'], 'nosniff')
  })
})
