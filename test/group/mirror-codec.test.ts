import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_MIRROR_FRAME_BYTES, MAX_TEXT_BYTES, MIRROR_PAGE_ENTRIES } from '../../src/group/constants.js'
import { InvalidGroupMessageError } from '../../src/group/errors.js'
import { decodeMirrorFrame, encodeMirrorFrame, mirrorPages } from '../../src/group/mirror-codec.js'
import { MirrorFrame } from '../../src/group/wire.js'
import type { GroupEntry } from '../../src/group/core/index.js'

const GROUP = 'g-1'
const entry = (i: number, bytes = 10): GroupEntry => ({ id: `e-${i}`, sender: 'alice', seq: i, body: new Uint8Array(bytes) })

describe('group mirror frames (/parley/group-mirror/1.0.0) at the edge', () => {
  it('round-trips each kind', () => {
    const group = { groupId: GROUP, config: new Uint8Array([1, 2]), preferred: null, after: 3, entries: [entry(4), entry(5)], commitIndex: 7 }
    for (const message of [
      { kind: 'pull' as const, groups: [{ groupId: GROUP, committed: 3 }] },
      { kind: 'group' as const, group },
      { kind: 'forward' as const, groupId: GROUP, id: 'm-1', text: 'hi' },
      { kind: 'forwarded' as const, groupId: GROUP, id: 'm-1', ok: false, error: 'not started' }
    ]) assert.deepEqual(decodeMirrorFrame(encodeMirrorFrame(message)), message)
  })

  it('refuses frames out of shape or range with InvalidGroupMessageError', () => {
    const refused = (bytes: Uint8Array, why: RegExp): void => { assert.throws(() => decodeMirrorFrame(bytes), (err: Error) => err instanceof InvalidGroupMessageError && why.test(err.message)) }
    refused(new Uint8Array([0xff, 0xff]), /malformed/)
    refused(MirrorFrame.encode({}), /exactly one/)
    refused(MirrorFrame.encode({ pull: { groups: [] }, forward: { groupId: GROUP, id: 'x', text: 'y' } }), /exactly one/)
    refused(encodeMirrorFrame({ kind: 'forward', groupId: GROUP, id: 'm', text: 'x'.repeat(MAX_TEXT_BYTES + 1) }), /forwarded text/)
    refused(encodeMirrorFrame({ kind: 'forward', groupId: GROUP, id: '', text: 'x' }), /entry id/)
    refused(encodeMirrorFrame({ kind: 'forward', groupId: 'g'.repeat(129), id: 'm', text: 'x' }), /group id/)
    refused(encodeMirrorFrame({ kind: 'group', group: { groupId: GROUP, config: null, preferred: null, after: 5, entries: [entry(6)], commitIndex: 5 } }), /past the commit index/)
    refused(encodeMirrorFrame({ kind: 'group', group: { groupId: GROUP, config: null, preferred: null, after: 0, entries: Array.from({ length: MIRROR_PAGE_ENTRIES + 1 }, (_, i) => entry(i + 1)), commitIndex: 600 } }), /malformed/)
    refused(new Uint8Array(MAX_MIRROR_FRAME_BYTES + 1), /over/)
  })

  it('pages a log by count and by bytes, never an empty page', () => {
    const log = Array.from({ length: 1_200 }, (_, i) => entry(i + 1))
    assert.deepEqual(mirrorPages(log, 100, 1_200).map((p) => [p.after, p.entries.length]), [[100, 512], [612, 512], [1_124, 76]])
    assert.deepEqual(mirrorPages(log, 100, 1_200, 1).map((p) => p.after), [100])
    const big = Array.from({ length: 40 }, (_, i) => entry(i + 1, 64 * 1024))
    const pages = mirrorPages(big, 0, 40)
    assert.ok(pages.every((p) => p.entries.reduce((n, e) => n + e.body.byteLength, 0) <= MAX_MIRROR_FRAME_BYTES / 2))
    assert.equal(pages.reduce((n, p) => n + p.entries.length, 0), 40)
    assert.deepEqual(mirrorPages(log, 1_200, 1_200), [])
  })
})
