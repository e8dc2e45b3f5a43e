import { readEntry } from './codec.js'
import { decryptText, senderKeyId } from './keys.js'
import type { GroupEntry } from './core/index.js'
import type { GroupRuntime } from './runtime.js'

/* What the API shows of groups and their messages, read from a running group. */

export interface GroupView {
  id: string
  name: string
  creator: string
  members: Array<{ username: string, userId: string, peerId: string }>
  started: boolean
  host: string | null
  term: number
  preferredHosts: string[]
  /** when the preferred hosts were measured (ms since the epoch; 0 = not yet) */
  measuredAt: number
  commitIndex: number
  /** this device mirrors the group from the account's group device (the one the config names) and sends through it */
  companion: boolean
}

export interface GroupMessageView {
  id: string
  /** position in the agreed order; null while pending */
  seq: number | null
  from: string
  text: string
  timestamp: number
  status: 'pending' | 'committed'
}

/** A group as the API shows it. */
export function groupView (g: GroupRuntime): GroupView {
  const s = g.state
  const member = (userId: string): string => g.definition.username(userId)
  return {
    id: g.id,
    name: g.definition.config.name,
    creator: member(g.definition.config.creator),
    members: g.definition.config.members.map((m) => ({ username: m.username, userId: m.userId, peerId: m.peerId })),
    started: s != null,
    host: s?.host == null ? null : member(s.host),
    term: s?.term ?? 0,
    preferredHosts: g.preferred.map(member),
    measuredAt: g.preferredRound,
    commitIndex: s?.commitIndex ?? 0,
    companion: g.companion
  }
}

/** Committed messages in order, then this member's pending ones. */
export function messageViews (g: GroupRuntime, options: { after?: number, limit?: number } = {}): GroupMessageView[] {
  const after = options.after ?? 0
  const limit = options.limit ?? 1_000
  // up to `limit` messages after position `after`; key entries are skipped, not counted
  const log = g.committed()
  const committed: GroupMessageView[] = []
  for (let i = after; i < log.length && committed.length < limit; i++) {
    const view = messageView(g, log[i], i + 1)
    if (view != null) committed.push(view)
  }
  const pending = (g.state?.outbox ?? []).map((e) => messageView(g, e, null)).filter((m) => m != null)
  // a companion's own sends, waiting for the group device's copy to commit
  const forwarded = g.forwards.map((f): GroupMessageView => ({ id: f.id, seq: null, from: g.definition.username(g.self), text: f.text, timestamp: f.timestamp, status: 'pending' }))
  return [...committed, ...pending, ...forwarded]
}

/** What the API shows of an entry; null for a key entry (protocol, not conversation). */
export function messageView (g: GroupRuntime, e: GroupEntry, seq: number | null): GroupMessageView | null {
  const status = seq == null ? 'pending' : 'committed'
  const content = readEntry(e)
  if (content != null && content.keyCrates.length > 0) return null
  if (content != null) {
    let text = content.text
    if (content.ciphertext.byteLength > 0) {
      const key = g.senderKeys.get(senderKeyId(e.sender, content.keyEpoch))
      text = (key == null ? null : decryptText(key, g.id, e.id, content.nonce, content.ciphertext)) ?? '(encrypted: no key for this message here)'
    }
    return { id: e.id, seq, from: g.definition.username(e.sender), text, timestamp: Number(content.timestamp), status }
  }
  // a membership change: shown as what it did
  const added = e.config?.at(-1)
  return { id: e.id, seq, from: g.definition.username(e.sender), text: added == null ? '(membership change without effect)' : `(added ${g.definition.username(added)})`, timestamp: 0, status }
}
