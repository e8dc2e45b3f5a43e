/**
 * Admitted crates for tests and benchmarks that deposit crates by hand (the DM service
 * admits its own): a fresh depositor key with a stamp for the mailbox, or the owner's grant.
 */
import { randomBytes } from 'node:crypto'
import { admitCrate, decodeCrate, depositorKey, mintStamp, signGrant } from '../../src/crate/index.js'
import type { AdmissionTicket } from '../../src/crate/index.js'
import { ed25519Signer } from '../../src/identity/index.js'

/** Stamp difficulty of test nodes (startTestNode): a few hundred hashes, not 4 million. */
export const TEST_STAMP_BITS = 8

/** A stamped ticket for a new depositor key at `mailbox`. */
export async function stampedTicket (mailbox: Uint8Array, bits = TEST_STAMP_BITS): Promise<AdmissionTicket> {
  const depositor = depositorKey(new Uint8Array(randomBytes(32)))
  return { depositor, stamp: await mintStamp(mailbox, depositor.publicKey, bits) }
}

/** A ticket for a new depositor key granted by the mailbox's owner. */
export function grantedTicket (owner: { userKey: Uint8Array, signingSecret: Uint8Array }, expiresAt = Date.now() + 3600_000): AdmissionTicket {
  const depositor = depositorKey(new Uint8Array(randomBytes(32)))
  const grant = signGrant({ userKey: owner.userKey, sign: ed25519Signer(owner.signingSecret, owner.userKey) }, depositor.publicKey, expiresAt)
  return { depositor, grant }
}

/** `crates` admitted with `ticket` (one depositor for all, as one sender's crates are), or each with a new stamped depositor. */
export async function admitted (crates: Uint8Array[], ticket?: AdmissionTicket): Promise<Uint8Array[]> {
  return Promise.all(crates.map(async (crate) => admitCrate(crate, ticket ?? await stampedTicket(decodeCrate(crate).mailbox))))
}
