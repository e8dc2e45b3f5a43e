import { pbStream } from '@libp2p/utils'
import { CID } from 'multiformats/cid'
import { BLOCK_PROTOCOL } from '../../src/feed/constants.js'
import { BlockRequest, BlockResponse } from '../../src/feed/wire.js'
import type { Libp2p } from '@libp2p/interface'

/**
 * Turns a node's block protocol into a liar: every requested CID is answered with bytes
 * that do not hash to it. Returns how many garbage blocks it sent so far.
 */
export async function serveGarbageBlocks (node: Libp2p): Promise<() => number> {
  let sent = 0
  await node.unhandle(BLOCK_PROTOCOL)
  await node.handle(BLOCK_PROTOCOL, async (stream) => {
    const pb = pbStream(stream)
    const request = await pb.read(BlockRequest)
    for (const bytes of request.cids) {
      const cid = CID.decode(bytes)
      await pb.write({ status: BlockResponse.Status.BLOCK, block: { cid: cid.bytes, data: new TextEncoder().encode(`not ${cid.toString()}`) }, message: '' }, BlockResponse)
      sent++
    }
    await pb.write({ status: BlockResponse.Status.DONE, message: '' }, BlockResponse)
    await stream.close()
  })
  return () => sent
}
