import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { compareDistance, kadPosition } from '../../src/mailbox/placement.js'
import { TEST_SCRYPT, registerUser, startTestNetwork, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess } from '../support/processes.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'
import { deviceMailboxKeyOf } from '../../src/crate/index.js'

const MESSAGES = 100

/**
 * Must-show 1: twenty nodes over TCP, four of them real `parley node` processes that end
 * up as four of bob's five mailbox holders and are SIGKILLed after deposit and upkeep.
 */
describe('twenty nodes: offline delivery survives four of five holders killed', () => {
  let nodes: TestNode[]
  const processes: NodeProcess[] = []
  const dirs: string[] = []
  const tokens: Record<string, string> = {}
  let mailbox: Uint8Array

  before(async () => {
    // logged-in users poll their mailbox every 2 s (30 s by default): a receipt sent while a
    // profile lookup still saw its owner offline waits there
    nodes = await startTestNetwork(16, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 }, dmPollIntervalMs: 2_000 })
    for (const [i, name] of [[1, 'alice'], [2, 'bob']] as const) tokens[name] = await registerUser(nodes[i], name)
    // what others write bob goes to his one device's own mailbox
    mailbox = deviceMailboxKeyOf(nodes[2].parley.session!.keys.userKey, nodes[2].parley.peerId)
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, tokens.bob)).status, 204)

    // four device keys closer to bob's mailbox than every in-process node but the closest:
    // the processes started with them become four of the five holders
    const target = kadPosition(mailbox)
    const positions = nodes.map((n) => kadPosition(n.parley.libp2p.peerId.toMultihash().bytes)).sort((a, b) => compareDistance(target, a, b))
    const bar = positions[1]
    const bootstrap = [nodes[0].addr]
    while (processes.length < 4) {
      const key = await generateKeyPair('Ed25519')
      if (compareDistance(target, kadPosition(peerIdFromPrivateKey(key).toMultihash().bytes), bar) >= 0) continue
      const data = await tempDir()
      dirs.push(data)
      await mkdir(data, { recursive: true })
      await writeFile(join(data, 'device.key'), privateKeyToProtobuf(key), { mode: 0o600 })
      processes.push(await startNodeProcess({ data, bootstrap }))
    }
  })

  after(async () => {
    for (const p of processes) p.child.kill('SIGKILL')
    await Promise.all(nodes.map(async (node) => node.stop()))
    await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true })))
  })

  it('bob gets all 100 exactly once in order; alice later sees delivered, then read', async () => {
    const processIds = new Set(processes.map((p) => p.peerId))
    await waitFor(async () => {
      const closest = await nodes[1].parley.mailbox.closest(mailbox)
      return closest.peers.filter((p) => processIds.has(p.toString())).length === 4
    }, 30_000, 'the four processes to be among the five closest to bob\'s mailbox')

    const ids: string[] = []
    for (let i = 0; i < MESSAGES; i++) {
      const sent = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: `message ${i}` }, tokens.alice)
      assert.equal(sent.status, 201)
      assert.equal(sent.body.status, 'stored')
      assert.equal(sent.body.recipients.bob.storedOn, 5, `message ${i} on five replicas`)
      ids.push(sent.body.id)
    }
    const survivor = nodes.find((n) => n.parley.mailbox.replica.store.count() > 0)!
    assert.ok(survivor != null, 'one in-process holder')
    assert.equal(survivor.parley.mailbox.replica.store.count(), MESSAGES)
    // upkeep: the surviving holder confirms K copies (itself and the four processes)
    await survivor.parley.mailbox.upkeep.runNow()
    const round = survivor.parley.mailbox.upkeep.lastRounds.get(Buffer.from(mailbox).toString('hex'))
    assert.deepEqual(round, { holders: 4, copied: 0, handedOff: false })

    for (const p of processes) p.child.kill('SIGKILL')
    assert.deepEqual(await Promise.all(processes.map(async (p) => p.exited)), ['SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL'])
    assert.equal((await nodes[1].call('POST', '/api/logout', undefined, tokens.alice)).status, 204)

    const bobLogin = await nodes[2].call('POST', '/api/login', { username: 'bob', password: 'bob-password' })
    assert.equal(bobLogin.status, 200)
    tokens.bob = bobLogin.body.token
    await waitFor(() => nodes[2].parley.dm.store.conversation('bob', 'alice').length === MESSAGES, 60_000, 'bob to receive 100 messages')
    await nodes[2].parley.dm.catchUp() // once more: nothing new, nothing twice
    const inbox = nodes[2].parley.dm.store.conversation('bob', 'alice')
    assert.equal(inbox.length, MESSAGES)
    assert.deepEqual(inbox.map((m) => m.id), ids, 'exactly once, in alice\'s send order')
    assert.deepEqual(inbox.map((m) => m.text), ids.map((_, i) => `message ${i}`))
    await waitFor(() => survivor.parley.mailbox.replica.store.count() === 0, 60_000, 'the holder to delete acknowledged crates')

    // bob's delivered receipt waits in alice's mailbox while she is offline
    await waitFor(() => nodes[2].parley.dm.store.reads.owedReceipts('bob', 1000).length === 0, 30_000, 'bob\'s receipts to leave')
    const aliceLogin = await nodes[1].call('POST', '/api/login', { username: 'alice', password: 'alice-password' })
    assert.equal(aliceLogin.status, 200)
    tokens.alice = aliceLogin.body.token
    const statuses = async (): Promise<string[]> => (await nodes[1].call('GET', '/api/messages?with=bob', undefined, tokens.alice)).body.messages.map((m: any) => m.status)
    await waitFor(async () => (await statuses()).every((s) => s === 'delivered'), 60_000, 'alice to see every message delivered')
    assert.equal((await statuses()).length, MESSAGES)

    const opened = await nodes[2].call('GET', '/api/messages?with=alice', undefined, tokens.bob)
    assert.equal(opened.body.messages.length, MESSAGES)
    await waitFor(async () => (await statuses()).every((s) => s === 'read'), 60_000, 'alice to see every message read')
  })
})
