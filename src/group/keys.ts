import { randomBytes, randomUUID } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { equals as equalBytes } from 'uint8arrays/equals'
import { userKeyFromId } from '../identity/index.js'
import { openCrate, sealCrate } from '../crate/index.js'
import type { CrateKeys, CrateSender } from '../crate/index.js'
import { readEntry } from './codec.js'
import type { GroupEntry } from './core/index.js'
import type { GroupRuntime } from './runtime.js'
import type { OwnEntry } from './turns.js'
import type { GroupMember, KeyCrate } from './wire.js'
import type { Logger } from '../kernel/index.js'
import type { Session } from '../identity/index.js'

/**
 * Group message encryption with per-sender keys: each member draws a random 32-byte key
 * per membership epoch (config version), seals it to every member with a DM crate (HPKE to
 * the member's X25519 key, the sender's signature inside) in a key entry of the group log,
 * and encrypts its texts with it (XChaCha20-Poly1305). Hosts, relays and non-members see
 * only ciphertext; a member added later gets keys from the epoch it joined on.
 */

export const SENDER_KEY_BYTES = 32
/** key crates live in the group log, not in mailboxes: they never expire */
const NEVER = Number.MAX_SAFE_INTEGER

function aad (groupId: string, entryId: string): Uint8Array {
  return fromString(`parley-group/v1/text\0${groupId}\0${entryId}`)
}

export function newSenderKey (): Uint8Array {
  return new Uint8Array(randomBytes(SENDER_KEY_BYTES))
}

export function encryptText (key: Uint8Array, groupId: string, entryId: string, text: string): { nonce: Uint8Array, ciphertext: Uint8Array } {
  const nonce = new Uint8Array(randomBytes(24))
  return { nonce, ciphertext: xchacha20poly1305(key, nonce, aad(groupId, entryId)).encrypt(fromString(text)) }
}

/** The text, or null when the key does not open it (altered, or another key). */
export function decryptText (key: Uint8Array, groupId: string, entryId: string, nonce: Uint8Array, ciphertext: Uint8Array): string | null {
  try {
    return toString(xchacha20poly1305(key, nonce, aad(groupId, entryId)).decrypt(ciphertext))
  } catch {
    return null
  }
}

/** Seals `key` to every member that published an encryption key. */
export async function sealSenderKey (key: Uint8Array, members: GroupMember[], sender: CrateSender): Promise<KeyCrate[]> {
  const sealed = members.filter((m) => m.encryptionKey.byteLength === 32)
  return Promise.all(sealed.map(async (m) => ({
    userId: m.userId,
    crate: await sealCrate(key, { userKey: userKeyFromId(m.userId), encryptionKey: m.encryptionKey }, sender, { expiresAt: NEVER })
  })))
}

/** Our copy of a sender's key from its key entry; null when none is for us or it does not verify. */
export async function openSenderKey (crates: KeyCrate[], self: string, sender: string, keys: CrateKeys): Promise<Uint8Array | null> {
  const mine = crates.find((c) => c.userId === self)
  if (mine == null) return null
  try {
    const opened = await openCrate(mine.crate, keys)
    if (!equalBytes(opened.sender.userKey, userKeyFromId(sender)) || opened.payload.byteLength !== SENDER_KEY_BYTES) return null
    return opened.payload
  } catch {
    return null
  }
}

/** How a sender's key for a membership epoch is filed in `GroupRuntime.senderKeys`. */
export function senderKeyId (sender: string, epoch: bigint): string {
  return `${sender}\0${epoch}`
}

/**
 * This member's key for the membership `epoch`: made, sealed to every member and put in
 * the log (a key entry, ahead of the messages it opens, through `queue`) on the first send of the epoch.
 */
export async function ownSenderKey (g: GroupRuntime, epoch: bigint, io: { crateSender: () => CrateSender, queue: (entry: OwnEntry) => Promise<void>, now: () => number }): Promise<Uint8Array> {
  await g.keysReady
  const known = g.senderKeys.get(senderKeyId(g.self, epoch))
  if (known != null) return known
  let making = g.makingKey.get(epoch)
  if (making == null) {
    making = (async () => {
      const key = newSenderKey()
      const keyCrates = await sealSenderKey(key, g.definition.config.members, io.crateSender())
      if (g.state == null || g.senderKeys.has(senderKeyId(g.self, epoch))) return g.senderKeys.get(senderKeyId(g.self, epoch)) ?? key
      g.senderKeys.set(senderKeyId(g.self, epoch), key)
      const id = randomUUID()
      await io.queue({ id, content: { groupId: g.id, id, seq: 0n, text: '', timestamp: BigInt(io.now()), nonce: new Uint8Array(0), ciphertext: new Uint8Array(0), keyEpoch: epoch, keyCrates } })
      return key
    })()
    g.makingKey.set(epoch, making)
    void making.finally(() => { g.makingKey.delete(epoch) }).catch(() => {})
  }
  return making
}

/** Learns the sender keys sealed to us in entries that entered our log (or outbox), in order. */
export function learnSenderKeys (io: { accounts: { readonly session: Session | undefined }, logger: Logger }, g: GroupRuntime, entries: GroupEntry[]): void {
  const withKeys = entries.flatMap((e) => {
    const content = e.config == null ? readEntry(e) : null
    return content != null && content.keyCrates.length > 0 ? [{ sender: e.sender, content }] : []
  })
  if (withKeys.length === 0) return
  const session = io.accounts.session
  if (session == null) return
  const keys = { userKey: session.keys.userKey, encryptionKey: session.keys.encryptionKey, encryptionSecret: session.keys.encryptionSecret }
  g.keysReady = g.keysReady.then(async () => {
    for (const { sender, content } of withKeys) {
      const key = await openSenderKey(content.keyCrates, g.self, sender, keys)
      if (key != null && !g.senderKeys.has(senderKeyId(sender, content.keyEpoch))) g.senderKeys.set(senderKeyId(sender, content.keyEpoch), key)
    }
  }).catch((err) => { io.logger.error('key entry failed', err) })
}
