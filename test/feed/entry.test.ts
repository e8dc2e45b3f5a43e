import assert from 'node:assert/strict'
import { describe, it, mock } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { MAX_ENTRY_BYTES, MAX_ENTRY_SKEW_MS } from '../../src/feed/constants.js'
import { checkLink, entrySigner, followBody, postBody, signEntry, verifyEntry } from '../../src/feed/entry.js'
import { EntryKind, FeedEntry, SignedEntry } from '../../src/feed/wire.js'
import type { VerifiedEntry } from '../../src/feed/entry.js'

const secret = ed25519.utils.randomSecretKey()
const author = ed25519.getPublicKey(secret)
const NOW = 1_763_000_000_000

function chain (n: number, key = secret): VerifiedEntry[] {
  const out: VerifiedEntry[] = []
  for (let i = 1; i <= n; i++) {
    out.push(signEntry({ author: ed25519.getPublicKey(key), seq: BigInt(i), prev: out.at(-1)?.cid, timestamp: { wall: NOW + i, counter: 0 }, kind: EntryKind.POST, body: postBody(`post ${i}`) }, key, NOW + i))
  }
  return out
}

function reason (fn: () => unknown): string {
  try {
    fn()
  } catch (err: any) {
    assert.equal(err.name, 'InvalidEntryError')
    return err.reason
  }
  assert.fail('expected an InvalidEntryError')
}

describe('feed entries', () => {
  it('signs, verifies and round-trips a post and a follow', () => {
    const [first] = chain(1)
    const again = verifyEntry(first.bytes, { now: NOW })
    assert.equal(again.text, 'post 1')
    assert.equal(again.cid.toString(), first.cid.toString())
    const target = ed25519.getPublicKey(ed25519.utils.randomSecretKey())
    const follow = signEntry({ author, seq: 2n, prev: first.cid, timestamp: { wall: NOW, counter: 1 }, kind: EntryKind.FOLLOW, body: followBody({ userKey: target, username: 'bob' }) }, secret, NOW)
    assert.equal(follow.target?.username, 'bob')
    checkLink({ seq: 1n, cid: first.cid }, follow)
  })

  it('rejects a forged signature', () => {
    const [first] = chain(1)
    const envelope = SignedEntry.decode(first.bytes)
    const payload = FeedEntry.decode(envelope.payload)
    const tampered = SignedEntry.encode({ payload: FeedEntry.encode({ ...payload, body: new TextEncoder().encode('not what was signed') }), signature: envelope.signature })
    assert.equal(reason(() => verifyEntry(tampered, { now: NOW })), 'forged')
    // signed by someone else's key while naming this author
    const other = ed25519.utils.randomSecretKey()
    const impostor = SignedEntry.encode({ payload: envelope.payload, signature: ed25519.sign(envelope.payload, other) })
    assert.equal(reason(() => verifyEntry(impostor, { now: NOW })), 'forged')
  })

  it('rejects an entry out of chain (prev link to another entry)', () => {
    const entries = chain(3)
    const stray = signEntry({ author, seq: 3n, prev: entries[0].cid, timestamp: { wall: NOW, counter: 9 }, kind: EntryKind.POST, body: postBody('fork') }, secret, NOW)
    assert.equal(reason(() => checkLink({ seq: 2n, cid: entries[1].cid }, stray)), 'out-of-chain')
    // a first entry must not carry a prev link, later ones must
    const noPrev = FeedEntry.encode({ author, seq: 2n, prev: new Uint8Array(0), timestamp: BigInt(NOW) << 16n, kind: EntryKind.POST, body: postBody('x') })
    const bytes = SignedEntry.encode({ payload: noPrev, signature: ed25519.sign(new Uint8Array([...new TextEncoder().encode('parley-feed-entry/v1\0'), ...noPrev]), secret) })
    assert.equal(reason(() => verifyEntry(bytes, { now: NOW })), 'out-of-chain')
  })

  it('rejects a sequence gap', () => {
    const entries = chain(3)
    assert.equal(reason(() => checkLink({ seq: 1n, cid: entries[0].cid }, entries[2])), 'sequence-gap')
    assert.equal(reason(() => checkLink(undefined, entries[1])), 'sequence-gap')
  })

  it('rejects an oversized entry and an oversized post', () => {
    assert.equal(reason(() => verifyEntry(new Uint8Array(MAX_ENTRY_BYTES + 1))), 'oversized')
    assert.equal(reason(() => postBody('x'.repeat(3000))), 'malformed')
  })

  it('rejects a timestamp from the future beyond the bound, accepts one within it', () => {
    const ahead = (ms: number): Uint8Array => signEntry({ author, seq: 1n, prev: undefined, timestamp: { wall: NOW + ms, counter: 0 }, kind: EntryKind.POST, body: postBody('soon') }, secret, NOW + ms).bytes
    assert.equal(reason(() => verifyEntry(ahead(MAX_ENTRY_SKEW_MS + 1000), { now: NOW })), 'future')
    assert.doesNotThrow(() => verifyEntry(ahead(MAX_ENTRY_SKEW_MS - 1000), { now: NOW }))
  })

  it('rejects garbage and an entry by an unexpected author', () => {
    assert.equal(reason(() => verifyEntry(new Uint8Array([1, 2, 3, 255, 255]))), 'malformed')
    const [first] = chain(1)
    assert.equal(reason(() => verifyEntry(first.bytes, { now: NOW, author: new Uint8Array(32) })), 'wrong-author')
  })

  it('an entry signer checks its key pair once; its entries carry the same signature and verify anywhere', () => {
    const other = ed25519.utils.randomSecretKey()
    assert.equal(reason(() => entrySigner(other, author)), 'forged', "another user's key is refused when the signer is made")
    const signer = entrySigner(secret, author)
    const fields = { author, seq: 1n, prev: undefined, timestamp: { wall: NOW, counter: 0 }, kind: EntryKind.POST, body: postBody('hello') }
    const signed = signEntry(fields, signer, NOW)
    assert.deepEqual(signed.bytes, signEntry(fields, secret, NOW).bytes, 'Ed25519 is deterministic: the same bytes as @noble')
    assert.equal(verifyEntry(signed.bytes, { now: NOW }).text, 'hello')
    // the other checks still run on what it signs
    assert.equal(reason(() => signEntry({ ...fields, seq: 0n }, signer, NOW)), 'malformed')
    assert.equal(reason(() => signEntry({ ...fields, kind: EntryKind.FOLLOW, body: new Uint8Array([255]) }, signer, NOW)), 'malformed')
    // a signer of another author is no shortcut: the signature is verified and fails
    assert.equal(reason(() => signEntry({ ...fields, author: ed25519.getPublicKey(other) }, signer, NOW)), 'forged')
  })

  it('an entry signer\'s entry is not decoded again: its fields are checked as encoded, and are what the bytes decode to', () => {
    const signer = entrySigner(secret, author)
    const prev = chain(1)[0]
    const cases = [
      { author, device: 'phone', seq: 2n, prev: prev.cid, timestamp: { wall: NOW, counter: 3 }, kind: EntryKind.POST, body: postBody('hello') },
      { author, seq: 1n, prev: undefined, timestamp: { wall: NOW, counter: 0 }, kind: EntryKind.FOLLOW, body: followBody({ userKey: new Uint8Array(32).fill(7), username: 'bob' }) }
    ]
    for (const fields of cases) {
      const decodes = [mock.method(SignedEntry, 'decode'), mock.method(FeedEntry, 'decode')]
      let signed: VerifiedEntry
      try {
        signed = signEntry(fields, signer, NOW)
        assert.deepEqual(decodes.map((d) => d.mock.callCount()), [0, 0], 'nothing decoded (before: each layer once)')
      } finally {
        for (const d of decodes) d.mock.restore()
      }
      const decoded = verifyEntry(signed.bytes, { now: NOW })
      assert.deepEqual({ ...signed, cid: signed.cid.toString() }, { ...decoded, cid: decoded.cid.toString() })
    }
    // too large: refused as a decoded one is
    const big = { ...cases[0], kind: EntryKind.FOLLOW, body: new Uint8Array(MAX_ENTRY_BYTES) }
    assert.equal(reason(() => signEntry(big, signer, NOW)), 'oversized')
  })
})
