import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { pbStream } from '@libp2p/utils'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { fetchBlocks, pushBlocks } from '../../src/feed/block-protocol.js'
import { BLOCK_PROTOCOL, MAX_BATCH_BYTES, MAX_BLOCKS_PER_ANSWER, MAX_BLOCKS_PER_MESSAGE } from '../../src/feed/constants.js'
import { cidOf } from '../../src/feed/hash.js'
import { postBody, signEntry } from '../../src/feed/entry.js'
import { EntryKind } from '../../src/feed/wire.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import { BlockRequest, BlockResponse } from '../../src/feed/wire.js'
import { appendPosts } from '../support/content.js'
import { registerUser, startTestNetwork } from '../support/nodes.js'
import type { Block } from '../../src/feed/pages.js'
import type { TestNode } from '../support/nodes.js'
import type { Libp2p } from '@libp2p/interface'

// paged mode: 10 full pages of 128 and one of 20; follow sends 11 pages and 10·112 + 4 entry blocks
const POSTS = 1300
const FOLLOW_BLOCKS = 11 + 10 * 112 + 4

async function reason (fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
  } catch (err: any) {
    assert.equal(err.name, 'InvalidBlockError', `unexpected ${err.name}: ${err.message}`)
    return err.reason
  }
  assert.fail('expected a rejection')
}

async function drain (blocks: AsyncIterable<Block>): Promise<Block[]> {
  const out: Block[] = []
  for await (const block of blocks) out.push(block)
  return out
}

/** A GET sent by hand; resolves to every answer message until DONE. */
async function rawGet (from: Libp2p, to: Libp2p, cids: CID[], batch: boolean): Promise<BlockResponse[]> {
  const stream = await from.dialProtocol(to.peerId, BLOCK_PROTOCOL)
  const pb = pbStream(stream, { maxDataLength: 1024 * 1024 })
  await pb.write({ type: BlockRequest.Type.GET, cids: cids.map((c) => c.bytes), follow: true, maxBlocks: 0, blocks: [], batch }, BlockRequest)
  const answers: BlockResponse[] = []
  for (;;) {
    const answer = await pb.read(BlockResponse, { limits: { blocks: 100_000 } } as any)
    if (answer.status === BlockResponse.Status.DONE) break
    answers.push(answer)
  }
  await stream.close()
  return answers
}

/** Replaces `node`'s block protocol with one that answers every GET with `answers` (then DONE). */
async function serveAnswers (node: Libp2p, answers: () => Iterable<Partial<BlockResponse>>): Promise<void> {
  await node.unhandle(BLOCK_PROTOCOL)
  await node.handle(BLOCK_PROTOCOL, async (stream) => {
    const pb = pbStream(stream, { maxDataLength: 4 * 1024 * 1024 })
    await pb.read(BlockRequest)
    try {
      for (const answer of answers()) await pb.write({ message: '', blocks: [], ...answer } as BlockResponse, BlockResponse)
      await pb.write({ status: BlockResponse.Status.DONE, message: '', blocks: [] }, BlockResponse)
      await stream.close()
    } catch (err: any) {
      stream.abort(err)
    }
  })
}

function rawBlocks (n: number, tag: string): Array<{ cid: Uint8Array, data: Uint8Array }> {
  return Array.from({ length: n }, (_, i) => {
    const data = new TextEncoder().encode(`${tag} ${i}`)
    return { cid: cidOf(data, raw.code).bytes, data }
  })
}

/** /parley/blocks/1.0.0 between real nodes over TCP: batched answers, limits, older peers. */
describe('block protocol', () => {
  let nodes: TestNode[]
  let head: CID
  let author: Uint8Array

  before(async () => {
    nodes = await startTestNetwork(3)
    await registerUser(nodes[0], 'alice')
    author = nodes[0].parley.session!.keys.userKey
    await nodes[0].parley.feed.setMode('paged')
    await appendPosts(nodes[0], POSTS)
    head = nodes[0].parley.feed.remoteLog.lastPublish!.head
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => node.stop()))
  })

  it('answers a batched GET in BLOCKS messages within the limits, every block once, head first', async () => {
    const answers = await rawGet(nodes[1].parley.libp2p, nodes[0].parley.libp2p, [head], true)
    assert.ok(answers.every((a) => a.status === BlockResponse.Status.BLOCKS))
    assert.ok(answers.length >= 2, `${FOLLOW_BLOCKS} blocks need more than one message of ${MAX_BLOCKS_PER_MESSAGE}`)
    for (const answer of answers) {
      assert.ok(answer.blocks.length >= 1 && answer.blocks.length <= MAX_BLOCKS_PER_MESSAGE)
      assert.ok(answer.blocks.reduce((sum, b) => sum + b.data.byteLength, 0) <= MAX_BATCH_BYTES)
    }
    const blocks = answers.flatMap((a) => a.blocks)
    assert.equal(blocks.length, FOLLOW_BLOCKS)
    assert.equal(new Set(blocks.map((b) => CID.decode(b.cid).toString())).size, FOLLOW_BLOCKS)
    assert.equal(CID.decode(blocks[0].cid).toString(), head.toString())
  })

  it('answers a GET without batch (an older reader) with one BLOCK message per block', async () => {
    const answers = await rawGet(nodes[1].parley.libp2p, nodes[0].parley.libp2p, [head], false)
    assert.equal(answers.length, FOLLOW_BLOCKS)
    assert.ok(answers.every((a) => a.status === BlockResponse.Status.BLOCK && a.block != null && a.blocks.length === 0))
  })

  it('fetchBlocks yields every block of the feed checked against its CID', async () => {
    const blocks = await drain(fetchBlocks(nodes[1].parley.libp2p, nodes[0].parley.libp2p.peerId, [head], true))
    assert.equal(blocks.length, FOLLOW_BLOCKS)
    const page = dagCbor.decode(blocks[0].data) as any
    assert.equal(page.seq, POSTS)
    assert.ok(blocks.some((b) => b.cid.code === raw.code))
  })

  it('reads an older peer that answers one BLOCK message per block', async () => {
    const store = nodes[0].parley.feed.store
    const page = dagCbor.decode(store.getBlock(head)!) as any
    const wanted: CID[] = [head, ...page.refs]
    await serveAnswers(nodes[2].parley.libp2p, () => wanted.map((cid) => ({ status: BlockResponse.Status.BLOCK, block: { cid: cid.bytes, data: store.getBlock(cid)! } })))
    const blocks = await drain(fetchBlocks(nodes[1].parley.libp2p, nodes[2].parley.libp2p.peerId, wanted, false))
    assert.deepEqual(blocks.map((b) => b.cid.toString()), wanted.map((c) => c.toString()))
  })

  it('rejects a message of more blocks than allowed, an answer of too many blocks in all, and an oversized message', async () => {
    const peer = nodes[2].parley
    const fetchFromPeer = async (): Promise<Block[]> => drain(fetchBlocks(nodes[1].parley.libp2p, peer.libp2p.peerId, [head], true))
    await serveAnswers(peer.libp2p, () => [{ status: BlockResponse.Status.BLOCKS, blocks: rawBlocks(MAX_BLOCKS_PER_MESSAGE + 1, 'crowded') }])
    assert.equal(await reason(fetchFromPeer), 'malformed')
    const many = rawBlocks(MAX_BLOCKS_PER_ANSWER + 1, 'endless')
    await serveAnswers(peer.libp2p, function * () {
      for (let i = 0; i < many.length; i += 1000) yield { status: BlockResponse.Status.BLOCKS, blocks: many.slice(i, i + 1000) }
    })
    assert.equal(await reason(fetchFromPeer), 'malformed')
    const huge = new Uint8Array(MAX_BATCH_BYTES * 3)
    await serveAnswers(peer.libp2p, () => [{ status: BlockResponse.Status.BLOCKS, blocks: [{ cid: cidOf(huge, raw.code).bytes, data: huge }] }])
    assert.equal(await reason(fetchFromPeer), 'malformed')
    // a sync that meets such a peer first still completes from the honest holder
    const result = await nodes[1].parley.feed.remoteLog.sync(author, { extraHolders: [peer.libp2p.peerId, nodes[0].parley.libp2p.peerId] })
    assert.deepEqual(result.badPeers, [peer.libp2p.peerId.toString()])
    assert.equal(result.added, POSTS)
  })

  it('refuses a pushed entry whose signature does not verify (only pointer-reached blocks skip that check)', async () => {
    const entry = nodes[0].parley.feed.store.log(author, POSTS - 1)[0]
    const forged = entry.bytes.slice()
    forged[forged.length - 1] ^= 1
    const block = { cid: cidOf(forged, raw.code), data: forged }
    await assert.rejects(pushBlocks(nodes[1].parley.libp2p, nodes[0].parley.libp2p.peerId, [block]), /refused/)
    assert.equal(nodes[0].parley.feed.store.getBlock(block.cid), undefined)
  })

  it('stores a pushed PUT whole or not at all: a bad block refuses the blocks before it too', async () => {
    const secret = ed25519.utils.randomSecretKey()
    const entries: Block[] = []
    let prev: CID | undefined
    for (let i = 1; i <= 3; i++) {
      const e = signEntry({ author: ed25519.getPublicKey(secret), seq: BigInt(i), prev, timestamp: { wall: Date.now(), counter: i }, kind: EntryKind.POST, body: postBody(`pushed ${i}`) }, secret)
      prev = e.cid
      entries.push({ cid: e.cid, data: e.bytes })
    }
    const forged = entries[2].data.slice()
    forged[forged.length - 1] ^= 1
    const holder = nodes[0].parley // nodes[2] serves canned answers since the tests above
    await assert.rejects(pushBlocks(nodes[1].parley.libp2p, holder.libp2p.peerId, [entries[0], entries[1], { cid: cidOf(forged, raw.code), data: forged }]), /refused/)
    assert.deepEqual(entries.map((b) => holder.feed.store.getBlock(b.cid)), [undefined, undefined, undefined], 'nothing of the refused PUT is held')
    await pushBlocks(nodes[1].parley.libp2p, holder.libp2p.peerId, entries)
    assert.deepEqual(entries.map((b) => holder.feed.store.getBlock(b.cid)), entries.map((b) => b.data))
  })
})
