import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createUserKeys } from '../../src/identity/index.js'
import { ed25519Signer } from '../../src/identity/signature.js'
import { MailboxStatus } from '../../src/mailbox/wire.js'
import { fetchProofBytes } from '../../src/mailbox/proofs.js'
import { TEST_SCRYPT, registerUser, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import { deviceMailboxKeyOf, Crate } from '../../src/crate/index.js'

/** Offline delivery through mailbox replicas, over TCP. */
describe('mailbox: offline delivery', () => {
  let nodes: TestNode[]
  const tokens: Record<string, string> = {}
  let bobUserKey: Uint8Array
  let bobSecret: Uint8Array
  let keptCrate: Uint8Array
  const sent: string[] = []

  before(async () => {
    nodes = await startTestNetwork(9, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 }, dmPollIntervalMs: 0 })
    for (const [i, name] of [[1, 'alice'], [2, 'bob'], [3, 'carol']] as const) tokens[name] = await registerUser(nodes[i], name)
    bobUserKey = nodes[2].parley.session!.keys.userKey
    bobSecret = nodes[2].parley.session!.keys.signingSecret.slice() // logout wipes the session's copy
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, tokens.bob)).status, 204)
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  /** what others write bob waits in his one device's own mailbox */
  const bobMailbox = (): Uint8Array => deviceMailboxKeyOf(bobUserKey, nodes[2].parley.peerId)
  const holders = (): TestNode[] => nodes.filter((node) => node.parley.mailbox.replica.store.count() > 0)

  it('a message to an offline user is stored on K = 5 replicas, the closest peers to the mailbox key', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await nodes[1].call('POST', '/api/messages', { to: ['bob'], text: `offline ${i}` }, tokens.alice)
      assert.equal(answer.status, 201)
      assert.equal(answer.body.status, 'stored')
      assert.equal(answer.body.recipients.bob.storedOn, 5)
      sent.push(answer.body.id)
    }
    assert.equal(holders().length, 5)
    const closest = await nodes[4].parley.mailbox.closest(bobMailbox())
    assert.deepEqual(new Set(closest.peers.map((p) => p.toString())), new Set(holders().map((n) => n.parley.peerId)))
    for (const holder of holders()) assert.equal(holder.parley.mailbox.replica.store.count(), 3)
    keptCrate = (holders()[0].parley.database.db.prepare('SELECT crate FROM mailbox_crates LIMIT 1').get() as { crate: Uint8Array }).crate
  })

  it('nobody but bob can list or delete bob\'s crates', async () => {
    const holder = holders().find((n) => n !== nodes[3])! // nodes[3] asks: it must not be the holder itself
    const peer = holder.parley.libp2p.peerId
    const client = nodes[3].parley.mailbox.client
    const mailbox = bobMailbox()
    const device = nodes[2].parley.peerId
    const mallory = createUserKeys()
    const malloryOwner = { userKey: mallory.userKey, mailbox, sign: ed25519Signer(mallory.signingSecret, mallory.userKey) }
    // her own key does not own bob's mailbox
    await assert.rejects(client.fetch(peer, malloryOwner, async () => []), { name: 'MailboxAccessError' })
    await assert.rejects(client.openFetch(peer, malloryOwner), { name: 'MailboxAccessError' })
    // bob's key with her signature does not verify
    const [opened, proof] = await client.request(peer, [{ open: { mailbox } }, { proof: { userKey: bobUserKey, signature: new Uint8Array(64), device } }])
    assert.equal(opened.status, MailboxStatus.OK)
    assert.equal(proof.status, MailboxStatus.UNAUTHORIZED)
    assert.equal(proof.crates.length, 0)
    // a genuine proof by bob made for another holder, or for another stream's nonce, is refused
    const bobSigns = ed25519Signer(bobSecret, bobUserKey)
    const [again, forOther] = await client.request(peer, [{ open: { mailbox } }, { proof: { userKey: bobUserKey, signature: new Uint8Array(64), device } }])
    const other = holders().find((n) => n !== holder)!.parley.peerId
    const [fresh, replayed] = await client.request(peer, [{ open: { mailbox } }, { proof: { userKey: bobUserKey, signature: bobSigns(fetchProofBytes(other, again.nonce)), device } }])
    assert.equal(forOther.status, MailboxStatus.UNAUTHORIZED)
    assert.equal(replayed.status, MailboxStatus.UNAUTHORIZED)
    const [, stale] = await client.request(peer, [{ open: { mailbox } }, { proof: { userKey: bobUserKey, signature: bobSigns(fetchProofBytes(peer.toString(), fresh.nonce)), device } }])
    assert.equal(stale.status, MailboxStatus.UNAUTHORIZED, 'a nonce from another stream')
    // bob's genuine proof opens his device's mailbox only when it names that device
    const bobOwner = { userKey: bobUserKey, mailbox, sign: bobSigns }
    await assert.rejects(client.openFetch(peer, bobOwner), { name: 'MailboxAccessError' }, 'no device named: his account mailbox is another')
    await assert.rejects(client.openFetch(peer, { ...bobOwner, device: nodes[3].parley.peerId }), { name: 'MailboxAccessError' }, 'another device named')
    const session = await client.openFetch(peer, { ...bobOwner, device })
    assert.equal(session.ids.length, 3)
    await session.close()
    // listing and acknowledging without a proof
    const [list, ack] = await client.request(peer, [{ list: {} }, { ack: { crateIds: [new Uint8Array(16)], signature: new Uint8Array(64) } }])
    assert.equal(list.status, MailboxStatus.UNAUTHORIZED)
    assert.equal(ack.status, MailboxStatus.UNAUTHORIZED)
    // nor listing ids or getting crates by id (the fetch by id), even with the mailbox opened
    const someId = (holder.parley.database.db.prepare('SELECT crate_id FROM mailbox_crates LIMIT 1').get() as { crate_id: Uint8Array }).crate_id
    const [, listIds, get] = await client.request(peer, [{ open: { mailbox } }, { listIds: { offset: 0 } }, { get: { crateIds: [someId] } }])
    assert.equal(listIds.status, MailboxStatus.UNAUTHORIZED)
    assert.equal(listIds.crateIds.length, 0)
    assert.equal(get.status, MailboxStatus.UNAUTHORIZED)
    assert.equal(get.crates.length, 0)
    assert.equal(holder.parley.mailbox.replica.store.count(), 3, 'nothing was deleted')
  })

  it('bob logs in and gets every message once, in order, even with one holder altering a crate; holders delete on his ack', async () => {
    const evil = holders()[0]
    const row = evil.parley.database.db.prepare('SELECT rowid, crate FROM mailbox_crates ORDER BY stored_at LIMIT 1').get() as { rowid: number, crate: Uint8Array }
    const crate = Crate.decode(row.crate)
    crate.ciphertext[10] ^= 0xff
    evil.parley.database.db.prepare('UPDATE mailbox_crates SET crate = ? WHERE rowid = ?').run(Crate.encode(crate), row.rowid)

    const login = await nodes[2].call('POST', '/api/login', { username: 'bob', password: 'bob-password' })
    assert.equal(login.status, 200)
    tokens.bob = login.body.token
    await waitFor(() => holders().length === 0, 20_000, 'holders to delete acknowledged crates')
    const inbox = nodes[2].parley.dm.store.conversation('bob', 'alice')
    assert.deepEqual(inbox.map((m) => m.text), ['offline 0', 'offline 1', 'offline 2'])
    assert.deepEqual(inbox.map((m) => m.id), sent)
    assert.ok(nodes[2].parley.dm.stats.rejectedCrates >= 1, 'the altered crate was detected')

    // alice is online: the delivered receipt reaches her directly
    await waitFor(() => nodes[1].parley.dm.store.conversation('alice', 'bob').every((m) => m.status === 'delivered'), 15_000, 'delivered receipts')
    await nodes[2].call('GET', '/api/messages?with=alice', undefined, tokens.bob)
    await waitFor(() => nodes[1].parley.dm.store.conversation('alice', 'bob').every((m) => m.status === 'read'), 15_000, 'read receipts')
  })

  it('a replayed deposit of an acknowledged crate is not taken again, and bob still sees each message once', async () => {
    const reports = await nodes[5].parley.mailbox.deposit(bobMailbox(), [keptCrate])
    assert.equal(reports[0].stored + Object.keys(reports[0].errors).length, 5)
    assert.equal(holders().length, 0, 'holders remember acknowledged ids')
    await nodes[2].parley.dm.catchUp()
    assert.equal(nodes[2].parley.dm.store.conversation('bob', 'alice').length, 3)
  })
})
