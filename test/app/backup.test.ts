import assert from 'node:assert/strict'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BACKUP_TABLES } from '../../src/app/backup-content.js'
import { MAX_BACKUP_BYTES, newRecoveryPhrase } from '../../src/app/backup-file.js'
import { committedTexts, waitForPost, waitForPublished } from '../support/content.js'
import { TEST_SCRYPT, get, post, registerUser, removeNodes, startTestNetwork, startTestNode, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

const NODE = { scrypt: TEST_SCRYPT, dmPollIntervalMs: 1_000 }

/** POST with a raw body, answered as bytes: what the backup routes speak. */
async function raw (node: TestNode, path: string, init: { body?: Uint8Array, headers?: Record<string, string>, token?: string } = {}): Promise<{ status: number, headers: Headers, bytes: Uint8Array, json: () => any }> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token != null) headers.authorization = `Bearer ${init.token}`
  if (init.body != null) headers['content-type'] = 'application/octet-stream'
  else { headers['content-type'] = 'application/json' }
  const res = await fetch(`http://${node.api.address}${path}`, { method: 'POST', headers, body: init.body != null ? Buffer.from(init.body) : '{}' })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(new TextDecoder().decode(bytes)) }
}

/** Rows of every table a backup writes, and accounts: all zero on a node that restored nothing. */
function rowCounts (node: TestNode): Record<string, number> {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t.table, (node.parley.database.db.prepare(`SELECT count(*) AS n FROM ${t.table}`).get() as { n: number }).n]))
}

/** What a user sees of a group, without the fields that belong to the device running it (host, term). */
function groupOf (view: any): unknown {
  return { id: view.id, name: view.name, creator: view.creator, members: view.members.map((m: any) => m.username), started: view.started }
}

describe('backup and restore (issue 20, must-show 5)', () => {
  let nodes: TestNode[]
  let fresh: TestNode | undefined
  let alice: TestNode
  let bob: TestNode
  const tokens: Record<string, string> = {}
  let file: Uint8Array
  let phrase: string
  let groupId: string
  const before_: Record<string, any> = {}

  before(async () => {
    // node 0 only bootstraps and holds DHT records and mailboxes; alice on 1, bob on 2
    nodes = await startTestNetwork(3, NODE)
    ;[alice, bob] = [nodes[1], nodes[2]]
    tokens.alice = await registerUser(alice, 'alice')
    tokens.bob = await registerUser(bob, 'bob')
  })

  after(async () => {
    await removeNodes([...nodes, ...(fresh != null ? [fresh] : [])])
  })

  it('alice has follows, posts, DMs both ways (read and unread) and a group', async () => {
    await post(alice, '/api/follow', { username: 'bob' }, tokens.alice)
    await post(bob, '/api/follow', { username: 'alice' }, tokens.bob)
    await post(alice, '/api/posts', { text: 'alice post 1' }, tokens.alice)
    await post(alice, '/api/posts', { text: 'alice post 2' }, tokens.alice)
    await post(bob, '/api/posts', { text: 'bob post 1' }, tokens.bob)
    await waitForPost(alice, tokens.alice, 'bob post 1')
    await waitForPost(bob, tokens.bob, 'alice post 2')

    await post(alice, '/api/messages', { to: ['bob'], text: 'hi bob' }, tokens.alice)
    for (const text of ['hi alice 1', 'hi alice 2']) await post(bob, '/api/messages', { to: ['alice'], text }, tokens.bob)
    const unread = async (n: number): Promise<boolean> => (await get(alice, '/api/messages', tokens.alice)).conversations.some((c: any) => c.with === 'bob' && c.unread === n)
    await waitFor(async () => unread(2), 20_000, 'bob\'s first two messages at alice')
    // alice opens the conversation: those two are read; bob reads hers, so it shows read
    assert.equal((await get(alice, '/api/messages?with=bob', tokens.alice)).messages.length, 3)
    await get(bob, '/api/messages?with=alice', tokens.bob)
    await waitFor(async () => (await get(alice, '/api/messages?with=bob', tokens.alice)).messages.find((m: any) => m.text === 'hi bob')?.status === 'read', 20_000, 'the read receipt of "hi bob"')
    for (const text of ['unread 1', 'unread 2']) await post(bob, '/api/messages', { to: ['alice'], text }, tokens.bob)
    await waitFor(async () => unread(2), 20_000, 'two unread messages at alice')

    const created = await post(alice, '/api/groups', { name: 'pair', members: ['bob'] }, tokens.alice)
    groupId = created.id
    await waitFor(async () => (await bob.call('GET', `/api/groups/${groupId}`, undefined, tokens.bob)).status === 200, 20_000, 'bob\'s invitation')
    await post(alice, `/api/groups/${groupId}/start`, {}, tokens.alice)
    await post(alice, `/api/groups/${groupId}/messages`, { text: 'group from alice' }, tokens.alice)
    await post(bob, `/api/groups/${groupId}/messages`, { text: 'group from bob' }, tokens.bob)
    alice.token = tokens.alice
    await waitFor(async () => (await committedTexts(alice, groupId)).length === 2, 20_000, 'two committed group messages at alice')
  })

  it('a backup answers the encrypted file and a 24-word phrase; the file holds no plaintext', async (t) => {
    assert.equal((await raw(alice, '/api/backup')).status, 401, 'a backup needs a session')
    const answer = await raw(alice, '/api/backup', { token: tokens.alice })
    assert.equal(answer.status, 200, new TextDecoder().decode(answer.bytes))
    assert.equal(answer.headers.get('content-type'), 'application/octet-stream')
    assert.equal(answer.headers.get('cache-control'), 'no-store')
    phrase = answer.headers.get('x-recovery-phrase') ?? ''
    assert.equal(phrase.split(' ').length, 24)
    file = answer.bytes
    t.diagnostic(`backup: ${file.byteLength} bytes`)
    // `out`: written on the node's machine, 0600, never over a file
    const out = join(alice.dataDir, 'copy.backup')
    const written = await alice.call('POST', '/api/backup', { out }, tokens.alice)
    assert.equal(written.status, 201, JSON.stringify(written.body))
    assert.equal((await stat(out)).mode & 0o777, 0o600)
    assert.equal(written.body.size, (await stat(out)).size)
    const again = await alice.call('POST', '/api/backup', { out }, tokens.alice)
    assert.deepEqual([again.status, again.body.error.code], [409, 'backup_out_unwritable'])
    assert.equal((await alice.call('POST', '/api/backup', { out: 'relative.backup' }, tokens.alice)).status, 400)
    assert.equal(new TextDecoder().decode(file.subarray(0, 8)), 'PARLEYBK')
    const text = Buffer.from(file).toString('latin1')
    for (const secret of ['hi alice', 'alice post', 'unread 1', 'bob post']) assert.ok(!text.includes(secret), `"${secret}" in the file`)

    await waitForPublished(alice, tokens.alice)
    // what alice sees now, to compare with the restored node's answers
    before_.following = await get(alice, '/api/following', tokens.alice)
    before_.timeline = await get(alice, '/api/timeline', tokens.alice)
    before_.posts = await get(alice, '/api/users/alice/posts', tokens.alice)
    before_.conversations = await get(alice, '/api/messages', tokens.alice)
    before_.groups = (await get(alice, '/api/groups', tokens.alice)).groups.map(groupOf)
    before_.groupMessages = await get(alice, `/api/groups/${groupId}/messages`, tokens.alice)
    // read last: opening the conversation marks bob's two new messages read here (after the backup)
    before_.conversation = await get(alice, '/api/messages?with=bob', tokens.alice)
    assert.equal(before_.conversations.conversations[0].unread, 2)
    await alice.stop()
    nodes = nodes.filter((n) => n !== alice)
  })

  it('a wrong, mistyped or missing phrase and a damaged file are clear errors, and write nothing', async () => {
    fresh = await startTestNode({ ...NODE, bootstrap: [nodes[0].addr] })
    await waitFor(() => fresh!.parley.network().dht.routingTableSize >= 2, 20_000, 'the fresh node\'s routing table')
    const empty = rowCounts(fresh)
    assert.ok(Object.values(empty).every((n) => n === 0), JSON.stringify(empty))
    const restore = async (body: Uint8Array, words?: string): Promise<{ status: number, code: string, message: string }> => {
      const answer = await raw(fresh!, '/api/restore', { body, headers: words != null ? { 'x-recovery-phrase': words } : {} })
      return { status: answer.status, code: answer.json().error?.code, message: answer.json().error?.message }
    }
    const wrong = await restore(file, newRecoveryPhrase())
    assert.deepEqual([wrong.status, wrong.code], [400, 'backup_phrase_wrong'], wrong.message)
    const words = phrase.split(' ')
    const typo = await restore(file, [...words.slice(0, 23), words[23] === 'zoo' ? 'abandon' : 'zoo'].join(' '))
    assert.deepEqual([typo.status, typo.code], [400, 'backup_phrase_invalid'], typo.message)
    assert.equal((await restore(file)).code, 'backup_phrase_missing')
    const truncated = await restore(file.subarray(0, file.length - 100), phrase)
    assert.deepEqual([truncated.status, truncated.code], [400, 'backup_corrupt'], truncated.message)
    const flipped = file.slice()
    flipped[Math.floor(file.length / 2)] ^= 1
    assert.equal((await restore(flipped, phrase)).code, 'backup_corrupt')
    assert.equal((await restore(new TextEncoder().encode('not a backup at all'), phrase)).code, 'backup_corrupt')
    const huge = await restore(new Uint8Array(MAX_BACKUP_BYTES + 1), phrase)
    assert.deepEqual([huge.status, huge.code], [413, 'body_too_large'])
    assert.deepEqual(rowCounts(fresh), empty, 'nothing was written')
    assert.equal(fresh.parley.session, undefined)
  })

  it('a restore on a node where another user is signed in is refused, and one that clashes half-way (bob\'s node holds the group) writes nothing: not even the account', async () => {
    const held = rowCounts(bob)
    const signedIn = await raw(bob, '/api/restore', { body: file, headers: { 'x-recovery-phrase': phrase } })
    assert.deepEqual([signedIn.status, signedIn.json().error.code], [409, 'other_user_signed_in'], signedIn.json().error.message)
    assert.deepEqual(rowCounts(bob), held)
    assert.equal(bob.parley.session?.username, 'bob', 'bob is still logged in')
    // with bob logged out, the rows of the group bob's node holds clash
    await post(bob, '/api/logout', { everywhere: true }, tokens.bob)
    const answer = await raw(bob, '/api/restore', { body: file, headers: { 'x-recovery-phrase': phrase } })
    assert.deepEqual([answer.status, answer.json().error.code], [409, 'backup_conflict'], answer.json().error.message)
    assert.deepEqual(rowCounts(bob), held)
    assert.equal(bob.parley.database.db.prepare('SELECT count(*) AS n FROM accounts WHERE username = ?').get('alice')?.n, 0)
    assert.equal(bob.parley.session, undefined, 'nobody was signed in by the failed restore')
    const login = await bob.call('POST', '/api/login', { username: 'bob', password: 'bob-password' })
    assert.equal(login.status, 200)
    tokens.bob = login.body.token
  })

  it('the restore on a fresh node brings the whole state back and logs alice in', async (t) => {
    const started = Date.now()
    const answer = await raw(fresh!, '/api/restore', { body: file, headers: { 'x-recovery-phrase': `  ${phrase.toUpperCase()} ` } })
    assert.equal(answer.status, 200, new TextDecoder().decode(answer.bytes))
    t.diagnostic(`restore: ${Date.now() - started} ms`)
    const { token, user } = answer.json()
    assert.equal(user.username, 'alice')
    fresh!.token = token
    // a post's `published` is the remote log's state, which a node learns again after any start
    await waitForPublished(fresh!, token)
    assert.deepEqual(await get(fresh!, '/api/following', token), before_.following)
    assert.deepEqual(await get(fresh!, '/api/users/alice/posts', token), before_.posts)
    assert.deepEqual(await get(fresh!, '/api/timeline', token), before_.timeline)
    assert.deepEqual(await get(fresh!, '/api/messages', token), before_.conversations, 'conversations with their unread counts')
    assert.deepEqual((await get(fresh!, '/api/groups', token)).groups.map(groupOf), before_.groups)
    assert.deepEqual(await get(fresh!, `/api/groups/${groupId}/messages`, token), before_.groupMessages)
    assert.deepEqual(await get(fresh!, '/api/messages?with=bob', token), before_.conversation, 'messages with their states')
    const again = await raw(fresh!, '/api/restore', { body: file, headers: { 'x-recovery-phrase': phrase } })
    assert.deepEqual([again.status, again.json().error.code], [409, 'backup_account_exists'])
  })

  it('the restored alice keeps posting and messaging: bob sees her post, her DM, and his DM reaches her', async () => {
    await post(fresh!, '/api/posts', { text: 'alice after restore' }, fresh!.token!)
    await waitForPost(bob, tokens.bob, 'alice after restore')
    const posts = (await get(fresh!, '/api/users/alice/posts', fresh!.token!)).posts.map((p: any) => p.text)
    assert.deepEqual(posts.slice(0, 3), ['alice after restore', 'alice post 2', 'alice post 1'])
    await post(fresh!, '/api/messages', { to: ['bob'], text: 'alice is back' }, fresh!.token!)
    await waitFor(async () => (await get(bob, '/api/messages?with=alice', tokens.bob)).messages.some((m: any) => m.text === 'alice is back'), 30_000, 'alice\'s new DM at bob')
    await post(bob, '/api/messages', { to: ['alice'], text: 'welcome back' }, tokens.bob)
    await waitFor(async () => (await get(fresh!, '/api/messages?with=bob', fresh!.token!)).messages.some((m: any) => m.text === 'welcome back'), 30_000, 'bob\'s new DM at the restored node')
  })
})
