import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { userIdFromKey } from '../../src/identity/index.js'
import { decodeFrame, encodeFrame, openEntry } from '../../src/group/codec.js'
import { EntryContent } from '../../src/group/wire.js'
import { openBlob, signBlob } from '../../src/group/signing.js'
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
  assert.throws(() => decodeFrame(encodeFrame('g', { kind: 'latency-request', round: 1 }).subarray(0, 3)), { name: 'InvalidGroupMessageError' })
  // two messages in one frame, or none
  const two = new Uint8Array([...encodeFrame('g', { kind: 'latency-request', round: 1 }), ...encodeFrame('g', { kind: 'core', message: { type: 'collect', term: 1, commitIndex: 0 } }).subarray(3)])
  assert.throws(() => decodeFrame(two), { name: 'InvalidGroupMessageError' })
  assert.throws(() => decodeFrame(encodeFrame('g', { kind: 'core', message: { type: 'submit', term: 1, entries: [{ ...entry, seq: 0 }] } })), { name: 'InvalidGroupMessageError' })
  assert.throws(() => decodeFrame(encodeFrame('', { kind: 'latency-request', round: 1 })), { name: 'InvalidGroupMessageError' })
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
