import { MAX_RECEIPT_IDS, MAX_RECIPIENTS, MAX_TEXT_LENGTH } from './constants.js'
import { DmPayload } from './wire.js'
import type { SentCopy } from './wire.js'
import type { DeliveryPath, MessageStatus, MessageStore, MessageView, SentState } from './message-store.js'

/**
 * What the devices of one account tell each other (docs/protocols/dm.md, "Devices"): a
 * copy of every message one of them sent, with each recipient's state as it saw it, and
 * the incoming messages one of them read. Both travel as DmPayloads in crates the
 * account seals to itself, so only a crate whose verified sender is the account's own key
 * is applied (`applyOwnPayload`); everything else about them is checked here.
 */

/** Sent copies one crate may carry (one per message sent; a burst sends several crates). */
export const MAX_SENT_COPIES = 16

const STATUSES = new Set<MessageStatus>(['sending', 'stored', 'delivered', 'read', 'failed'])
const PATHS = new Set<DeliveryPath>(['direct', 'relayed', 'mailbox'])
const MESSAGE_ID = /^[0-9a-f]{32}$/

/** The payload copying `view` (an outgoing message) to the account's other devices. */
export function sentCopyPayload (view: MessageView, keys: Map<string, Uint8Array>): Uint8Array {
  const recipients = Object.entries(view.recipients ?? {}).map(([username, r]) => ({
    username,
    userKey: keys.get(username) ?? new Uint8Array(),
    status: r.status,
    storedOn: r.storedOn,
    path: r.path ?? ''
  }))
  return DmPayload.encode({ messages: [], sent: [{ message: { id: view.id, text: view.text, timestamp: BigInt(view.timestamp), to: view.to }, recipients }] })
}

/** The payloads telling the other devices these incoming messages were read at `at` (MAX_RECEIPT_IDS each). */
export function readSyncPayloads (read: Array<{ senderKey: Uint8Array, id: string }>, at: number): Uint8Array[] {
  const payloads: Uint8Array[] = []
  for (let i = 0; i < read.length; i += MAX_RECEIPT_IDS) {
    payloads.push(DmPayload.encode({ messages: [], read: { messages: read.slice(i, i + MAX_RECEIPT_IDS), at: BigInt(at) } }))
  }
  return payloads
}

/** A sent copy's message and recipients when every field is in range, else undefined. */
function checkedCopy (copy: SentCopy): { message: { id: string, text: string, timestamp: number, to: string[] }, recipients: SentState[] } | undefined {
  const m = copy.message
  if (m == null || !MESSAGE_ID.test(m.id) || m.text.length === 0 || m.text.length > MAX_TEXT_LENGTH) return undefined
  if (m.to.length === 0 || m.to.length > MAX_RECIPIENTS || m.timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined
  const recipients: SentState[] = []
  for (const r of copy.recipients) {
    if (!m.to.includes(r.username) || r.userKey.byteLength !== 32 || !STATUSES.has(r.status as MessageStatus)) return undefined
    if (r.path !== '' && !PATHS.has(r.path as DeliveryPath)) return undefined
    recipients.push({ username: r.username, userKey: r.userKey, status: r.status as MessageStatus, storedOn: Math.min(r.storedOn, 64), ...(r.path !== '' ? { path: r.path as DeliveryPath } : {}) })
  }
  if (recipients.length !== new Set(m.to).size) return undefined
  return { message: { id: m.id, text: m.text, timestamp: Number(m.timestamp), to: m.to }, recipients }
}

/**
 * Applies what another device of `owner` sent it: sent copies (stored as outgoing; returns
 * the new ones and the ids whose state moved) and read state. Invalid entries are skipped.
 */
export function applyOwnPayload (store: MessageStore, owner: string, ownerKey: Uint8Array, payload: DmPayload, now: number): { added: string[], moved: string[], read: number } {
  const added: string[] = []
  const moved: string[] = []
  for (const copy of payload.sent.slice(0, MAX_SENT_COPIES)) {
    const checked = checkedCopy(copy)
    if (checked == null) continue
    const before = store.message(owner, checked.message.id)
    if (store.addSentCopy(owner, ownerKey, checked.message, checked.recipients, now)) added.push(checked.message.id)
    else if (before != null && store.message(owner, checked.message.id)?.status !== before.status) moved.push(checked.message.id)
  }
  let read = 0
  if (payload.read != null) {
    const messages = payload.read.messages.filter((m) => m.senderKey.byteLength === 32 && MESSAGE_ID.test(m.id))
    const at = payload.read.at > 0n && payload.read.at <= BigInt(now) ? Number(payload.read.at) : now
    read = store.reads.markReadElsewhere(owner, messages, at)
  }
  return { added, moved, read }
}
