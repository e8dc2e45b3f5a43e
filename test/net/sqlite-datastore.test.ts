import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Libp2pRecord } from '@libp2p/record'
import { Key } from 'interface-datastore'
import { toString } from 'uint8arrays/to-string'
import { PARLEY_MIGRATIONS } from '../../src/app/migrations.js'
import { GuardedDatastore, SqliteDatastore } from '../../src/net/index.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { tempDir } from '../support/nodes.js'
import type { DhtStoreLimits } from '../../src/net/index.js'
import type { PeerId } from '@libp2p/interface'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array): string => new TextDecoder().decode(value)
const peer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))

/** A DHT record as kad-dht stores it: its datastore key and the serialized libp2p record. */
function record (name: string, value = name): { key: Key, value: Uint8Array } {
  const dhtKey = bytes(`/parley/name/${name}`)
  return { key: new Key(`/dht/record/${toString(dhtKey, 'base32')}`, false), value: new Libp2pRecord(dhtKey, bytes(value), new Date()).serialize() }
}

const providerKey = (cid: string, provider: PeerId): Key => new Key(`/dht/provider/${cid}/${provider.toString()}`)

describe('SQLite datastore', () => {
  const dirs: string[] = []
  after(async () => { await Promise.all(dirs.map(async (dir) => rm(dir, { recursive: true, force: true }))) })

  async function open (): Promise<{ path: string, database: ParleyDatabase }> {
    const dir = await tempDir()
    dirs.push(dir)
    const path = join(dir, 'parley.sqlite')
    return { path, database: new ParleyDatabase(path, PARLEY_MIGRATIONS) }
  }

  it('puts, gets, deletes, queries by prefix in key order and keeps it all across a reopen', async () => {
    const { path, database } = await open()
    const store = new SqliteDatastore(database)
    await store.put(new Key('/peers/b'), bytes('B'))
    await store.put(new Key('/peers/a'), bytes('A'))
    await store.put(new Key('/peersx/c'), bytes('not a peer'))
    await store.put(new Key('/peers/a'), bytes('A2'))
    assert.equal(text(await store.get(new Key('/peers/a'))), 'A2')
    await assert.rejects(store.get(new Key('/peers/none')), { name: 'NotFoundError' })
    const batch = store.batch()
    for (let i = 0; i < 1_200; i++) batch.put(new Key(`/peers/many/${String(i).padStart(4, '0')}`), bytes(String(i)))
    batch.delete(new Key('/peers/b'))
    await batch.commit()
    assert.equal(await store.has(new Key('/peers/b')), false)
    database.close()

    const again = new SqliteDatastore(new ParleyDatabase(path, PARLEY_MIGRATIONS))
    const keys: string[] = []
    for await (const key of again.queryKeys({ prefix: '/peers/' })) keys.push(key.toString())
    assert.equal(keys.length, 1_201, 'every key under the prefix, over several pages, and none under /peersx')
    assert.deepEqual(keys.slice(0, 2), ['/peers/a', '/peers/many/0000'])
    assert.deepEqual([...keys].sort(), keys, 'in key order')
    const entries = []
    for await (const entry of again.query({ prefix: '/peers/many/', limit: 3, offset: 1 })) entries.push(text(entry.value))
    assert.deepEqual(entries, ['1', '2', '3'])
    await again.delete(new Key('/peers/a'))
    assert.equal(await again.has(new Key('/peers/a')), false)
  })

  describe('what it holds for other peers', () => {
    async function guarded (limits: DhtStoreLimits): Promise<{ store: GuardedDatastore, self: PeerId, path: string }> {
      const { path, database } = await open()
      const self = await peer()
      return { store: new GuardedDatastore({ database, self, limits, guard: () => {} }), self, path }
    }

    it('a peer adds records up to its quota, then new ones are refused and the held ones stay; replacements still pass', async () => {
      const { store, self, path } = await guarded({ recordsPerPeer: 3 })
      const flooder = await peer()
      const honest = await peer()
      for (const name of ['a', 'b', 'c']) await store.put(record(name).key, record(name).value, { sender: flooder })
      await assert.rejects(store.put(record('d').key, record('d').value, { sender: flooder }), { name: 'DhtStoreFullError', code: 'dht_store_full' })
      assert.equal(await store.has(record('d').key), false)
      // a newer value of a key it holds does not add to what the node holds
      await store.put(record('a').key, record('a', 'a2').value, { sender: flooder })
      assert.equal(text((await store.recordValue(bytes('/parley/name/a')))!), 'a2')
      // another peer, and the node itself, are not held back by the flooder's quota
      await store.put(record('e').key, record('e').value, { sender: honest })
      await store.put(record('own').key, record('own').value)
      await store.put(record('own2').key, record('own2').value, { sender: self })
      assert.deepEqual([store.heldFor(flooder, 'record'), store.heldFor(honest, 'record'), store.heldForOthers().records], [3, 1, 4])
      // a delete frees the quota; the counts come back from the table after a reopen
      await store.delete(record('b').key)
      await store.put(record('d').key, record('d').value, { sender: flooder })
      const reopened = new GuardedDatastore({ database: new ParleyDatabase(path, PARLEY_MIGRATIONS), self, limits: { recordsPerPeer: 3 }, guard: () => {} })
      assert.equal(reopened.heldFor(flooder, 'record'), 3)
      await assert.rejects(reopened.put(record('f').key, record('f').value, { sender: flooder }), { name: 'DhtStoreFullError' })
    })

    it('all peers together hold at most the total; provider records count for their provider', async () => {
      const { store, self } = await guarded({ records: 2, providersPerPeer: 2, providers: 3 })
      const [p1, p2, p3] = [await peer(), await peer(), await peer()]
      await store.put(record('a').key, record('a').value, { sender: p1 })
      await store.put(record('b').key, record('b').value, { sender: p2 })
      await assert.rejects(store.put(record('c').key, record('c').value, { sender: p3 }), /2 records for other peers/)
      await store.put(providerKey('cid1', p1), bytes('t'))
      await store.put(providerKey('cid2', p1), bytes('t'))
      await assert.rejects(store.put(providerKey('cid3', p1), bytes('t')), /2 providers for peer/)
      await store.put(providerKey('cid1', p1), bytes('t2')) // a refreshed provider record
      await store.put(providerKey('cid1', p2), bytes('t'))
      await assert.rejects(store.put(providerKey('cid1', p3), bytes('t')), /3 providers for other peers/)
      await store.put(providerKey('cid9', self), bytes('t')) // the node's own provides
      assert.deepEqual(store.heldForOthers(), { records: 2, providers: 3 })
    })

    it('entries held for others expire after maxAgeMs, which frees their quota; the node\'s own stay', async () => {
      const { store } = await guarded({ recordsPerPeer: 1, maxAgeMs: 60_000 })
      const p1 = await peer()
      await store.put(record('a').key, record('a').value, { sender: p1 })
      await store.put(record('own').key, record('own').value)
      assert.equal(store.sweepExpired(Date.now() + 30_000), 0)
      assert.equal(store.sweepExpired(Date.now() + 61_000), 1)
      assert.equal(await store.has(record('a').key), false)
      assert.equal(await store.has(record('own').key), true)
      await store.put(record('b').key, record('b').value, { sender: p1 })
    })
  })
})
