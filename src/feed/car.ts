import { CarWriter } from '@ipld/car/writer'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'

/**
 * Writes an author's remote log as a CARv1 file: the pointer's block (a heads block, or
 * the head page of a log from before devices) as root, then every page
 * and every entry block (raw) reachable from it, each got from `getBlock` (which checks
 * it against its CID). Any IPFS node can import the file.
 */
export async function exportFeedCar (headPage: CID, getBlock: (cid: CID) => Promise<Uint8Array>): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([headPage])
  const chunks: Uint8Array[] = []
  const collect = (async () => { for await (const chunk of out) chunks.push(chunk) })()
  const seen = new Set<string>()
  const queue: CID[] = [headPage]
  while (queue.length > 0) {
    const cid = queue.shift()!
    if (seen.has(cid.toString())) continue
    seen.add(cid.toString())
    const bytes = await getBlock(cid)
    await writer.put({ cid: cid as any, bytes })
    if (cid.code === dagCbor.code) {
      const page = dagCbor.decode(bytes) as any
      for (const ref of page.refs ?? []) queue.push(CID.asCID(ref)!)
      // a heads block: the head page of each device chain
      for (const head of Array.isArray(page.heads) ? page.heads : []) queue.push(CID.asCID(head.page)!)
      if (page.next != null) queue.push(CID.asCID(page.next)!)
    }
  }
  await writer.close()
  await collect
  const total = chunks.reduce((n, c) => n + c.byteLength, 0)
  const car = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) { car.set(chunk, offset); offset += chunk.byteLength }
  return car
}
