import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import { KdfBusyError, WrongPasswordError } from '../../src/identity/index.js'
import type { TestNode } from '../support/nodes.js'

interface LoginAnswer { status: number, code?: string, message?: string, retryAfter: string | null }

async function login (api: string, username: string, password: string): Promise<LoginAnswer> {
  const response = await fetch(`http://${api}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const body: any = await response.json()
  return { status: response.status, code: body.error?.code, message: body.error?.message, retryAfter: response.headers.get('retry-after') }
}

/** Issue 19, defect 3: 30 wrong passwords answered 30 × 401, with no limit. */
describe('API: login attempts are limited per username and per client', () => {
  let nodes: TestNode[]

  before(async () => {
    // 5 free attempts (the default), then waits of 3 s doubling: long enough that 24 quick
    // requests all fall in the first one on a loaded machine
    nodes = await startTestNetwork(2, { scrypt: TEST_SCRYPT, loginLimits: { baseDelayMs: 3_000 } })
    await registerUser(nodes[1], 'hank')
    const token = await registerUser(nodes[1], 'ivy')
    assert.equal((await nodes[1].call('POST', '/api/logout', undefined, token)).status, 204)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('30 wrong passwords: 6 are tried, the rest answer 429 with Retry-After; the right password works after the wait', async () => {
    const api = nodes[1].api.address
    const answers: LoginAnswer[] = []
    for (let i = 0; i < 30; i++) answers.push(await login(api, 'hank', 'wrong-password'))
    assert.deepEqual(answers.slice(0, 6).map((a) => a.status), [401, 401, 401, 401, 401, 401])
    for (const limited of answers.slice(6)) {
      assert.equal(limited.status, 429)
      assert.equal(limited.code, 'login_rate_limited')
      assert.ok(['1', '2', '3'].includes(limited.retryAfter ?? ''), `Retry-After ${limited.retryAfter}`)
      assert.match(limited.message ?? '', /too many login attempts for "hank": try again in [123] s/)
    }
    // the right password is not heard during the wait either
    assert.equal((await login(api, 'hank', 'hank-password')).status, 429)
    let answer: LoginAnswer | undefined
    await waitFor(async () => (answer = await login(api, 'hank', 'hank-password')).status !== 429, 10_000, 'the wait to pass')
    assert.equal(answer?.status, 200)
    // and clears the count: wrong passwords are tried again
    assert.equal((await login(api, 'hank', 'wrong-password')).status, 401)
  })

  it('one client guessing across usernames is limited too', async () => {
    const api = nodes[1].api.address
    // a correct password clears this client's count
    assert.equal((await login(api, 'hank', 'hank-password')).status, 200)
    const statuses: number[] = []
    for (const username of ['ivy', 'jack', 'kim', 'lou', 'max', 'ned', 'oscar']) statuses.push((await login(api, username, 'wrong-password')).status)
    // ivy (a wrong password) and unknown users count alike: the 7th waits
    assert.deepEqual(statuses, [401, 404, 404, 404, 404, 404, 429])
  })

  it('a full key derivation queue answers 503 kdf_busy with Retry-After; a registration refused so publishes nothing', async () => {
    // the default scrypt cost: a derivation holds the only slot for about half a second
    const busy = await startTestNode({ bootstrap: [nodes[0].addr], kdf: { concurrency: 1, maxQueued: 0 } })
    try {
      await waitFor(async () => (await busy.call('POST', '/api/register', { username: 'pat', password: 'pat-password' })).status === 201, 20_000, 'pat registered')
      const answers = await Promise.all(Array.from({ length: 10 }, async () => login(busy.api.address, 'pat', 'wrong-password')))
      const refused = answers.filter((a) => a.status === 503)
      assert.ok(refused.length >= 1, JSON.stringify(answers))
      for (const a of refused) assert.deepEqual([a.code, a.retryAfter], ['kdf_busy', '1'])
      assert.ok(answers.every((a) => a.status === 401 || a.status === 503 || a.status === 429), JSON.stringify(answers))
      // pat's keystore is on this node: the login takes the slot before it first waits
      const holding = busy.parley.accounts.login('pat', 'wrong-password')
      holding.catch(() => {})
      await assert.rejects(busy.parley.accounts.register('quinn', 'quinn-password'), KdfBusyError)
      await assert.rejects(holding, WrongPasswordError)
      // the name claim goes out only after the keystore is sealed: quinn is still free
      assert.equal(await nodes[0].parley.directory.resolveName('quinn'), undefined)
      assert.equal((await busy.call('POST', '/api/register', { username: 'quinn', password: 'quinn-password', replace: true })).status, 201)
    } finally {
      await busy.stop()
    }
  })
})
