import * as dagCbor from '@ipld/dag-cbor'
import { pbStream } from '@libp2p/utils'
import { CID } from 'multiformats/cid'
import { BLOCK_PROTOCOL, BLOCK_STREAM_LIMITS, MAX_BATCH_BYTES, MAX_BLOCK_BYTES, MAX_BLOCKS_PER_ANSWER, MAX_BLOCKS_PER_MESSAGE, MAX_BLOCKS_PER_PUT, REMOTE_CALL_TIMEOUT_MS } from './constants.js'
import { verifyEntry } from './entry.js'
import { InvalidBlockError } from './errors.js'
import { checkBlock, verifyPushedDagBlock } from './pages.js'
import { cidKey } from './hash.js'
import { BlockRequest, BlockResponse } from './wire.js'
import type { Block } from './pages.js'
import type { FeedStore } from './store.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import { handleFramed, streamLimits } from '../net/index.js'
import type { Dialer, FramedStream, InboundStreamComponents, StreamLimits, StreamLimitsInit } from '../net/index.js'
import { RunState, timeoutSignal } from '../kernel/index.js'

const MAX_MESSAGE_BYTES = MAX_BLOCK_BYTES + 1024

/**
 * Checks a block pushed to us before we hold it for others: it hashes to its CID and is a
 * valid page (of the author it names) or a valid entry. Returns the author.
 */
export function verifyPushedBlock (cid: CID, data: Uint8Array): Uint8Array {
  if (cid.code === dagCbor.code) return verifyPushedDagBlock(cid, data)
  checkBlock(cid, data)
  try {
    // checkBlock hashed the bytes to the CID: the entry's CID, not computed again
    return verifyEntry(data, { cid }).entry.author
  } catch (err) {
    throw new InvalidBlockError('bad-entry', 'raw block is not a valid entry', { cause: err })
  }
}

/**
 * /parley/blocks/1.0.0: serves the remote-log blocks this node holds (its own pages and
 * entries, pages it fetched or was pushed, entries it cached) and takes pushed blocks.
 */
export class BlockProtocol {
  readonly #components: InboundStreamComponents
  readonly #store: FeedStore
  readonly #now: () => number
  readonly #limits: StreamLimits
  readonly #run = new RunState()

  /** `streams`: stream limit overrides (default: BLOCK_STREAM_LIMITS) */
  constructor (components: InboundStreamComponents, store: FeedStore, now: () => number = Date.now, streams?: StreamLimitsInit) {
    this.#components = components
    this.#store = store
    this.#now = now
    this.#limits = streamLimits(BLOCK_PROTOCOL, BLOCK_STREAM_LIMITS, streams)
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, BLOCK_PROTOCOL, this.#limits, async (framed) => { await this.#serve(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(BLOCK_PROTOCOL)
  }

  /** One GET or PUT and its answer; the stream limits bound how long it may take. */
  async #serve (framed: FramedStream): Promise<void> {
    const bytes = await framed.read()
    if (bytes == null) return
    const request = BlockRequest.decode(bytes, { limits: { cids: MAX_BLOCKS_PER_ANSWER, blocks: MAX_BLOCKS_PER_PUT } })
    const answer = async (message: BlockResponse): Promise<void> => { await framed.write(BlockResponse.encode(message)) }
    if (request.type === BlockRequest.Type.PUT) {
      // every block checked, then all stored in one transaction (a commit per block was most
      // of what a page holder spent per post); a PUT with a bad block stores none of it
      const blocks: Array<{ cid: CID, data: Uint8Array, author: Uint8Array }> = []
      try {
        for (const block of request.blocks.slice(0, MAX_BLOCKS_PER_PUT)) {
          const cid = CID.decode(block.cid)
          blocks.push({ cid, data: block.data, author: verifyPushedBlock(cid, block.data) })
        }
      } catch (err: any) {
        await answer({ status: BlockResponse.Status.BAD_REQUEST, message: String(err.message), blocks: [] })
        await framed.close()
        return
      }
      this.#store.putBlocksOf(blocks, this.#now())
    } else {
      await this.#sendBlocks(framed, request)
    }
    await answer({ status: BlockResponse.Status.DONE, message: '', blocks: [] })
    await framed.close()
  }

  async #sendBlocks (framed: FramedStream, request: BlockRequest): Promise<void> {
    const max = Math.min(request.maxBlocks === 0 ? MAX_BLOCKS_PER_ANSWER : request.maxBlocks, MAX_BLOCKS_PER_ANSWER)
    const queue: CID[] = []
    for (const bytes of request.cids) {
      try { queue.push(CID.decode(bytes)) } catch {}
    }
    const sent = new Set<string>()
    // batched: BLOCKS messages of up to MAX_BATCH_BYTES; else one BLOCK message per block,
    // written 256 at a time
    let batch: Block[] = []
    let batchBytes = 0
    const singles: BlockResponse[] = []
    const flush = async (): Promise<void> => {
      if (batch.length > 0) await framed.write(BlockResponse.encode({ status: BlockResponse.Status.BLOCKS, blocks: batch.map((b) => ({ cid: b.cid.bytes, data: b.data })), message: '' }))
      batch = []
      batchBytes = 0
      if (singles.length > 0) await framed.writeV(singles.splice(0).map((message) => BlockResponse.encode(message)))
    }
    // an index, not shift(): a follow answer walks a queue of up to 16,384 CIDs
    for (let next = 0; next < queue.length && sent.size < max; next++) {
      const cid = queue[next]
      const key = cidKey(cid)
      if (sent.has(key)) continue
      const data = this.#store.getBlock(cid)
      if (data == null) continue
      sent.add(key)
      if (request.batch) {
        if (batch.length > 0 && (batchBytes + data.byteLength > MAX_BATCH_BYTES || batch.length >= MAX_BLOCKS_PER_MESSAGE)) await flush()
        batch.push({ cid, data })
        batchBytes += data.byteLength
      } else {
        singles.push({ status: BlockResponse.Status.BLOCK, block: { cid: cid.bytes, data }, message: '', blocks: [] })
        if (singles.length >= 256) await flush()
      }
      if (request.follow && cid.code === dagCbor.code) {
        const page = dagCbor.decode(data) as any
        // a heads block: the head page of each device chain
        const heads = Array.isArray(page?.heads) ? page.heads.map((h: any) => CID.asCID(h?.page)).filter((c: CID | null) => c != null) : []
        queue.push(...(page.refs ?? []), ...(page.next == null ? [] : [page.next]), ...heads)
      }
    }
    await flush()
  }
}

/**
 * Asks `peer` for blocks (answered in batches); with `follow`, also for what the pages
 * link to. Yields each block after checking that it hashes to its CID; throws
 * InvalidBlockError on the first that does not (the caller then stops trusting that
 * peer), and on an answer of more blocks than MAX_BLOCKS_PER_ANSWER.
 */
export async function * fetchBlocks (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId, cids: CID[], follow: boolean, options?: AbortOptions): AsyncGenerator<Block> {
  const signal = timeoutSignal(REMOTE_CALL_TIMEOUT_MS, options)
  const stream = await dialer.dialProtocol(peer, BLOCK_PROTOCOL, { signal, runOnLimitedConnection: true })
  try {
    const pb = pbStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
    await pb.write({ type: BlockRequest.Type.GET, cids: cids.map((c) => c.bytes), follow, maxBlocks: MAX_BLOCKS_PER_ANSWER, blocks: [], batch: true }, BlockRequest, { signal })
    let received = 0
    for (;;) {
      const answer = await readAnswer(pb, signal)
      if (answer.status === BlockResponse.Status.DONE) break
      // a peer that does not know `batch` answers one BLOCK message per block
      const blocks = answer.status === BlockResponse.Status.BLOCKS ? answer.blocks : answer.status === BlockResponse.Status.BLOCK && answer.block != null ? [answer.block] : undefined
      if (blocks == null) throw new InvalidBlockError('malformed', `peer answered ${answer.status}: ${answer.message}`)
      received += blocks.length
      if (received > MAX_BLOCKS_PER_ANSWER) throw new InvalidBlockError('malformed', `peer sent more than ${MAX_BLOCKS_PER_ANSWER} blocks`)
      for (const block of blocks) {
        let cid: CID
        try {
          cid = CID.decode(block.cid)
        } catch (err) {
          throw new InvalidBlockError('malformed', 'peer sent a block with a bad CID', { cause: err })
        }
        checkBlock(cid, block.data)
        yield { cid, data: block.data }
      }
    }
    await stream.close({ signal }).catch(() => {})
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/** Errors of an answer that breaks the protocol's limits or format (not of the connection). */
const MALFORMED_ANSWER = new Set(['MaxLengthError', 'InvalidDataLengthError', 'InvalidDataLengthLengthError', 'ParseError', 'RangeError'])

async function readAnswer (pb: ReturnType<typeof pbStream>, signal: AbortSignal): Promise<BlockResponse> {
  try {
    return await pb.read(BlockResponse, { signal, limits: { blocks: MAX_BLOCKS_PER_MESSAGE } } as any)
  } catch (err: any) {
    if (MALFORMED_ANSWER.has(err?.name)) throw new InvalidBlockError('malformed', `peer sent an answer beyond the limits: ${err.message}`, { cause: err })
    throw err
  }
}

/** Pushes blocks to `peer` for it to hold; resolves when it accepted them. */
export async function pushBlocks (dialer: Pick<Dialer, 'dialProtocol'>, peer: PeerId, blocks: Block[], options?: AbortOptions): Promise<void> {
  const signal = timeoutSignal(REMOTE_CALL_TIMEOUT_MS, options)
  const stream = await dialer.dialProtocol(peer, BLOCK_PROTOCOL, { signal, runOnLimitedConnection: true })
  try {
    const pb = pbStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
    for (let i = 0; i < blocks.length; i += MAX_BLOCKS_PER_PUT) {
      const chunk = blocks.slice(i, i + MAX_BLOCKS_PER_PUT)
      await pb.write({ type: BlockRequest.Type.PUT, cids: [], follow: false, maxBlocks: 0, blocks: chunk.map((b) => ({ cid: b.cid.bytes, data: b.data })), batch: false }, BlockRequest, { signal })
      const answer = await pb.read(BlockResponse, { signal })
      if (answer.status !== BlockResponse.Status.DONE) throw new InvalidBlockError('malformed', `peer refused blocks: ${answer.message}`)
      break // one PUT per stream
    }
    await stream.close({ signal }).catch(() => {})
    if (blocks.length > MAX_BLOCKS_PER_PUT) await pushBlocks(dialer, peer, blocks.slice(MAX_BLOCKS_PER_PUT), options)
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}
