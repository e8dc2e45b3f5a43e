import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { equals as equalBytes } from 'uint8arrays/equals'
import { keystoreKey, nameKey, profileKey, userKeyFromId } from '../../src/identity/index.js'
import { startTestNode, waitFor } from '../support/nodes.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Peers keep DHT records 48 h and lose them on restart, so a node republishes the records
 * of the accounts it holds; here every 300 ms instead of every hour.
 */
describe('a node keeps its accounts\' records in the DHT', () => {
  const nodes: TestNode[] = []
  let home: TestNode
  let client: ScriptedDhtPeer

  before(async () => {
    home = await startTestNode({ recordRepublishIntervalMs: 300 })
    nodes.push(home)
    client = await ScriptedDhtPeer.start([])
  })

  after(async () => {
    await client.stop()
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('a logged-out user\'s claim, keystore and last profile reach peers that joined after the user left', async () => {
    const witness = await startTestNode({ bootstrap: [home.addr] })
    nodes.push(witness)
    await waitFor(() => home.parley.libp2p.getPeers().length > 0, 10_000, 'a peer to register with')
    const session = await home.parley.accounts.register('alice', 'alice-password')
    const userKey = userKeyFromId(session.userId)
    await home.parley.accounts.logout()
    await witness.stop() // the only other holder goes away with its copies

    const bootstrap = [home.addr]
    const newcomers = await Promise.all([1, 2, 3].map(async () => startTestNode({ bootstrap })))
    nodes.push(...newcomers)
    const keys = { claim: nameKey('alice'), keystore: keystoreKey(userKey), profile: profileKey(userKey) }
    const held = async (node: TestNode, key: Uint8Array): Promise<Uint8Array | undefined> => client.getFrom(node.parley.libp2p.getMultiaddrs()[0], key)
    for (const [what, key] of Object.entries(keys)) {
      await waitFor(async () => (await Promise.all(newcomers.map(async (node) => held(node, key)))).every((value) => value != null), 20_000, `every newcomer to hold alice's ${what}`)
    }

    const view = await newcomers[2].parley.lookupUser('alice')
    assert.equal(view.userId, session.userId)
    assert.equal(view.online, false)
    assert.ok(view.lastSeen > 0, 'the profile published at logout')
    const stored = await held(newcomers[0], keys.keystore)
    assert.ok(stored != null && equalBytes(stored, (await home.parley.directory.resolveKeystore(userKey))!.bytes))
    // and alice logs in on a newcomer with what the network kept
    assert.equal((await newcomers[1].call('POST', '/api/login', { username: 'alice', password: 'alice-password' })).status, 200)
  })
})
