import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { followBody, postBody, signEntry } from '../../src/feed/entry.js'
import { CHAIN_HEADS_SQL, FeedStore, storedEntryOf } from '../../src/feed/store.js'
import { EntryKind } from '../../src/feed/wire.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { tempDir } from '../support/nodes.js'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import type { VerifiedEntry } from '../../src/feed/entry.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'

function makeLog (secret: Uint8Array, kinds: Array<{ kind: EntryKind, body: Uint8Array }>, start = 1_763_000_000_000): VerifiedEntry[] {
  const out: VerifiedEntry[] = []
  const author = ed25519.getPublicKey(secret)
  kinds.forEach((k, i) => {
    out.push(signEntry({ author, seq: BigInt(i + 1), prev: out.at(-1)?.cid, timestamp: { wall: start + i * 10, counter: 0 }, ...k }, secret, start + i * 10))
  })
  return out
}

describe('feed store (SQLite)', () => {
  it('appends chains, skips duplicates, refuses breaks, merges timelines, derives the graph and expires others', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      const alice = ed25519.utils.randomSecretKey()
      const bob = ed25519.utils.randomSecretKey()
      const aliceKey = ed25519.getPublicKey(alice)
      const bobKey = ed25519.getPublicKey(bob)
      const aliceLog = makeLog(alice, [
        { kind: EntryKind.FOLLOW, body: followBody({ userKey: bobKey, username: 'bob' }) },
        { kind: EntryKind.POST, body: postBody('a1') },
        { kind: EntryKind.POST, body: postBody('a2') }
      ])
      const bobLog = makeLog(bob, [{ kind: EntryKind.POST, body: postBody('b1') }, { kind: EntryKind.POST, body: postBody('b2') }], 1_763_000_000_005)
      assert.equal(store.append(aliceLog, 1000), 3)
      assert.equal(store.append(aliceLog, 1000), 0, 'duplicates are skipped')
      assert.throws(() => store.append([bobLog[1]], 1000), (err: any) => err.reason === 'sequence-gap')
      assert.equal(store.head(bobKey), undefined, 'nothing stored from a broken chain')
      assert.equal(store.append(bobLog, 1000), 2)

      const timeline = store.posts([aliceKey, bobKey], 10).map((e) => e.text)
      assert.deepEqual(timeline, ['a2', 'b2', 'a1', 'b1'], 'merged by HLC timestamp, newest first')
      const page1 = store.posts([aliceKey, bobKey], 2)
      const page2 = store.posts([aliceKey, bobKey], 2, page1[1].cid)
      assert.deepEqual([...page1, ...page2].map((e) => e.text), timeline)

      assert.deepEqual(store.following(aliceKey).map((f) => f.username), ['bob'])
      assert.deepEqual(store.followers(bobKey).map((f) => Buffer.from(f.userKey).toString('hex')), [Buffer.from(aliceKey).toString('hex')])

      // retention: bob's cached entries go, alice's own stay
      assert.equal(store.expire(2000, [aliceKey]), 2)
      assert.equal(store.log(aliceKey).length, 3)
      assert.equal(store.log(bobKey).length, 0)
      // pinned entries stay
      store.append(bobLog, 1000)
      store.setPinned(bobKey, true)
      assert.equal(store.expire(2000, [aliceKey]), 0)
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('finds the head of each device chain by seeks, without a temporary index over the author\'s entries', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      const alice = ed25519.utils.randomSecretKey()
      const bob = ed25519.utils.randomSecretKey()
      const aliceKey = ed25519.getPublicKey(alice)
      const chain = (secret: Uint8Array, device: string, count: number, start: number): VerifiedEntry[] => {
        const out: VerifiedEntry[] = []
        for (let i = 0; i < count; i++) {
          out.push(signEntry({ author: ed25519.getPublicKey(secret), device, seq: BigInt(i + 1), prev: out.at(-1)?.cid, timestamp: { wall: start + i, counter: 0 }, kind: EntryKind.POST, body: postBody(`${device} ${i}`) }, secret, start + i))
        }
        return out
      }
      assert.deepEqual(store.heads(aliceKey), [], 'no chains held')
      const chains = { '': chain(alice, '', 5, 1_763_000_000_000), phone: chain(alice, 'phone', 3, 1_763_000_001_000), laptop: chain(alice, 'laptop', 7, 1_763_000_002_000) }
      for (const entries of Object.values(chains)) store.append(entries, 1000)
      store.append(chain(bob, 'm', 4, 1_763_000_003_000), 1000) // another author's chain sorts between alice's devices
      const heads = store.heads(aliceKey).map((h) => ({ device: h.device, seq: h.seq, cid: h.cid.toString() }))
      assert.deepEqual(heads, [
        { device: '', seq: 5n, cid: chains[''][4].cid.toString() },
        { device: 'laptop', seq: 7n, cid: chains.laptop[6].cid.toString() },
        { device: 'phone', seq: 3n, cid: chains.phone[2].cid.toString() }
      ])
      assert.equal(store.totalSeq(aliceKey), 15n)
      // a temporary (automatic) index is built from every entry of the author, on each call
      const plan = (db.db.prepare(`EXPLAIN QUERY PLAN ${CHAIN_HEADS_SQL}`).all(aliceKey) as any[]).map((r) => String(r.detail))
      assert.ok(!plan.some((line) => line.includes('AUTOMATIC')), plan.join('\n'))
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads a chain head from SQLite once, not for every entry appended to it, and again after expire or a failed append', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      let headQueries = 0
      const statement = db.statement.bind(db)
      db.statement = (sql: string) => {
        if (sql.startsWith('SELECT seq, cid FROM feed_entries WHERE author = ? AND device = ?')) headQueries++
        return statement(sql)
      }
      const store = new FeedStore(db)
      const alice = ed25519.utils.randomSecretKey()
      const aliceKey = ed25519.getPublicKey(alice)
      const log = makeLog(alice, Array.from({ length: 20 }, (_, i) => ({ kind: EntryKind.POST, body: postBody(`post ${i}`) })))
      // a sender: the head read to sign the next entry, handed to the append (known)
      for (const entry of log.slice(0, 10)) {
        const head = store.head(aliceKey)
        assert.equal(head?.seq ?? 0n, entry.entry.seq - 1n)
        store.append([entry], 1000, true, { device: '', head })
      }
      // a follower: gossiped entries appended one by one, the append reading the head itself
      for (const entry of log.slice(10, 15)) assert.equal(store.append([entry], 1000), 1)
      assert.equal(headQueries, 1, 'the head of the chain was read from SQLite once')
      assert.equal(store.head(aliceKey)?.cid.toString(), log[14].cid.toString())

      // a failed append (an entry out of its chain) reads the head again, and it is right
      assert.throws(() => store.append([log[16]], 1000), (err: any) => err.reason === 'sequence-gap')
      assert.equal(store.head(aliceKey)?.seq, 15n)
      assert.equal(headQueries, 2)
      // the five unpinned entries expired: the head is read again, the tenth entry's
      assert.equal(store.expire(2000, []), 5)
      assert.equal(store.head(aliceKey)?.seq, 10n)
      assert.equal(headQueries, 3)
      assert.equal(store.append(log.slice(10, 11), 3000), 1)
      assert.equal(store.head(aliceKey)?.seq, 11n)
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads chain heads and names again after rows were written around the store (a restore, a link)', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      const alice = ed25519.utils.randomSecretKey()
      const aliceKey = ed25519.getPublicKey(alice)
      const log = makeLog(alice, Array.from({ length: 6 }, (_, i) => ({ kind: EntryKind.POST, body: postBody(`post ${i}`) })))
      assert.equal(store.append(log.slice(0, 3), 1000), 3)
      store.rememberAuthor(aliceKey, 'alice')
      assert.equal(store.head(aliceKey)?.seq, 3n)
      // a restore writes alice's newer entries and name beside the store, as writeBackup does
      const other = new FeedStore(db)
      assert.equal(other.append(log.slice(3, 5), 1000), 2)
      other.rememberAuthor(aliceKey, 'alice-renamed')
      db.noteRewrite()
      assert.equal(store.head(aliceKey)?.seq, 5n, 'the head is what is stored now')
      assert.equal(store.usernameOf(aliceKey), 'alice-renamed')
      // and the next gossiped entry follows it, instead of failing on a stale head
      assert.equal(store.append(log.slice(5, 6), 1000), 1)
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads a username from SQLite once, follows rememberAuthor, and finds a name written around the store (a restore)', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      let nameQueries = 0
      const statement = db.statement.bind(db)
      db.statement = (sql: string) => {
        if (sql.startsWith('SELECT username FROM feed_authors')) nameQueries++
        return statement(sql)
      }
      const store = new FeedStore(db)
      const alice = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
      const bob = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
      store.rememberAuthor(alice, 'alice')
      for (let i = 0; i < 10; i++) assert.equal(store.usernameOf(alice), 'alice')
      assert.equal(nameQueries, 0, 'the name just remembered is not read back')
      // a fresh store (a restart) reads it once
      const again = new FeedStore(db)
      for (let i = 0; i < 10; i++) assert.equal(again.usernameOf(alice), 'alice')
      assert.equal(nameQueries, 1)
      again.rememberAuthor(alice, 'alice2')
      assert.equal(again.usernameOf(alice), 'alice2')
      // no name known: asked again each time, so a row a restore inserts is found
      assert.equal(again.usernameOf(bob), undefined)
      db.db.prepare('INSERT OR IGNORE INTO feed_authors (user_key, username) VALUES (?, ?)').run(bob, 'bob')
      assert.equal(again.usernameOf(bob), 'bob')
      assert.equal(nameQueries, 3)
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('an entry as stored (storedEntryOf) is what reading it back answers, for posts and follows', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      const alice = ed25519.utils.randomSecretKey()
      const log = makeLog(alice, [
        { kind: EntryKind.POST, body: postBody('first') },
        { kind: EntryKind.FOLLOW, body: followBody({ userKey: ed25519.getPublicKey(ed25519.utils.randomSecretKey()), username: 'bob' }) },
        { kind: EntryKind.UNFOLLOW, body: followBody({ userKey: ed25519.getPublicKey(ed25519.utils.randomSecretKey()), username: 'carol' }) }
      ])
      const added = store.appendNew(log, 1000)
      const plain = (e: any): any => ({ ...e, cid: e.cid.toString(), author: [...e.author], bytes: [...e.bytes], target: e.target == null ? null : [...e.target] })
      assert.deepEqual(added.map(storedEntryOf).map(plain), store.log(ed25519.getPublicKey(alice)).map(plain))
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('expires others\' unpinned blocks on a node with no own feed (a public node), and keeps pinned ones', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      const author = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
      const block = async (text: string): Promise<CID> => CID.createV1(0x71, await sha256.digest(new TextEncoder().encode(text)))
      store.putBlock(await block('held'), new Uint8Array([1]), author, 1000)
      store.putBlock(await block('anonymous'), new Uint8Array([2]), null, 1000)
      store.putBlock(await block('pinned'), new Uint8Array([3]), author, 1000, true)
      // nobody logged in and nothing archived: no own key; the held and anonymous blocks go
      // (the held one stayed for ever before: the clause read "author IS NULL" alone)
      assert.equal(store.expire(2000, []), 2)
      assert.equal(db.db.prepare('SELECT count(*) AS n FROM feed_blocks').get()!.n, 1)
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
