import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { equals as equalBytes } from 'uint8arrays/equals'
import { createUserKeys, nameKey, signRecord, userIdFromKey } from '../../src/identity/index.js'
import { askForRecord } from '../../src/net/index.js'
import { callHttp, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../support/processes.js'
import { ScriptedDhtPeer } from '../support/scripted-dht-peer.js'
import type { NodeProcess } from '../support/processes.js'

const PEERS = 4
const PASSWORD = 'restart-password'

/**
 * Issue 17, must show 3: two bootstrap nodes and five others, all `parley node` processes.
 * One node, holding a record no other node holds, is killed with SIGKILL; both bootstrap
 * nodes go down; the node restarts on its data folder and must find the peers it knew
 * (from its peer store, in its database) and still serve the record (from its datastore).
 */
describe('a node restarted while its bootstrap nodes are down', () => {
  const dirs: string[] = []
  const running: NodeProcess[] = []
  let bootstraps: NodeProcess[]
  let peers: NodeProcess[]
  let restarted: NodeProcess
  let restartedData: string

  async function start (data: string, bootstrap: string[]): Promise<NodeProcess> {
    const node = await startNodeProcess({ data, bootstrap })
    running.push(node)
    return node
  }

  async function login (node: NodeProcess, username: string, register = false): Promise<string> {
    let token = ''
    // registration waits for enough DHT peers to take the records
    await waitFor(async () => {
      const answer = await callHttp(node.api, 'POST', register ? '/api/register' : '/api/login', { username, password: PASSWORD })
      token = answer.body?.token ?? ''
      return answer.status === (register ? 201 : 200)
    }, 30_000, `${username} to ${register ? 'register' : 'log in'}`, 200)
    return token
  }

  /** The peer ids `node` has connections to, from its API (GET /api/network). */
  async function connectedPeers (node: NodeProcess, token: string): Promise<Set<string>> {
    const answer = await callHttp(node.api, 'GET', '/api/network', undefined, token)
    assert.equal(answer.status, 200)
    return new Set((answer.body.peers as Array<{ peerId: string }>).map((p) => p.peerId))
  }

  before(async () => {
    for (let i = 0; i < 3 + PEERS; i++) dirs.push(await tempDir('parley-restart-'))
    const first = await start(dirs[0], [])
    bootstraps = [first, await start(dirs[1], [first.addr])]
    const bootstrap = bootstraps.map((b) => b.addr)
    restartedData = dirs[2]
    restarted = await start(restartedData, bootstrap)
    peers = await Promise.all(dirs.slice(3).map(async (dir) => start(dir, bootstrap)))
  })

  after(async () => {
    await Promise.all(running.map(async (node) => stopNodeProcess(node)))
    await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true })))
  })

  it(`reconnects to at least 3 of the ${PEERS} peers it knew, and serves the record only it held`, async () => {
    // each peer's user, so its API shows whom it is connected to
    const tokens: string[] = []
    for (const [i, peer] of peers.entries()) tokens.push(await login(peer, `peer_${i}`, true))
    /** how many of the peers are connected to the node (its listen port is new after a restart: only it can dial) */
    const seenBy = async (): Promise<number> => {
      const views = await Promise.all(peers.map(async (peer, i) => connectedPeers(peer, tokens[i])))
      return views.filter((connected) => connected.has(restarted.peerId)).length
    }
    await waitFor(async () => await seenBy() === PEERS, 30_000, 'the node to connect to every other peer')

    // a name claim handed to this node alone (a PUT_VALUE straight to it): no other node holds it
    const zara = createUserKeys()
    const claim = signRecord('name-claim', { username: 'zara', userKey: zara.userKey, createdAt: BigInt(Date.now()) }, zara.signingSecret)
    const putter = await ScriptedDhtPeer.start([restarted.addr])
    try {
      assert.ok(await putter.putTo(peerIdFromString(restarted.peerId), nameKey('zara'), claim), 'the node stored the claim')
    } finally {
      await putter.node.stop()
    }

    await stopNodeProcess(restarted, 'SIGKILL')
    await Promise.all(bootstraps.map(async (b) => stopNodeProcess(b, 'SIGKILL')))
    restarted = await start(restartedData, bootstraps.map((b) => b.addr))
    let reconnected = 0
    await waitFor(async () => (reconnected = await seenBy()) >= 3, 30_000, 'the restarted node to reconnect to 3 peers it knew').catch(() => {})
    // asked directly, the restarted node still has the claim
    const asker = await ScriptedDhtPeer.start([restarted.addr])
    let held: Uint8Array | undefined
    try {
      held = await askForRecord(asker.node, peerIdFromString(restarted.peerId), nameKey('zara'), AbortSignal.timeout(10_000))
    } finally {
      await asker.node.stop()
    }
    const serves = held != null && equalBytes(held, claim)
    console.log(`restarted with both bootstrap nodes down: reconnected to ${reconnected} of the ${PEERS} peers it knew (${restarted.stdout.find((l) => l.startsWith('known peers')) ?? 'no known peers line'}); serves the claim only it held: ${serves ? 'yes' : 'no'}`)
    assert.ok(reconnected >= 3, `reconnected to ${reconnected} of the ${PEERS} peers it knew within 30 s`)
    assert.ok(serves, 'the restarted node serves the claim it held')
    // and another node, which never held it, resolves the user through the DHT
    const resolved = await callHttp(peers[0].api, 'GET', '/api/users/zara', undefined, tokens[0])
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body))
    assert.equal(resolved.body.userId, userIdFromKey(zara.userKey))
  })
})
