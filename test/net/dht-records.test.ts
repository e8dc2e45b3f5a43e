import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { sha256 } from '@noble/hashes/sha2.js'
import { compare } from 'uint8arrays/compare'
import { xor } from 'uint8arrays/xor'
import { equals as equalBytes } from 'uint8arrays/equals'
import { createUserKeys, nameKey, profileKey, signRecord, verifyRecord } from '../../src/identity/index.js'
import { SignedRecord } from '../../src/identity/wire.js'
import { closestKnownPeers, dhtRecordStore, GET_QUORUM, GuardedDatastore } from '../../src/net/index.js'
import { KadMessage } from '../../src/net/kad.js'
import { PARLEY_MIGRATIONS } from '../../src/app/migrations.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { startTestNetwork, waitFor } from '../support/nodes.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import type { TestNode } from '../support/nodes.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const alice = createUserKeys()
const mallory = createUserKeys()

function claim (username: string, keys = alice, createdAt = BigInt(Date.now())): Uint8Array {
  return signRecord('name-claim', { username, userKey: keys.userKey, createdAt }, keys.signingSecret)
}

/**
 * Five Parley nodes over TCP and one scripted DHT peer. Records are looked up from node 0;
 * each test picks a username whose key puts the scripted peer at a chosen rank among the
 * peers node 0 knows closest to it (rank < GET_QUORUM: asked in the direct round).
 */
describe('DHT record gets: a direct round to the closest peers, the full query as fallback', () => {
  let nodes: TestNode[]
  let scripted: ScriptedDhtPeer
  let probes = 0

  /** The ranks a peer with `key` would take among node 0's peers (nodes 1-4 and it) over many name keys. */
  function reachableRanks (key: PrivateKey): Set<number> {
    const kadId = (id: PeerId): Uint8Array => sha256(id.toMultihash().bytes)
    const others = nodes.slice(1).map((node) => kadId(peerIdFromString(node.parley.peerId)))
    const mine = kadId(peerIdFromPrivateKey(key))
    const ranks = new Set<number>()
    for (let i = 0; i < 2_000; i++) {
      const target = sha256(nameKey(`rank_${i}`))
      ranks.add(others.filter((other) => compare(xor(other, target), xor(mine, target)) < 0).length)
    }
    return ranks
  }

  before(async () => {
    nodes = await startTestNetwork(5)
    // XOR distance: a peer whose ID differs in its first bit from every other peer's is
    // either the closest or the farthest for every key; the tests need the scripted peer
    // at the middle ranks too, so its identity is chosen before it starts
    let key = await generateKeyPair('Ed25519')
    for (let attempt = 1; attempt < 100 && ![0, GET_QUORUM, GET_QUORUM + 1].every((rank) => reachableRanks(key).has(rank)); attempt++) key = await generateKeyPair('Ed25519')
    scripted = await ScriptedDhtPeer.start(nodes.map((node) => node.addr), key)
    const dht = nodes[0].parley.libp2p.services.dht
    await waitFor(() => closestKnownPeers(dht, nameKey('anyone'), 10).some((p) => p.equals(scripted.node.peerId)), 20_000, 'node 0 to know the scripted peer')
    await waitFor(() => closestKnownPeers(dht, nameKey('anyone'), 10).length >= 5, 20_000, 'node 0 to know every peer')
  })

  after(async () => {
    await scripted.stop()
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  /** A fresh username whose key has the scripted peer at `rank` of node 0's closest peers. */
  async function usernameWithScriptedAt (rank: number): Promise<string> {
    const dht = nodes[0].parley.libp2p.services.dht
    await waitFor(() => {
      const known = closestKnownPeers(dht, nameKey('anyone'), 10)
      return known.length > rank && known.some((p) => p.equals(scripted.node.peerId))
    }, 20_000, 'node 0 to know the scripted peer and enough others')
    for (let tries = 0; tries < 10_000; tries++) {
      const username = `probe_${probes++}`
      const closest = closestKnownPeers(dht, nameKey(username), rank + 1)
      if (closest.findIndex((p) => p.equals(scripted.node.peerId)) === rank) return username
    }
    throw new Error(`no username puts the scripted peer at rank ${rank} among node 0's ${closestKnownPeers(dht, nameKey('anyone'), 10).length} known peers`)
  }

  /** A profile record of `keys` with node 1 as its device. */
  function profileOf (keys: typeof alice, username: string, seq: bigint): Uint8Array {
    return signRecord('profile', {
      userKey: keys.userKey, username, encryptionKey: keys.encryptionKey,
      devices: [{ peerId: nodes[1].parley.peerId, addrs: [], addedAt: 1n, name: '', lastSeen: 0n }], activeDevice: '', online: false, lastSeen: 1n, seq, removed: []
    }, keys.signingSecret)
  }

  function assertSameRecord (actual: Uint8Array | undefined, expected: Uint8Array): void {
    assert.ok(actual != null && equalBytes(actual, expected), 'node 0 resolves the expected record')
  }

  async function resolveFromNode0 (username: string): Promise<Uint8Array | undefined> {
    return (await nodes[0].parley.directory.resolveName(username))?.bytes
  }

  it('stops after one round when the closest peers all hold the record: the next closest is never asked', async () => {
    const username = await usernameWithScriptedAt(GET_QUORUM)
    const honest = claim(username)
    scripted.script = () => ({ value: honest })
    assert.ok(await nodes[1].parley.directory.publish(nameKey(username), honest) >= GET_QUORUM)
    assertSameRecord(await resolveFromNode0(username), honest)
    assert.equal(scripted.getsFor(nameKey(username)), 0, 'the fourth closest peer was asked')
  })

  it('a forged answer from one of the closest peers does not count: the record comes from the honest ones', async () => {
    const username = await usernameWithScriptedAt(0)
    const honest = claim(username)
    const envelope = SignedRecord.decode(claim(username, mallory))
    const forged = SignedRecord.encode({ ...envelope, payload: SignedRecord.decode(honest).payload }) // alice's claim, mallory's signature
    assert.throws(() => verifyRecord('name-claim', nameKey(username), forged))
    scripted.script = () => ({ value: forged })
    await nodes[1].parley.directory.publish(nameKey(username), honest)
    assertSameRecord(await resolveFromNode0(username), honest)
    assert.ok(scripted.getsFor(nameKey(username)) >= 1, 'the scripted peer was asked')
  })

  it('one of the closest peers never answering does not hold up the get for long', async () => {
    const username = await usernameWithScriptedAt(0)
    const honest = claim(username)
    scripted.script = () => 'hang'
    await nodes[1].parley.directory.publish(nameKey(username), honest)
    assertSameRecord(await resolveFromNode0(username), honest)
    assert.ok(scripted.getsFor(nameKey(username)) >= 1, 'the scripted peer was asked')
  })

  it('a record that the closest peers lack is found by the full query at a farther peer', async () => {
    const username = await usernameWithScriptedAt(GET_QUORUM + 1)
    const only = claim(username) // never published: the scripted peer is its one holder
    scripted.script = (key) => equalBytes(key, nameKey(username)) ? { value: only } : 'none'
    assertSameRecord(await resolveFromNode0(username), only)
    assert.equal(scripted.getsFor(nameKey(username)), 1)
  })

  it('a put counts the peers that stored the record; asked for the same peers, the next put of the key goes straight to them, without a walk', async () => {
    const bob = createUserKeys()
    const profile = (seq: bigint): Uint8Array => profileOf(bob, 'bob', seq)
    const key = profileKey(bob.userKey)
    scripted.script = () => 'none'
    const took = await nodes[1].parley.directory.publish(key, profile(1n))
    // five peers at most (four nodes and the scripted peer): the walk's answers are not puts
    assert.ok(took >= GET_QUORUM && took <= 5, `${took} peers took the record`)
    const walks = scripted.requestsFor(KadMessage.MessageType.FIND_NODE, key)
    assert.ok(walks >= 1, 'the first put walked to the closest peers')
    assert.equal(scripted.requestsFor(KadMessage.MessageType.PUT_VALUE, key), 1)

    const records = dhtRecordStore({ dialer: nodes[1].parley.libp2p, dht: nodes[1].parley.libp2p.services.dht, datastore: new GuardedDatastore({ database: new ParleyDatabase(':memory:', PARLEY_MIGRATIONS), self: nodes[1].parley.libp2p.peerId, guard: () => {} }), select: () => 0 })
    assert.equal(await records.put(key, profile(2n)), took)
    assert.ok(scripted.requestsFor(KadMessage.MessageType.FIND_NODE, key) > walks, 'a put walks unless asked for the same peers')
    const walked = scripted.requestsFor(KadMessage.MessageType.FIND_NODE, key)
    assert.equal(await records.put(key, profile(3n), { samePeers: true }), took, 'the same peers took the newer record')
    assert.equal(scripted.requestsFor(KadMessage.MessageType.FIND_NODE, key), walked, 'the put for the same peers did not walk')
    assert.equal(scripted.requestsFor(KadMessage.MessageType.PUT_VALUE, key), 3)
    assert.equal((await nodes[0].parley.directory.resolveProfile(bob.userKey))?.record.seq, 3n)
  })

  it('the node\'s own copy competes with the answers: a better local record wins over the quorum', async () => {
    const profile = (seq: bigint): Uint8Array => profileOf(alice, 'alice', seq)
    const key = profileKey(alice.userKey)
    scripted.script = () => 'none'
    await nodes[1].parley.directory.publish(key, profile(1n))
    assert.ok(await scripted.putTo(peerIdFromString(nodes[0].parley.peerId), key, profile(2n)), 'node 0 stores the newer profile')
    const resolved = await nodes[0].parley.directory.resolveProfile(alice.userKey)
    assert.equal(resolved?.record.seq, 2n)
  })
})
