import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import * as raw from 'multiformats/codecs/raw'
import { MAX_BLOCK_BYTES, PAGE_LAYOUT } from '../../src/feed/constants.js'
import { postBody, signEntry } from '../../src/feed/entry.js'
import { cidOf } from '../../src/feed/hash.js'
import { blockCid, buildPages, encodePage, verifyPage } from '../../src/feed/pages.js'
import { signPointer, verifyPointer } from '../../src/feed/pointer.js'
import { EntryKind } from '../../src/feed/wire.js'
import type { VerifiedEntry } from '../../src/feed/entry.js'

const secret = ed25519.utils.randomSecretKey()
const author = ed25519.getPublicKey(secret)

function items (entries: VerifiedEntry[]): Array<{ seq: bigint, cid: VerifiedEntry['cid'], bytes: Uint8Array }> {
  return entries.map((e) => ({ seq: e.entry.seq, cid: e.cid, bytes: e.bytes }))
}

function log (n: number, key = secret): VerifiedEntry[] {
  const out: VerifiedEntry[] = []
  for (let i = 1; i <= n; i++) {
    out.push(signEntry({ author: ed25519.getPublicKey(key), seq: BigInt(i), prev: out.at(-1)?.cid, timestamp: { wall: Date.now(), counter: i }, kind: EntryKind.POST, body: postBody(`entry ${i}`) }, key))
  }
  return out
}

async function blockReason (fn: () => unknown): Promise<string> {
  try {
    await fn()
  } catch (err: any) {
    assert.ok(['InvalidBlockError', 'InvalidPointerError'].includes(err.name), `unexpected ${err.name}: ${err.message}`)
    return err.reason
  }
  assert.fail('expected a rejection')
}

describe('remote-log pages', () => {
  it('builds pages per mode: newest first, last k inline, older by CID, next link', () => {
    const entries = log(300)
    for (const mode of ['inline', 'paged', 'linked'] as const) {
      const pages = buildPages(author, items(entries), mode)
      const { perPage, inline } = PAGE_LAYOUT[mode]
      assert.equal(pages.length, Math.ceil(300 / perPage), mode)
      const head = verifyPage(pages.at(-1)!.cid, pages.at(-1)!.data, author)
      assert.equal(head.page.seq, 300)
      assert.equal(head.inline[0].entry.seq, 300n, 'newest first')
      assert.equal(head.inline.length, Math.min(inline, 300 - (pages.length - 1) * perPage))
      assert.equal(head.page.next?.toString(), pages.at(-2)?.cid.toString())
      const first = dagCbor.decode(pages[0].data) as any
      assert.equal(first.next, null)
      assert.equal(first.entries.length + first.refs.length, Math.min(perPage, 300))
      if (mode === 'paged') assert.equal(first.refs[0].toString(), entries[perPage - inline - 1].cid.toString())
    }
  })

  it('full pages do not change when entries are appended', () => {
    const entries = log(140)
    const before = buildPages(author, items(entries.slice(0, 130)), 'paged')
    const after = buildPages(author, items(entries), 'paged')
    assert.equal(before[0].cid.toString(), after[0].cid.toString())
    assert.notEqual(before[1].cid.toString(), after[1].cid.toString())
  })

  it('building from a page on, with the CID of the page before, gives the same pages as building all', () => {
    const entries = log(300)
    const all = buildPages(author, items(entries), 'paged')
    const fromSecond = buildPages(author, items(entries.slice(128)), 'paged', { page: 1, next: all[0].cid })
    assert.deepEqual(fromSecond.map((p) => p.cid.toString()), all.slice(1).map((p) => p.cid.toString()))
    assert.throws(() => buildPages(author, items(entries.slice(100)), 'paged', { page: 1, next: all[0].cid }), RangeError, 'entries must start at the page')
  })

  it('rejects a block that does not hash to its CID', async () => {
    const [page] = buildPages(author, items(log(3)), 'inline')
    const data = page.data.slice()
    data[data.length - 1] ^= 1
    assert.equal(await blockReason(() => verifyPage(page.cid, data, author)), 'hash-mismatch')
  })

  it('rejects a malformed page, an oversized block and a page of another author', async () => {
    const notCbor = new Uint8Array([0xff, 0x00, 0x13])
    assert.equal(await blockReason(() => verifyPage(blockCid(notCbor, dagCbor.code), notCbor, author)), 'malformed')
    const wrongShape = dagCbor.encode({ author, seq: 'three', entries: [], refs: [], next: null })
    assert.equal(await blockReason(() => verifyPage(blockCid(wrongShape, dagCbor.code), wrongShape, author)), 'malformed')
    const big = new Uint8Array(MAX_BLOCK_BYTES + 1)
    assert.equal(await blockReason(() => verifyPage(blockCid(big, dagCbor.code), big, author)), 'oversized')
    const other = ed25519.utils.randomSecretKey()
    const [theirs] = buildPages(ed25519.getPublicKey(other), items(log(2, other)), 'inline')
    assert.equal(await blockReason(() => verifyPage(theirs.cid, theirs.data, author)), 'wrong-author')
  })

  it('rejects a page holding a forged entry, or entries out of order', async () => {
    const entries = log(3)
    const forged = entries[2].bytes.slice()
    forged[forged.length - 1] ^= 1 // flips a signature bit
    const bad = encodePage({ author, seq: 3, entries: [forged, entries[1].bytes, entries[0].bytes], refs: [], next: null })
    assert.equal(await blockReason(() => verifyPage(bad.cid, bad.data, author)), 'bad-entry')
    const shuffled = encodePage({ author, seq: 3, entries: [entries[2].bytes, entries[0].bytes, entries[1].bytes], refs: [], next: null })
    assert.equal(await blockReason(() => verifyPage(shuffled.cid, shuffled.data, author)), 'not-contiguous')
  })

  it("a page reached from a verified pointer is checked in every way but its entries' own signatures", async () => {
    const entries = log(3)
    const forged = entries[2].bytes.slice()
    forged[forged.length - 1] ^= 1
    const page = encodePage({ author, seq: 3, entries: [forged, entries[1].bytes, entries[0].bytes], refs: [], next: null })
    const checked = verifyPage(page.cid, page.data, author, { authenticated: true })
    assert.deepEqual(checked.inline.map((e) => e.entry.seq), [3n, 2n, 1n], 'the author signed the pointer that names this page')
    const shuffled = encodePage({ author, seq: 3, entries: [entries[2].bytes, entries[0].bytes, entries[1].bytes], refs: [], next: null })
    assert.equal(await blockReason(() => verifyPage(shuffled.cid, shuffled.data, author, { authenticated: true })), 'not-contiguous')
    const other = ed25519.utils.randomSecretKey()
    const smuggled = encodePage({ author, seq: 1, entries: [log(1, other)[0].bytes], refs: [], next: null })
    assert.equal(await blockReason(() => verifyPage(smuggled.cid, smuggled.data, author, { authenticated: true })), 'bad-entry')
  })
})

describe('head pointer (IPNS)', () => {
  const [head] = buildPages(author, items(log(2)), 'inline')

  it('verifies a pointer signed by the author and names the head page and seq', async () => {
    const pointer = await verifyPointer(author, await signPointer(secret, head.cid, 2n))
    assert.equal(pointer.headPage.toString(), head.cid.toString())
    assert.equal(pointer.seq, 2n)
  })

  it('rejects a forged pointer (signature does not verify)', async () => {
    const record = unmarshalIPNSRecord(await signPointer(secret, head.cid, 2n))
    const signatureV2 = record.signatureV2.slice()
    signatureV2[0] ^= 1
    const forged = marshalIPNSRecord({ ...record, signatureV2 } as any)
    assert.equal(await blockReason(() => verifyPointer(author, forged)), 'forged')
  })

  it('rejects a pointer signed by another key (Ed25519 records carry no key: it fails as forged)', async () => {
    const other = ed25519.utils.randomSecretKey()
    const theirs = await signPointer(other, head.cid, 2n)
    await verifyPointer(ed25519.getPublicKey(other), theirs) // valid for its own author
    assert.equal(await blockReason(async () => verifyPointer(author, theirs)), 'forged')
  })

  it('rejects an expired pointer', async () => {
    const key = await generateKeyPairFromSeed('Ed25519', secret)
    const expired = marshalIPNSRecord(await createIPNSRecord(key, head.cid, 2n, -1000))
    assert.equal(await blockReason(() => verifyPointer(author, expired)), 'expired')
  })

  it('rejects a pointer whose value is not a DAG-CBOR page, and garbage', async () => {
    const rawCid = cidOf(new Uint8Array([1, 2, 3]), raw.code)
    assert.equal(await blockReason(async () => verifyPointer(author, await signPointer(secret, rawCid, 2n))), 'bad-value')
    assert.equal(await blockReason(() => verifyPointer(author, new Uint8Array([9, 9, 9, 9]))), 'malformed')
  })
})
