import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { SHA256_CODE, cidOf, sha256Bytes } from './hash.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { MAX_BLOCK_BYTES, MAX_CHAINS, PAGE_LAYOUT } from './constants.js'
import { MAX_DEVICE_ID_LENGTH } from '../identity/index.js'
import { checkLink, verifyEntry } from './entry.js'
import { InvalidBlockError } from './errors.js'
import type { FeedMode } from './constants.js'
import type { VerifiedEntry } from './entry.js'

/**
 * Remote-log pages: DAG-CBOR blocks addressed by CIDv1 (sha256). Page i covers the
 * entries with seq in [i·P + 1, (i+1)·P] (P by mode), newest first: its newest `inline`
 * entries as bytes, the older ones as CIDs of raw entry blocks, and `next` links to page
 * i - 1. Full pages never change; each new entry changes only the head page.
 */
export interface Page {
  /** the author's Ed25519 key */
  author: Uint8Array
  /** the device chain the page belongs to; absent for the account's first chain (its pages are as before devices) */
  device?: string
  /** seq of the newest entry on this page */
  seq: number
  /** SignedEntry bytes, newest first */
  entries: Uint8Array[]
  /** CIDs of older entries of this page (raw blocks), newest first */
  refs: CID[]
  /** the previous page, or null on the first */
  next: CID | null
}

/** The seq of the oldest entry a page covers (inline or by CID): where its slot starts. */
export function pageFirstSeq (page: Pick<Page, 'seq' | 'entries' | 'refs'>): bigint {
  return BigInt(page.seq - page.entries.length - page.refs.length + 1)
}

export interface Block {
  cid: CID
  data: Uint8Array
}

export function blockCid (data: Uint8Array, codec: number): CID {
  return cidOf(data, codec)
}

/** Encodes a page as a DAG-CBOR block. */
export function encodePage (page: Page): Block {
  const data = dagCbor.encode(page)
  return { cid: blockCid(data, dagCbor.code), data }
}

/** What a page needs of an entry. */
export interface PageItem {
  seq: bigint
  cid: CID
  bytes: Uint8Array
}

/**
 * Builds the pages of a log in the given mode: every page, from entries oldest first from
 * seq 1; or, with `from`, the pages from page index `from.page` on, from the entries after
 * that page's start and the CID of the page before it (full pages never change, so a new
 * entry needs only the head page rebuilt). Returns the pages oldest first; the last one
 * is the head.
 */
export function buildPages (author: Uint8Array, entries: PageItem[], mode: FeedMode, from: { page: number, next: CID | null } = { page: 0, next: null }, device = ''): Block[] {
  const { perPage, inline } = PAGE_LAYOUT[mode]
  if (entries.length > 0 && entries[0].seq !== BigInt(from.page * perPage + 1)) throw new RangeError(`page ${from.page} starts at seq ${from.page * perPage + 1}, not ${entries[0].seq}`)
  const pages: Block[] = []
  let next = from.next
  for (let start = 0; start < entries.length; start += perPage) {
    const chunk = entries.slice(start, start + perPage).reverse()
    const page = encodePage({
      author,
      ...(device === '' ? {} : { device }),
      seq: Number(chunk[0].seq),
      entries: chunk.slice(0, inline).map((e) => e.bytes),
      refs: chunk.slice(inline).map((e) => e.cid),
      next
    })
    pages.push(page)
    next = page.cid
  }
  return pages
}

/** A block's bytes must hash to its CID (sha256, CIDv1), whoever sent it. */
export function checkBlock (cid: CID, data: Uint8Array): void {
  if (data.byteLength > MAX_BLOCK_BYTES) throw new InvalidBlockError('oversized', `block of ${data.byteLength} bytes exceeds ${MAX_BLOCK_BYTES}`)
  if (cid.version !== 1 || cid.multihash.code !== SHA256_CODE || (cid.code !== dagCbor.code && cid.code !== raw.code)) {
    throw new InvalidBlockError('malformed', 'blocks are CIDv1 sha256, DAG-CBOR or raw')
  }
  if (!equalBytes(sha256Bytes(data), cid.multihash.digest)) throw new InvalidBlockError('hash-mismatch', 'block does not hash to its CID')
}

export interface VerifiedPage {
  page: Page
  /** the inline entries, verified and linked to each other, newest first */
  inline: VerifiedEntry[]
}

/**
 * Checks a page of `author`'s log fetched by `cid`: hash, size, DAG-CBOR shape, author,
 * inline entries (signatures, author, descending seq from page.seq, prev links between
 * them), and that refs and next are CIDs. Throws InvalidBlockError with the reason.
 * `authenticated`: the page was reached by hash links from a verified head pointer, which
 * stands for the inline entries' signatures (see verifyEntry).
 */
export function verifyPage (cid: CID, data: Uint8Array, author: Uint8Array, options: { authenticated?: boolean } = {}): VerifiedPage {
  checkBlock(cid, data)
  if (cid.code !== dagCbor.code) throw new InvalidBlockError('malformed', 'a page is DAG-CBOR')
  let page: any
  try {
    page = dagCbor.decode(data)
  } catch (err) {
    throw new InvalidBlockError('malformed', 'page is not DAG-CBOR', { cause: err })
  }
  return checkPage(page, author, options)
}

/** The checks of `verifyPage` after the hash and the decoding. */
function checkPage (page: any, author: Uint8Array, options: { authenticated?: boolean }): VerifiedPage {
  if (page == null || typeof page !== 'object' || !(page.author instanceof Uint8Array) || !Number.isSafeInteger(page.seq) || page.seq < 1 ||
    !Array.isArray(page.entries) || !Array.isArray(page.refs) || !page.entries.every((e: unknown) => e instanceof Uint8Array) ||
    !page.refs.every((r: unknown) => CID.asCID(r) != null) || (page.next !== null && CID.asCID(page.next) == null) ||
    page.entries.length + page.refs.length === 0 || page.entries.length + page.refs.length > page.seq) {
    throw new InvalidBlockError('malformed', 'page does not have the page shape')
  }
  if (!equalBytes(page.author, author)) throw new InvalidBlockError('wrong-author', 'page belongs to another author')
  if (page.device !== undefined && (typeof page.device !== 'string' || page.device === '' || page.device.length > MAX_DEVICE_ID_LENGTH)) {
    throw new InvalidBlockError('malformed', 'page device is malformed')
  }
  const device: string = page.device ?? ''
  const inline: VerifiedEntry[] = []
  for (const bytes of page.entries as Uint8Array[]) {
    let entry: VerifiedEntry
    try {
      entry = verifyEntry(bytes, { author, authenticated: options.authenticated })
    } catch (err) {
      throw new InvalidBlockError('bad-entry', 'page holds an invalid entry', { cause: err })
    }
    if (entry.entry.device !== device) throw new InvalidBlockError('not-contiguous', 'page entry belongs to another device chain')
    const expected = BigInt(page.seq - inline.length)
    if (entry.entry.seq !== expected) throw new InvalidBlockError('not-contiguous', `page entry has seq ${entry.entry.seq}, expected ${expected}`)
    const newer = inline.at(-1)
    if (newer != null) {
      try {
        checkLink({ seq: entry.entry.seq, cid: entry.cid }, newer)
      } catch (err) {
        throw new InvalidBlockError('not-contiguous', 'page entries do not link', { cause: err })
      }
    }
    inline.push(entry)
  }
  return { page: page as Page, inline }
}

/**
 * The block a multi-device remote log's pointer names: the head page of each device chain
 * of the author, with the chain's newest seq. The pointer's sequence number is the sum of
 * those seqs. A pointer naming a page instead is a log from before devices: one chain, ''.
 */
export interface Heads {
  author: Uint8Array
  heads: ChainHeadRef[]
}

export interface ChainHeadRef {
  device: string
  seq: number
  page: CID
}

export function encodeHeads (heads: Heads): Block {
  const data = dagCbor.encode(heads)
  return { cid: blockCid(data, dagCbor.code), data }
}

/** Checks a heads block of `author` fetched or pushed by `cid`: hash, size, shape, at most MAX_CHAINS chains, each once. */
export function verifyHeads (cid: CID, data: Uint8Array, author: Uint8Array): ChainHeadRef[] {
  checkBlock(cid, data)
  return checkHeads(decodeBlock(data), author)
}

/** The checks of `verifyHeads` after the hash and the decoding. */
function checkHeads (block: any, author: Uint8Array): ChainHeadRef[] {
  if (block == null || typeof block !== 'object' || !Array.isArray(block.heads)) throw new InvalidBlockError('malformed', 'not a heads block')
  if (!(block.author instanceof Uint8Array) || !equalBytes(block.author, author)) throw new InvalidBlockError('wrong-author', 'heads block belongs to another author')
  if (block.heads.length === 0 || block.heads.length > MAX_CHAINS) throw new InvalidBlockError('malformed', `a heads block names 1-${MAX_CHAINS} chains`)
  const seen = new Set<string>()
  for (const h of block.heads) {
    if (h == null || typeof h.device !== 'string' || h.device.length > MAX_DEVICE_ID_LENGTH || seen.has(h.device) ||
      !Number.isSafeInteger(h.seq) || h.seq < 1 || CID.asCID(h.page) == null) throw new InvalidBlockError('malformed', 'heads block does not have the heads shape')
    seen.add(h.device)
  }
  return block.heads.map((h: any) => ({ device: h.device, seq: h.seq, page: CID.asCID(h.page)! }))
}

/** Whether a DAG-CBOR block is a heads block (else it should be a page). */
export function isHeadsBlock (data: Uint8Array): boolean {
  return isHeads(decodeBlock(data))
}

function isHeads (block: any): boolean {
  return block != null && typeof block === 'object' && Array.isArray(block.heads)
}

/**
 * Checks a DAG-CBOR block pushed to this node, a page or a heads block of the author it
 * names (verifyPage, verifyHeads), hashing and decoding it once: a page holder checks
 * every push of the head page, and hashing it twice and decoding it three times was most
 * of the ~110 µs a post that a follower holding the pages spent on pushes (path-profile,
 * post). Returns the author.
 */
export function verifyPushedDagBlock (cid: CID, data: Uint8Array): Uint8Array {
  checkBlock(cid, data)
  if (cid.code !== dagCbor.code) throw new InvalidBlockError('malformed', 'not a DAG-CBOR block')
  const block = decodeBlock(data)
  const author: unknown = block?.author
  if (!(author instanceof Uint8Array)) throw new InvalidBlockError('malformed', 'page names no author')
  if (isHeads(block)) checkHeads(block, author)
  else checkPage(block, author, {})
  return author
}

function decodeBlock (data: Uint8Array): any {
  try {
    return dagCbor.decode(data)
  } catch (err) {
    throw new InvalidBlockError('malformed', 'block is not DAG-CBOR', { cause: err })
  }
}

/**
 * The chains a pointer's block names, checked: a heads block of `author` whose seqs add up
 * to the pointer's, or a page (a log from before devices: one chain, '', at the pointer's seq).
 */
export function chainsOf (cid: CID, data: Uint8Array, author: Uint8Array, pointerSeq: bigint): ChainHeadRef[] {
  checkBlock(cid, data)
  if (!isHeadsBlock(data)) return [{ device: '', seq: Number(pointerSeq), page: cid }]
  const chains = verifyHeads(cid, data, author)
  const sum = chains.reduce((n, c) => n + BigInt(c.seq), 0n)
  if (sum !== pointerSeq) throw new InvalidBlockError('not-contiguous', `heads add up to ${sum}, the pointer says ${pointerSeq}`)
  return chains
}
