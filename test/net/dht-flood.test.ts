import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as createDigest } from 'multiformats/hashes/digest'
import { startTestNode, waitFor } from '../support/nodes.js'
import { nameClaimFlooder, runInFlight } from '../support/record-flood.js'
import type { BareTestNode } from '../support/nodes.js'
import type { Key } from 'interface-datastore'

/** What one peer sends, and the quota it meets (the default, DEFAULT_DHT_STORE_LIMITS). */
const FLOOD = 3_000
const PER_PEER = 1_000
const IN_FLIGHT = 16

/** The keys under `prefix` in a node's libp2p datastore, as kad-dht stored them. */
async function heldKeys (node: BareTestNode, prefix: string): Promise<string[]> {
  const datastore = (node.parley.libp2p as unknown as { components: { datastore: { queryKeys: (q: { prefix: string }) => AsyncIterable<Key> } } }).components.datastore
  const keys: string[] = []
  for await (const key of datastore.queryKeys({ prefix })) keys.push(key.toString())
  return keys
}

/**
 * One peer floods a node with name claims (PUT_VALUE) and provider records (ADD_PROVIDER),
 * each valid; the node keeps a quota per peer and refuses the rest, and other peers' records
 * still get in (issue 19, defect 7: all 3,000 of each were stored).
 */
describe('DHT record floods from one peer', () => {
  let target: BareTestNode
  let flooder: BareTestNode
  let honest: BareTestNode

  before(async () => {
    target = await startTestNode({ api: false })
    flooder = await startTestNode({ api: false, bootstrap: [target.addr] })
    honest = await startTestNode({ api: false, bootstrap: [target.addr] })
    const dht = target.parley.libp2p.services.dht
    await waitFor(() => dht.routingTable.size >= 2, 20_000, 'the target to take both peers into its routing table')
  })

  after(async () => {
    await Promise.all([target, flooder, honest].map(async (node) => node?.remove()))
  })

  it(`${FLOOD} name claims from one peer: the node holds ${PER_PEER} and refuses the rest; another peer's claim still gets in`, async () => {
    const targetId = target.parley.libp2p.peerId
    const accepted = await nameClaimFlooder(flooder.parley.libp2p).flood(targetId, FLOOD, 'flood', IN_FLIGHT)
    const held = (await heldKeys(target, '/dht/record/')).length
    console.log(`name claims: ${FLOOD} sent by one peer, ${accepted} accepted, ${held} held, ${FLOOD - accepted} refused`)
    assert.equal(held, PER_PEER, `the node holds ${held} of one peer's ${FLOOD} claims`)
    assert.equal(accepted, PER_PEER)
    assert.equal(await nameClaimFlooder(honest.parley.libp2p).put(targetId, 'honest_user'), true, 'another peer\'s claim is taken')
    assert.equal((await heldKeys(target, '/dht/record/')).length, PER_PEER + 1, 'and nothing held was dropped for it')
    assert.equal(target.parley.network().dht.heldForOthers.records, PER_PEER + 1, 'GET /api/network reports it')
  })

  it(`${FLOOD} provider records from one peer: the node holds ${PER_PEER}`, async () => {
    const flooderId = flooder.parley.libp2p.peerId.toString()
    const dht = flooder.parley.libp2p.services.dht
    const cid = (i: number): CID => CID.createV1(raw.code, createDigest(0x12, sha256(new TextEncoder().encode(`flood-topic-${i}`))))
    await runInFlight(FLOOD, IN_FLIGHT, async (i) => {
      // kad-dht's provide: a walk to the closest peers (the target), then ADD_PROVIDER
      try {
        for await (const event of dht.provide(cid(i), { signal: AbortSignal.timeout(10_000) })) void event
        return true
      } catch {
        return false
      }
    })
    const held = (await heldKeys(target, '/dht/provider/')).filter((key) => key.endsWith(`/${flooderId}`)).length
    console.log(`provider records: ${FLOOD} sent by one peer, ${held} held, ${FLOOD - held} refused`)
    assert.equal(held, PER_PEER, `the node holds ${held} of one peer's ${FLOOD} provider records`)
    assert.equal(target.parley.network().dht.heldForOthers.providers, PER_PEER)
  })
})
