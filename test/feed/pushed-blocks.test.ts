import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'
import { describe, it, mock } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import * as dagCbor from '@ipld/dag-cbor'
import { verifyPushedBlock } from '../../src/feed/block-protocol.js'
import { postBody, signEntry } from '../../src/feed/entry.js'
import { blockCid, buildPages, encodeHeads } from '../../src/feed/pages.js'
import { EntryKind } from '../../src/feed/wire.js'
import type { VerifiedEntry } from '../../src/feed/entry.js'

function chain (secret: Uint8Array, count: number): VerifiedEntry[] {
  const author = ed25519.getPublicKey(secret)
  const out: VerifiedEntry[] = []
  for (let i = 0; i < count; i++) {
    const wall = 1_763_000_000_000 + i
    out.push(signEntry({ author, seq: BigInt(i + 1), prev: out.at(-1)?.cid, timestamp: { wall, counter: 0 }, kind: EntryKind.POST, body: postBody(`post ${i}`) }, secret, wall))
  }
  return out
}

/** How many sha256 hashes (node:crypto's one-shot `hash`, what src/feed/hash.ts uses) `fn` computes. */
function hashesOf (fn: () => unknown): number {
  const spy = mock.method(crypto, 'hash')
  syncBuiltinESMExports()
  try {
    fn()
    return spy.mock.callCount()
  } finally {
    spy.mock.restore()
    syncBuiltinESMExports()
  }
}

describe('blocks pushed to a page holder', () => {
  it('are hashed once each: a page (and its inline entries), a heads block, an entry block', () => {
    const secret = ed25519.utils.randomSecretKey()
    const author = ed25519.getPublicKey(secret)
    const entries = chain(secret, 20)
    // paged layout: one page of 20, the newest 16 inline, 4 by CID
    const [page] = buildPages(author, entries.map((e) => ({ seq: e.entry.seq, cid: e.cid, bytes: e.bytes })), 'paged')
    const heads = encodeHeads({ author, heads: [{ device: '', seq: 20, page: page.cid }] })
    const entry = entries[3]

    assert.deepEqual(verifyPushedBlock(page.cid, page.data), author)
    assert.deepEqual(verifyPushedBlock(heads.cid, heads.data), author)
    assert.deepEqual(verifyPushedBlock(entry.cid, entry.bytes), author)
    // the page: its CID check and each inline entry's CID (was the page twice: 18)
    assert.equal(hashesOf(() => verifyPushedBlock(page.cid, page.data)), 1 + 16)
    assert.equal(hashesOf(() => verifyPushedBlock(heads.cid, heads.data)), 1)
    assert.equal(hashesOf(() => verifyPushedBlock(entry.cid, entry.bytes)), 1)
  })

  it('are refused as before when they are not a page, a heads block or an entry of the author they name', () => {
    const secret = ed25519.utils.randomSecretKey()
    const author = ed25519.getPublicKey(secret)
    const entries = chain(secret, 3)
    const reason = (cid: any, data: Uint8Array): string => {
      try {
        verifyPushedBlock(cid, data)
      } catch (err: any) {
        assert.equal(err.name, 'InvalidBlockError')
        return err.reason
      }
      assert.fail('expected a refusal')
    }
    const block = (value: unknown): [any, Uint8Array] => {
      const data = dagCbor.encode(value)
      return [blockCid(data, dagCbor.code), data]
    }
    const [page] = buildPages(author, entries.map((e) => ({ seq: e.entry.seq, cid: e.cid, bytes: e.bytes })), 'paged')
    assert.equal(reason(page.cid, page.data.slice(1)), 'hash-mismatch')
    assert.equal(reason(...block({ seq: 1 })), 'malformed', 'no author')
    assert.equal(reason(...block({ author, heads: [] })), 'malformed', 'a heads block names no chain')
    // an inline entry of another author
    const other = chain(ed25519.utils.randomSecretKey(), 1)
    assert.equal(reason(...block({ author, seq: 1, entries: [other[0].bytes], refs: [], next: null })), 'bad-entry')
    assert.equal(reason(...block({ author, seq: 3, entries: [entries[2].bytes, entries[0].bytes], refs: [], next: null })), 'not-contiguous')
    const forged = entries[0].bytes.slice()
    forged[forged.length - 1] ^= 1
    assert.equal(reason(blockCid(forged, 0x55), forged), 'bad-entry')
  })
})
