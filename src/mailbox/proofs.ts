import { fromString } from 'uint8arrays/from-string'

/** The bytes a mailbox owner signs: bound to one holder and one stream's nonce. */

const FETCH_PREFIX = fromString('parley-mailbox-fetch/v1\0')
const ACK_PREFIX = fromString('parley-mailbox-ack/v1\0')

function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

export function fetchProofBytes (holderPeerId: string, nonce: Uint8Array): Uint8Array {
  return concat([FETCH_PREFIX, fromString(holderPeerId), Uint8Array.of(0), nonce])
}

export function ackProofBytes (nonce: Uint8Array, ids: Uint8Array[]): Uint8Array {
  return concat([ACK_PREFIX, nonce, ...ids])
}
