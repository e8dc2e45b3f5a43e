import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { createUserKeys, nameKey, profileKey, signRecord, userIdFromKey } from '../../src/identity/index.js'
import { SignedRecord } from '../../src/identity/wire.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import { startTestNetwork } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

/** Ten real libp2p nodes over TCP on 127.0.0.1, each with its own API, database and keys. */
describe('ten nodes over TCP', () => {
  let nodes: TestNode[]
  let alice: { token: string, user: { username: string, userId: string } }

  before(async () => {
    nodes = await startTestNetwork(10)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('registers on one node and every other node resolves the name and profile through the DHT', async () => {
    const answer = await nodes[3].call('POST', '/api/register', { username: 'alice', password: 'alice-password' })
    assert.equal(answer.status, 201)
    alice = answer.body
    assert.equal(alice.user.username, 'alice')
    for (const [i, node] of nodes.entries()) {
      if (i === 3) continue
      const user = await node.parley.lookupUser('alice')
      assert.equal(user.userId, alice.user.userId, `node ${i} resolves alice's key`)
      assert.equal(user.online, true)
      assert.deepEqual(user.devices.map((d) => d.peerId), [nodes[3].parley.peerId])
      assert.equal(user.activeDevice, nodes[3].parley.peerId)
    }
    // and through the API of another node, as its own logged-in user sees it
    const bob = await nodes[7].call('POST', '/api/register', { username: 'bob', password: 'bob-password' })
    assert.equal(bob.status, 201)
    const seen = await nodes[7].call('GET', '/api/users/alice', undefined, bob.body.token)
    assert.equal(seen.status, 200)
    assert.equal(seen.body.userId, alice.user.userId)
    assert.equal((await nodes[7].call('GET', '/api/users/nobody_here', undefined, bob.body.token)).status, 404)
  })

  it('the same username registered on another node gets 409', async () => {
    const answer = await nodes[8].call('POST', '/api/register', { username: 'alice', password: 'another-password' })
    assert.equal(answer.status, 409)
    assert.equal(answer.body.error.code, 'name_taken')
  })

  it('a wrong password gets 401, on the home node and on another node', async () => {
    for (const node of [nodes[3], nodes[5]]) {
      const answer = await node.call('POST', '/api/login', { username: 'alice', password: 'not-the-password' })
      assert.equal(answer.status, 401)
      assert.equal(answer.body.error.code, 'wrong_password')
    }
  })

  describe('bad records sent straight to every node', () => {
    let attacker: ScriptedDhtPeer
    const mallory = createUserKeys()
    let aliceKey: Uint8Array

    before(async () => {
      attacker = await ScriptedDhtPeer.start(nodes.map((node) => node.addr))
      const claim = await nodes[0].parley.directory.resolveName('alice')
      aliceKey = claim!.record.userKey
    })

    after(async () => { await attacker.stop() })

    async function expectRejectedByAll (key: Uint8Array, value: Uint8Array): Promise<void> {
      for (const [i, node] of nodes.entries()) {
        const accepted = await attacker.putTo(peerIdFromString(node.parley.peerId), key, value)
        assert.equal(accepted, false, `node ${i} must refuse the record`)
      }
    }

    it('a forged name claim (signed by another key) is rejected', async () => {
      const envelope = SignedRecord.decode(signRecord('name-claim', { username: 'alice', userKey: mallory.userKey, createdAt: 1n }, mallory.signingSecret))
      const payload = SignedRecord.decode(signRecord('name-claim', { username: 'alice', userKey: aliceKey, createdAt: 1n }, mallory.signingSecret)).payload
      await expectRejectedByAll(nameKey('alice'), SignedRecord.encode({ ...envelope, payload }))
    })

    it('a back-dated name claim (validly signed by another key) is rejected', async () => {
      await expectRejectedByAll(nameKey('alice'), signRecord('name-claim', { username: 'alice', userKey: mallory.userKey, createdAt: 0n }, mallory.signingSecret))
    })

    it('a forged profile is rejected', async () => {
      const fake = signRecord('profile', {
        userKey: aliceKey, username: 'alice', encryptionKey: mallory.encryptionKey,
        devices: [{ peerId: attacker.node.peerId.toString(), addrs: [], addedAt: 1n, name: '', lastSeen: 0n }], activeDevice: attacker.node.peerId.toString(),
        online: true, lastSeen: BigInt(Date.now()), seq: 1_000n, removed: []
      }, mallory.signingSecret)
      await expectRejectedByAll(profileKey(aliceKey), fake)
    })

    it('an oversized record is rejected', async () => {
      await expectRejectedByAll(profileKey(mallory.userKey), new Uint8Array(64 * 1024).fill(7))
    })

    it('a replayed older profile is rejected', async () => {
      const profile = await nodes[0].parley.directory.resolveProfile(aliceKey)
      assert.ok(profile != null)
      // a captured profile of alice's, then a newer one published by her own node
      const captured = profile.bytes
      await nodes[3].parley.accounts.refreshPresence()
      const current = await nodes[0].parley.directory.resolveProfile(aliceKey)
      assert.ok(current!.record.seq > profile.record.seq)
      await expectRejectedByAll(profileKey(aliceKey), captured)
    })

    it('garbage and records under unknown namespaces are rejected', async () => {
      await expectRejectedByAll(nameKey('carol'), new Uint8Array([1, 2, 3, 4]))
      await expectRejectedByAll(new TextEncoder().encode('/other-namespace/x'), new Uint8Array([1]))
    })

    it('after all of it every node is up and still resolves the true alice', async () => {
      for (const node of nodes) {
        assert.equal((await node.call('GET', '/api/health')).status, 200)
        const user = await node.parley.lookupUser('alice')
        assert.equal(user.userId, userIdFromKey(aliceKey))
        assert.equal(user.activeDevice, nodes[3].parley.peerId)
      }
    })
  })
})
