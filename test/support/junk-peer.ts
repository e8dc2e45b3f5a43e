/**
 * Hostile peers for mailbox tests: real Parley nodes over TCP that hold nothing and route
 * nothing (their DHT and mailbox protocols are off, so no honest node counts them as a
 * holder) and deposit junk crates straight at the holders they dial.
 */
import { randomBytes } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { startTestNode } from './nodes.js'
import type { BareTestNode } from './nodes.js'
import { Crate } from '../../src/crate/index.js'
import { MAILBOX_PROTOCOL } from '../../src/mailbox/index.js'
import { DHT_PROTOCOL } from '../../src/net/index.js'

/** Starts a hostile node connected to `targets` (nodes, or multiaddrs with /p2p/), invisible to their DHT. */
export async function startJunkPeer (targets: Array<BareTestNode | string>): Promise<BareTestNode> {
  const node = await startTestNode({ api: false, prefix: 'parley-junk-' })
  await node.parley.libp2p.unhandle(DHT_PROTOCOL)
  await node.parley.libp2p.unhandle(MAILBOX_PROTOCOL)
  await Promise.all(targets.map(async (target) => node.parley.libp2p.dial(typeof target === 'string' ? multiaddr(target) : target.parley.libp2p.getMultiaddrs())))
  return node
}

/**
 * A crate that passes the holders' shape check (32-byte mailbox and enc, 16-byte id, an
 * expiry in a day) and carries `size` random bytes of ciphertext: nobody can open it.
 */
export function junkCrate (mailbox: Uint8Array, size: number): Uint8Array {
  return Crate.encode({
    mailbox,
    id: new Uint8Array(randomBytes(16)),
    expiresAt: BigInt(Date.now() + 24 * 3600_000),
    enc: new Uint8Array(randomBytes(32)),
    ciphertext: new Uint8Array(randomBytes(size))
  })
}

/** A random 32-byte mailbox key: nobody's. */
export function randomMailbox (): Uint8Array {
  return new Uint8Array(randomBytes(32))
}
