import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { equals } from 'uint8arrays/equals'
import { ed25519 } from '@noble/curves/ed25519.js'
import { userIdFromKey } from '../../src/identity/index.js'
import { decodeFrame, encodeFrame, openEntries, openEntry } from '../../src/group/codec.js'
import { EntryContent } from '../../src/group/wire.js'
import { openBlob, signBlob, signBlobs } from '../../src/group/signing.js'
import { leafHash, merkleTree, rootFromPath } from '../../src/group/merkle.js'
import { SignedBlob } from '../../src/group/wire.js'

test('group signatures are plain Ed25519 (interoperable with @noble/curves) and bound to their kind', () => {
  const seed = ed25519.utils.randomSecretKey()
  const userId = userIdFromKey(ed25519.getPublicKey(seed))
  const payload = new TextEncoder().encode('hello')
  const signed = signBlob('entry', payload, seed)
  assert.deepEqual(openBlob('entry', signed, userId), payload)
  const { signature } = SignedBlob.decode(signed)
  assert.ok(ed25519.verify(signature, new Uint8Array([...new TextEncoder().encode('parley-group/v1/entry\0'), ...payload]), ed25519.getPublicKey(seed)))
  assert.throws(() => openBlob('config', signed, userId), { name: 'InvalidGroupMessageError' })
  const other = userIdFromKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
  assert.throws(() => openBlob('entry', signed, other), { name: 'InvalidGroupMessageError' })
  const tampered = SignedBlob.encode({ payload: new TextEncoder().encode('hellO'), signature })
  assert.throws(() => openBlob('entry', tampered, userId), { name: 'InvalidGroupMessageError' })
})

test('frames round-trip and malformed ones get a typed error', () => {
  const entry = { id: 'x', sender: 'zABC', seq: 1, body: new Uint8Array([1, 2]) }
  const frame = encodeFrame('g', { kind: 'core', message: { type: 'append', term: 3, prev: 0, entries: [entry], commitIndex: 0, reset: true } })
  assert.deepEqual(decodeFrame(frame), { groupId: 'g', message: { kind: 'core', message: { type: 'append', term: 3, prev: 0, entries: [entry], commitIndex: 0, reset: true } } })
  assert.throws(() => decodeFrame(new Uint8Array([0xff, 0xff, 0xff])), { name: 'InvalidGroupMessageError' })
  // a decoded entry owns its body: a view would keep the whole received frame alive while the log holds the entry
  const decoded = decodeFrame(frame).message
  assert.ok(decoded.kind === 'core' && decoded.message.type === 'append')
  assert.equal(decoded.message.entries[0].body.buffer.byteLength, 2)
  assert.throws(() => decodeFrame(encodeFrame('g', { kind: 'latency-request', round: 1 }).subarray(0, 3)), { name: 'InvalidGroupMessageError' })
  // two messages in one frame, or none
  const two = new Uint8Array([...encodeFrame('g', { kind: 'latency-request', round: 1 }), ...encodeFrame('g', { kind: 'core', message: { type: 'collect', term: 1, commitIndex: 0 } }).subarray(3)])
  assert.throws(() => decodeFrame(two), { name: 'InvalidGroupMessageError' })
  assert.throws(() => decodeFrame(encodeFrame('g', { kind: 'core', message: { type: 'submit', term: 1, entries: [{ ...entry, seq: 0 }] } })), { name: 'InvalidGroupMessageError' })
  assert.throws(() => decodeFrame(encodeFrame('', { kind: 'latency-request', round: 1 })), { name: 'InvalidGroupMessageError' })
  // a latency report names at most MAX_MEMBERS (64) members: 65 is refused, 64 decodes
  const report = (n: number): Uint8Array => encodeFrame('g', { kind: 'latency-report', round: 1, rtts: Object.fromEntries(Array.from({ length: n }, (_, i) => [`u${i}`, 1])) })
  assert.throws(() => decodeFrame(report(65)), { name: 'InvalidGroupMessageError' })
  assert.equal(Object.keys((decodeFrame(report(64)).message as { rtts: object }).rtts).length, 64)
})

test('an entry verifies only with its sender, group, id and seq', async () => {
  const seed = ed25519.utils.randomSecretKey()
  const sender = userIdFromKey(ed25519.getPublicKey(seed))
  const body = signBlob('entry', EntryContent.encode({ groupId: 'g', id: 'e1', seq: 2n, text: 'hi', timestamp: 1n }), seed)
  assert.equal((await openEntry('g', { id: 'e1', sender, seq: 2, body })).text, 'hi')
  await assert.rejects(openEntry('other', { id: 'e1', sender, seq: 2, body }), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntry('g', { id: 'e1', sender, seq: 3, body }), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntry('g', { id: 'e2', sender, seq: 2, body }), { name: 'InvalidGroupMessageError' })
  const someoneElse = userIdFromKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
  await assert.rejects(openEntry('g', { id: 'e1', sender: someoneElse, seq: 2, body }), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntry('g', { id: 'e1', sender: 'not-a-key', seq: 2, body }), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntry('g', { id: 'e1', sender, seq: 2, body: new Uint8Array([1, 2, 3]) }), { name: 'InvalidGroupMessageError' })
})

test('a batch of entries shares one signature over a Merkle root; each entry still opens alone and only as itself', async () => {
  const seed = ed25519.utils.randomSecretKey()
  const sender = userIdFromKey(ed25519.getPublicKey(seed))
  for (const count of [2, 3, 5, 8, 13]) {
    const contents = Array.from({ length: count }, (_, i) => EntryContent.encode({ groupId: 'g', id: `e${i}`, seq: BigInt(i + 1), text: `m${i}`, timestamp: 1n }))
    const bodies = signBlobs('entry', contents, seed)
    const blobs = bodies.map((b) => SignedBlob.decode(b))
    assert.ok(blobs.every((b) => b.batch?.count === count && b.signature.every((x, k) => x === blobs[0].signature[k])), 'one signature for the batch')
    for (const [i, body] of bodies.entries()) {
      assert.equal((await openEntry('g', { id: `e${i}`, sender, seq: i + 1, body })).text, `m${i}`)
      assert.deepEqual(openBlob('entry', body, sender), contents[i])
    }
    // the signature is plain Ed25519 over the batch prefix, the count and the root: recompute the root from entry 0
    const { batch, signature } = blobs[0]
    const root = rootFromPath(leafHash(contents[0]), batch!.index, batch!.count, batch!.path)!
    const signed = new Uint8Array([...new TextEncoder().encode('parley-group/v1/entry-batch\0'), 0, 0, 0, count, ...root])
    assert.ok(ed25519.verify(signature, signed, ed25519.getPublicKey(seed)))
    // another payload, another place, another count or another kind does not verify
    const swapped = SignedBlob.encode({ ...blobs[0], payload: contents[1] })
    await assert.rejects(openEntry('g', { id: 'e1', sender, seq: 2, body: swapped }), { name: 'InvalidGroupMessageError' })
    const moved = SignedBlob.encode({ ...blobs[1], batch: { ...blobs[1].batch!, index: (blobs[1].batch!.index + 1) % count } })
    assert.throws(() => openBlob('entry', moved, sender), { name: 'InvalidGroupMessageError' })
    const recounted = SignedBlob.encode({ ...blobs[0], batch: { ...blobs[0].batch!, count: count + 1 } })
    assert.throws(() => openBlob('entry', recounted, sender), { name: 'InvalidGroupMessageError' })
    const cut = SignedBlob.encode({ ...blobs[0], batch: { ...blobs[0].batch!, path: blobs[0].batch!.path.slice(1) } })
    assert.throws(() => openBlob('entry', cut, sender), { name: 'InvalidGroupMessageError' })
    assert.throws(() => openBlob('config', bodies[0], sender), { name: 'InvalidGroupMessageError' })
    const someoneElse = userIdFromKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
    await assert.rejects(openEntry('g', { id: 'e0', sender: someoneElse, seq: 1, body: bodies[0] }), { name: 'InvalidGroupMessageError' })
  }
  // one payload: a plain signature, as signBlob makes
  assert.equal(SignedBlob.decode(signBlobs('entry', [new Uint8Array([1])], seed)[0]).batch, undefined)
})

test('Merkle inclusion paths follow RFC 9162 (tree shape for any leaf count)', () => {
  for (let n = 1; n <= 33; n++) {
    const leaves = Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i])))
    const { root, paths } = merkleTree(leaves)
    for (let i = 0; i < n; i++) {
      assert.ok(equals(rootFromPath(leaves[i], i, n, paths[i]) ?? new Uint8Array(), root), `leaf ${i} of ${n}`)
      if (n > 1) assert.ok(!equals(rootFromPath(leaves[i], (i + 1) % n, n, paths[i]) ?? new Uint8Array(), root))
    }
  }
  // three leaves: root = H(1 || H(1 || a || b) || c)
  const [a, b, c] = [0, 1, 2].map((i) => leafHash(new Uint8Array([i])))
  const h = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash('sha256').update(new Uint8Array([1])).update(Buffer.concat(parts)).digest())
  assert.ok(equals(merkleTree([a, b, c]).root, h(h(a, b), c)))
})

test('entries that arrive together are checked together: a whole batch at once, a partial one by paths, any bad entry fails the lot', async () => {
  const seed = ed25519.utils.randomSecretKey()
  const sender = userIdFromKey(ed25519.getPublicKey(seed))
  const creator = userIdFromKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
  const entries = (count: number, from = 1): Array<{ id: string, sender: string, seq: number, body: Uint8Array }> => {
    const bodies = signBlobs('entry', Array.from({ length: count }, (_, i) => EntryContent.encode({ groupId: 'g', id: `b${from + i}`, seq: BigInt(from + i), text: `m${i}`, timestamp: 1n })), seed)
    return bodies.map((body, i) => ({ id: `b${from + i}`, sender, seq: from + i, body }))
  }
  const batch = entries(6)
  const single = entries(1, 7)
  await openEntries('g', creator, [...batch, ...single])
  await openEntries('g', creator, batch.slice(2, 5))
  await openEntries('g', creator, [])
  // a whole batch whose one path was altered: its tree still verifies, the path must match too
  const blob = SignedBlob.decode(batch[3].body)
  const altered = { ...batch[3], body: SignedBlob.encode({ ...blob, batch: { ...blob.batch!, path: [...blob.batch!.path.slice(0, -1), new Uint8Array(32)] } }) }
  await assert.rejects(openEntries('g', creator, [...batch.slice(0, 3), altered, ...batch.slice(4)]), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntries('g', creator, [altered]), { name: 'InvalidGroupMessageError' })
  // a payload swapped between two entries of the batch
  const b0 = SignedBlob.decode(batch[0].body)
  const b1 = SignedBlob.decode(batch[1].body)
  const swapped = [{ ...batch[0], body: SignedBlob.encode({ ...b0, payload: b1.payload }) }, { ...batch[1], body: SignedBlob.encode({ ...b1, payload: b0.payload }) }, ...batch.slice(2)]
  await assert.rejects(openEntries('g', creator, swapped), { name: 'InvalidGroupMessageError' })
  // another sender's name on a good body
  await assert.rejects(openEntries('g', creator, [...batch.slice(0, 5), { ...batch[5], sender: creator }]), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntries('other', creator, batch), { name: 'InvalidGroupMessageError' })
})

test('many entries of a frame are checked on the thread pool, a few at once; the results are the same', async () => {
  const creator = userIdFromKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
  const lone = Array.from({ length: 6 }, (_, i) => {
    const seed = ed25519.utils.randomSecretKey()
    const sender = userIdFromKey(ed25519.getPublicKey(seed))
    return { id: `l${i}`, sender, seq: 1, body: signBlob('entry', EntryContent.encode({ groupId: 'g', id: `l${i}`, seq: 1n, text: 'x', timestamp: 1n }), seed) }
  })
  await openEntries('g', creator, lone)
  await openEntries('g', creator, lone.slice(0, 2))
  const forged = { ...lone[4], sender: lone[5].sender }
  await assert.rejects(openEntries('g', creator, [...lone.slice(0, 4), forged]), { name: 'InvalidGroupMessageError' })
  await assert.rejects(openEntries('g', creator, [lone[0], forged]), { name: 'InvalidGroupMessageError' })
})
