import assert from 'node:assert/strict'
import { test } from 'node:test'
import { coalesce } from '../../src/group/coalesce.js'
import type { GroupEntry } from '../../src/group/core/index.js'

const e = (seq: number): GroupEntry => ({ id: `a${seq}`, sender: 'a', seq, body: new Uint8Array(0) })

test('contiguous appends of a term merge; gaps, resets, other terms and nacks do not', () => {
  assert.deepEqual(coalesce([
    { type: 'append', term: 2, prev: 0, entries: [e(1)], commitIndex: 0, reset: true },
    { type: 'append', term: 2, prev: 1, entries: [e(2)], commitIndex: 1, reset: false },
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 2, reset: false },
    { type: 'append', term: 2, prev: 5, entries: [e(6)], commitIndex: 2, reset: false },
    { type: 'append', term: 3, prev: 6, entries: [], commitIndex: 2, reset: false }
  ]), [
    { type: 'append', term: 2, prev: 0, entries: [e(1), e(2)], commitIndex: 2, reset: true },
    { type: 'append', term: 2, prev: 5, entries: [e(6)], commitIndex: 2, reset: false },
    { type: 'append', term: 3, prev: 6, entries: [], commitIndex: 2, reset: false }
  ])
  assert.deepEqual(coalesce([
    { type: 'append-reply', term: 2, ok: true, logTerm: 2, length: 3, commitIndex: 1 },
    { type: 'append-reply', term: 2, ok: true, logTerm: 2, length: 5, commitIndex: 2 },
    { type: 'append-reply', term: 2, ok: false, logTerm: 2, length: 5, commitIndex: 2 },
    { type: 'submit', term: 2, entries: [e(1)] },
    { type: 'submit', term: 2, entries: [e(2)] }
  ]), [
    { type: 'append-reply', term: 2, ok: true, logTerm: 2, length: 5, commitIndex: 2 },
    { type: 'append-reply', term: 2, ok: false, logTerm: 2, length: 5, commitIndex: 2 },
    { type: 'submit', term: 2, entries: [e(1), e(2)] }
  ])
})

test('merged appends stay unanswered notices only if every part was one', () => {
  assert.deepEqual(coalesce([
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 1, reset: false, notice: true },
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 2, reset: false, notice: true }
  ]), [{ type: 'append', term: 2, prev: 2, entries: [], commitIndex: 2, reset: false, notice: true }])
  assert.deepEqual(coalesce([
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 1, reset: false, notice: true },
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 1, reset: false }
  ]), [{ type: 'append', term: 2, prev: 2, entries: [], commitIndex: 1, reset: false }])
  assert.deepEqual(coalesce([
    { type: 'append', term: 2, prev: 1, entries: [e(2)], commitIndex: 1, reset: false },
    { type: 'append', term: 2, prev: 2, entries: [], commitIndex: 2, reset: false, notice: true }
  ]), [{ type: 'append', term: 2, prev: 1, entries: [e(2)], commitIndex: 2, reset: false }])
})
