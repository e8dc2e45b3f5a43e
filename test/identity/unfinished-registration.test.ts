import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AccountStore, createUserKeys, sealKeystore, signRecord, userIdFromKey } from '../../src/identity/index.js'
import { TEST_SCRYPT, registerUser, removeNodes, startTestNetwork } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import type { UserKeys } from '../../src/identity/index.js'

/**
 * Registrations that a crash cut short, made the way `register` saves them before anything
 * goes out (keystore and claim, no profile), on a node whose store is then asked to finish them.
 */
describe('unfinished registrations', () => {
  let nodes: TestNode[]

  before(async () => {
    nodes = await startTestNetwork(2, { scrypt: TEST_SCRYPT })
  })

  after(async () => {
    await removeNodes(nodes)
  })

  async function saveUnfinished (node: TestNode, username: string, password: string): Promise<UserKeys> {
    const keys = createUserKeys()
    const createdAt = Date.now()
    const keystore = signRecord('keystore', await sealKeystore(keys, password, 1n, TEST_SCRYPT), keys.signingSecret)
    const claim = signRecord('name-claim', { username, userKey: keys.userKey, createdAt: BigInt(createdAt) }, keys.signingSecret)
    assert.ok(new AccountStore(node.parley.database).create({ username, userKey: keys.userKey, keystore, claim, createdAt }))
    return keys
  }

  it('register with another password answers 401 and keeps it; with its password completes it under its key', async () => {
    const keys = await saveUnfinished(nodes[0], 'fay', 'fay-password')
    const wrong = await nodes[0].call('POST', '/api/register', { username: 'fay', password: 'not-fay-password' })
    assert.equal(wrong.status, 401, JSON.stringify(wrong.body))
    assert.ok(new AccountStore(nodes[0].parley.database).get('fay') != null)
    const done = await nodes[0].call('POST', '/api/register', { username: 'fay', password: 'fay-password' })
    assert.equal(done.status, 201, JSON.stringify(done.body))
    assert.equal(done.body.user.userId, userIdFromKey(keys.userKey))
    // complete now: the name is taken, also here
    assert.equal((await nodes[0].call('POST', '/api/register', { username: 'fay', password: 'fay-password' })).status, 409)
    const token = await registerUser(nodes[1], 'gus')
    const seen = await nodes[1].call('GET', '/api/users/fay', undefined, token)
    assert.equal(seen.status, 200)
    assert.equal(seen.body.userId, userIdFromKey(keys.userKey))
  })

  it('one whose name went to another key meanwhile answers 409 and is forgotten', async () => {
    const first = await nodes[1].call('POST', '/api/register', { username: 'erin', password: 'erin-password', replace: true })
    assert.equal(first.status, 201)
    await saveUnfinished(nodes[0], 'erin', 'erin-password-0')
    const login = await nodes[0].call('POST', '/api/login', { username: 'erin', password: 'erin-password-0', replace: true })
    assert.equal(login.status, 409, JSON.stringify(login.body))
    assert.equal(new AccountStore(nodes[0].parley.database).get('erin'), undefined)
    // the name stays with its owner, who logs in from this node too
    const owner = await nodes[0].call('POST', '/api/login', { username: 'erin', password: 'erin-password', replace: true })
    assert.equal(owner.status, 200, JSON.stringify(owner.body))
    assert.equal(owner.body.user.userId, first.body.user.userId)
  })
})
