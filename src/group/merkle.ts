import { hash } from 'node:crypto'

/**
 * Merkle trees as in RFC 9162 (Certificate Transparency 2.0), section 2.1: leaf hash
 * SHA-256(0x00 || data), node hash SHA-256(0x01 || left || right), a tree of n leaves split
 * at the largest power of two below n. Lets a sender sign a batch of entries once: each
 * entry carries its inclusion path and every member checks the one signature per batch.
 */

const LEAF = new Uint8Array([0])

export function leafHash (data: Uint8Array): Uint8Array {
  return hash('sha256', Buffer.concat([LEAF, data]), 'buffer')
}

/** 0x01 || left || right, filled in place (hashing is synchronous) */
const pair = Buffer.alloc(65, 1)

function nodeHash (left: Uint8Array, right: Uint8Array): Uint8Array {
  pair.set(left, 1)
  pair.set(right, 33)
  return hash('sha256', pair, 'buffer')
}

/** the largest power of two below n (n ≥ 2) */
function split (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** The root of the leaves and each leaf's inclusion path (siblings from the leaf up). */
export function merkleTree (leaves: readonly Uint8Array[]): { root: Uint8Array, paths: Uint8Array[][] } {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs a leaf')
  const paths: Uint8Array[][] = leaves.map(() => [])
  const build = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leaves[lo]
    const mid = lo + split(hi - lo)
    const left = build(lo, mid)
    const right = build(mid, hi)
    for (let i = lo; i < mid; i++) paths[i].push(right)
    for (let i = mid; i < hi; i++) paths[i].push(left)
    return nodeHash(left, right)
  }
  return { root: build(0, leaves.length), paths }
}

/**
 * The root that `path` leads to from leaf `index` of a tree of `count` leaves (RFC 9162,
 * 2.1.3.2); null when the path does not fit that place in the tree.
 */
export function rootFromPath (leaf: Uint8Array, index: number, count: number, path: readonly Uint8Array[]): Uint8Array | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 0 || index >= count) return null
  let fn = index
  let sn = count - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0 || p.byteLength !== 32) return null
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r)
      if ((fn & 1) === 0) while ((fn & 1) === 0 && fn !== 0) { fn >>>= 1; sn >>>= 1 }
    } else {
      r = nodeHash(r, p)
    }
    fn >>>= 1
    sn >>>= 1
  }
  return sn === 0 ? r : null
}
