import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { DM_PROTOCOL, DM_STREAM_LIMITS } from '../../src/dm/index.js'
import { BLOCK_PROTOCOL, BLOCK_STREAM_LIMITS, FEED_PROTOCOL, FEED_STREAM_LIMITS } from '../../src/feed/index.js'
import { GROUP_PROTOCOL, GROUP_STREAM_LIMITS } from '../../src/group/index.js'
import { SESSION_PROTOCOL, SESSION_STREAM_LIMITS } from '../../src/identity/index.js'
import { MAILBOX_PROTOCOL, MAILBOX_STREAM_LIMITS } from '../../src/mailbox/index.js'
import { committedTexts } from '../support/content.js'
import { HostilePeer, lengthPrefix } from '../support/hostile-peer.js'
import { TEST_SCRYPT, removeNodes, startTestNetwork, waitFor } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'
import type { StreamLimitsInit } from '../../src/net/index.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Bytes held in ArrayBuffers (what stream buffers are made of) after a full collection, in MiB. */
function buffersMiB (): number {
  gc()
  return process.memoryUsage().arrayBuffers / 2 ** 20
}

const IDLE_MS = 8_000
/** Short limits, so the test waits seconds instead of the defaults' half minute. */
const LIMITS: StreamLimitsInit = { '*': { idleTimeoutMs: IDLE_MS }, [FEED_PROTOCOL]: { deadlineMs: 2_000 } }
const MiB = 2 ** 20

/**
 * A peer that is no member of anything opens 40 dm and 40 group streams to bob and on each
 * announces a frame it never finishes (issue 19, defect 7: they stayed open for minutes and
 * held 41-50 MiB). Bob refuses streams past the per-peer cap, resets the rest after the
 * idle timeout, refuses oversized length prefixes at once, and talks to alice meanwhile.
 */
describe('hostile streams: frames announced and never finished', () => {
  let nodes: TestNode[] = []
  let hostile: HostilePeer
  let groupId: string

  before(async () => {
    nodes = await startTestNetwork(2, { scrypt: TEST_SCRYPT, users: ['alice', 'bob'], streams: LIMITS, mailbox: { upkeepIntervalMs: 0 } })
    const created = await nodes[0].call('POST', '/api/groups', { name: 'pair', members: ['bob'] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    groupId = created.body.id
    await waitFor(async () => (await nodes[1].call('GET', `/api/groups/${groupId}`)).status === 200, 10_000, 'the invitation')
    assert.equal((await nodes[0].call('POST', `/api/groups/${groupId}/start`)).status, 200)
    await waitFor(async () => (await nodes[1].call('GET', `/api/groups/${groupId}`)).body.host != null, 10_000, 'a host')
    hostile = await HostilePeer.start()
    await hostile.connect(nodes[1].addr)
  })

  after(async () => {
    await hostile?.stop()
    await removeNodes(nodes)
  })

  /** Streams of `protocol` that bob has open from the hostile peer. */
  const heldByBob = (protocol: string): number => nodes[1].parley.libp2p.getConnections(hostile.peerId)
    .flatMap((c) => c.streams).filter((s) => s.protocol === protocol).length

  it('caps the streams, resets the rest after the idle timeout, keeps memory flat, and honest messages go on', async (t) => {
    const before = buffersMiB()
    const bob = nodes[1].parley.libp2p.peerId
    const dm = await hostile.truncatedFrames(bob, DM_PROTOCOL, 40, { declared: DM_STREAM_LIMITS.maxFrameBytes, sent: 60_000 })
    const group = await hostile.truncatedFrames(bob, GROUP_PROTOCOL, 40, { declared: GROUP_STREAM_LIMITS.maxFrameBytes, sent: MiB })
    assert.ok(heldByBob(DM_PROTOCOL) <= DM_STREAM_LIMITS.maxStreamsPerPeer, `bob holds ${heldByBob(DM_PROTOCOL)} dm streams of one peer`)
    assert.ok(heldByBob(GROUP_PROTOCOL) <= GROUP_STREAM_LIMITS.maxStreamsPerPeer, `bob holds ${heldByBob(GROUP_PROTOCOL)} group streams of one peer`)

    // what stays buffered while the streams hang: the capped streams' partial frames (4 × 1 MiB)
    let grown = Infinity
    await waitFor(() => (grown = buffersMiB() - before) < 12, 5_000, 'buffers to settle under 12 MiB', 250)
      .catch((err) => { throw new Error(`${err.message}: ${grown.toFixed(1)} MiB held`) })
    t.diagnostic(`while the streams hang: ${grown.toFixed(1)} MiB more in buffers; bob holds ${heldByBob(DM_PROTOCOL)} dm and ${heldByBob(GROUP_PROTOCOL)} group streams`)

    // honest traffic while the hostile streams hang
    const sent = await nodes[0].call('POST', '/api/messages', { to: ['bob'], text: 'during the attack' }, nodes[0].token)
    assert.equal(sent.status, 201, JSON.stringify(sent.body))
    const posted = await nodes[0].call('POST', `/api/groups/${groupId}/messages`, { text: 'still here' })
    assert.equal(posted.body.status, 'committed', JSON.stringify(posted.body))
    const reply = await nodes[1].call('POST', `/api/groups/${groupId}/messages`, { text: 'me too' })
    assert.equal(reply.body.status, 'committed', JSON.stringify(reply.body))
    await waitFor(async () => (await nodes[1].call('GET', '/api/messages?with=alice')).body.messages.some((m: any) => m.text === 'during the attack'), 10_000, 'bob to get the dm')
    await waitFor(async () => (await committedTexts(nodes[1], groupId)).includes('alice:still here') && (await committedTexts(nodes[0], groupId)).includes('bob:me too'), 10_000, 'both group messages everywhere')

    // every hanging stream is reset within the idle timeout (give it the timeout and a margin)
    await waitFor(() => heldByBob(DM_PROTOCOL) + heldByBob(GROUP_PROTOCOL) === 0, IDLE_MS + 4_000, 'bob to drop every hostile stream')
    await waitFor(() => dm.endedByTarget() === dm.opened.length && group.endedByTarget() === group.opened.length, 2_000, 'the hostile peer to see them ended')
    await waitFor(() => (grown = buffersMiB() - before) < 4, 5_000, 'buffers back under 4 MiB', 250)
      .catch((err) => { throw new Error(`${err.message}: ${grown.toFixed(1)} MiB held`) })
    t.diagnostic(`after the idle timeout: ${grown.toFixed(1)} MiB more in buffers`)
    assert.equal(hostile.node.getConnections(bob).length > 0, true, 'the connection itself stays (honest streams on it may go on)')
  })

  it('refuses an oversized length prefix at once on every protocol', async () => {
    const bob = nodes[1].parley.libp2p.peerId
    const limits = { [DM_PROTOCOL]: DM_STREAM_LIMITS, [GROUP_PROTOCOL]: GROUP_STREAM_LIMITS, [MAILBOX_PROTOCOL]: MAILBOX_STREAM_LIMITS, [FEED_PROTOCOL]: FEED_STREAM_LIMITS, [BLOCK_PROTOCOL]: BLOCK_STREAM_LIMITS, [SESSION_PROTOCOL]: SESSION_STREAM_LIMITS }
    for (const [protocol, { maxFrameBytes }] of Object.entries(limits)) {
      // one byte over the limit, then 256 KiB of the frame: a node that waits for the frame keeps them
      const stream = await hostile.oversizedPrefix(bob, protocol, maxFrameBytes + 1, 256 * 1024)
      // well before the idle timeout (8 s) or any deadline but the feed's could end it
      await waitFor(() => stream.status === 'reset', 3_000, `bob to reset the ${protocol} stream`)
    }
  })

  it('resets a request stream at its deadline even while bytes trickle in', async () => {
    const stream = await hostile.node.dialProtocol(nodes[1].parley.libp2p.peerId, FEED_PROTOCOL)
    stream.send(lengthPrefix(200))
    // a byte every 250 ms keeps the idle timeout (8 s) from firing; the deadline (2 s here) must
    const trickle = setInterval(() => { if (stream.status === 'open') stream.send(new Uint8Array([1])) }, 250)
    try {
      await waitFor(() => stream.status === 'reset', 5_000, 'bob to reset the trickling feed stream')
    } finally {
      clearInterval(trickle)
    }
  })
})
