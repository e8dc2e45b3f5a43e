import { fromString } from 'uint8arrays/from-string'
import { concat } from 'uint8arrays/concat'

/** The bytes a mailbox owner signs: bound to one holder and one stream's nonce. */

const FETCH_PREFIX = fromString('parley-mailbox-fetch/v1\0')
const ACK_PREFIX = fromString('parley-mailbox-ack/v1\0')

export function fetchProofBytes (holderPeerId: string, nonce: Uint8Array): Uint8Array {
  return concat([FETCH_PREFIX, fromString(holderPeerId), Uint8Array.of(0), nonce])
}

export function ackProofBytes (nonce: Uint8Array, ids: Uint8Array[]): Uint8Array {
  return concat([ACK_PREFIX, nonce, ...ids])
}
