import { MAX_ENTRY_BODY_BYTES, MAX_FRAME_BYTES, MAX_ID_LENGTH, MAX_MEMBERS } from './constants.js'
import { InvalidGroupMessageError } from './errors.js'
import { openBlobAsync, openBlobsAsync } from './signing.js'
import type { BatchChecks } from './signing.js'
import { EntryContent, GroupConfig, GroupFrame, SignedBlob } from './wire.js'
import type { GroupEntry, GroupMessage } from './core/index.js'
import type { Entry } from './wire.js'

/**
 * Frames ↔ core messages, validated once at the edge: structure and sizes here, entry
 * signatures in `verifyEntries`, config and preferred-list signatures in the service
 * (which knows the creator).
 */

export type GroupWireMessage =
  | { kind: 'core', message: GroupMessage }
  | { kind: 'config', signed: Uint8Array }
  | { kind: 'preferred', signed: Uint8Array }
  | { kind: 'latency-request', round: number }
  | { kind: 'rejoin' }
  /** rtts in ms by user id; null = unreachable */
  | { kind: 'latency-report', round: number, rtts: Record<string, number | null> }

export interface DecodedFrame {
  groupId: string
  message: GroupWireMessage
}

const MAX_ENTRIES_PER_FRAME = 100_000

export function num (value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidGroupMessageError(`${what} out of range`)
  return Number(value)
}

export function id (value: string, what: string): string {
  if (value.length === 0 || value.length > MAX_ID_LENGTH) throw new InvalidGroupMessageError(`${what} must be 1-${MAX_ID_LENGTH} characters`)
  return value
}

function toEntry (e: Entry): GroupEntry {
  if (e.body.byteLength > MAX_ENTRY_BODY_BYTES) throw new InvalidGroupMessageError(`entry body over ${MAX_ENTRY_BODY_BYTES} bytes`)
  const seq = num(e.seq, 'seq')
  if (seq < 1) throw new InvalidGroupMessageError('seq starts at 1')
  // a copy: the decoded body is a view of the whole received frame (up to 64 KiB), which a
  // stored entry kept alive for as long as the group's log holds it in memory
  const entry: GroupEntry = { id: id(e.id, 'entry id'), sender: id(e.sender, 'sender'), seq, body: new Uint8Array(e.body) }
  if (e.config.length > 0) {
    if (e.config.length > MAX_MEMBERS) throw new InvalidGroupMessageError(`a group has at most ${MAX_MEMBERS} members`)
    entry.config = e.config.map((m) => id(m, 'member'))
  }
  return entry
}

/** Wire entries as core entries, each checked for size and shape (InvalidGroupMessageError). */
export function toEntries (entries: Entry[]): GroupEntry[] {
  if (entries.length > MAX_ENTRIES_PER_FRAME) throw new InvalidGroupMessageError('too many entries')
  return entries.map(toEntry)
}

export function fromEntry (e: GroupEntry): Entry {
  return { id: e.id, sender: e.sender, seq: BigInt(e.seq), body: e.body, config: e.config ?? [] }
}

export function decodeFrame (bytes: Uint8Array): DecodedFrame {
  if (bytes.byteLength > MAX_FRAME_BYTES) throw new InvalidGroupMessageError(`frame over ${MAX_FRAME_BYTES} bytes`)
  let f: GroupFrame
  try {
    f = GroupFrame.decode(bytes, { limits: { latencyReport: { rtts: MAX_MEMBERS } } as any })
  } catch (err) {
    throw new InvalidGroupMessageError('malformed group frame', { cause: err })
  }
  const groupId = id(f.groupId, 'group id')
  const set = [f.config, f.preferred, f.latencyRequest, f.latencyReport, f.append, f.appendReply, f.collect, f.collectReply, f.preCollect, f.preCollectReply, f.submit, f.rejoin === true ? true : undefined].filter((x) => x != null)
  if (set.length !== 1) throw new InvalidGroupMessageError('a frame carries exactly one message')
  const core = (message: GroupMessage): DecodedFrame => ({ groupId, message: { kind: 'core', message } })
  if (f.config != null) return { groupId, message: { kind: 'config', signed: f.config } }
  if (f.rejoin === true) return { groupId, message: { kind: 'rejoin' } }
  if (f.preferred != null) return { groupId, message: { kind: 'preferred', signed: f.preferred } }
  if (f.latencyRequest != null) return { groupId, message: { kind: 'latency-request', round: num(f.latencyRequest.round, 'round') } }
  if (f.latencyReport != null) {
    const rtts: Record<string, number | null> = {}
    for (const r of f.latencyReport.rtts) rtts[id(r.userId, 'user id')] = r.micros == null ? null : r.micros / 1000
    return { groupId, message: { kind: 'latency-report', round: num(f.latencyReport.round, 'round'), rtts } }
  }
  if (f.append != null) {
    const a = f.append
    return core({ type: 'append', term: num(a.term, 'term'), prev: num(a.prev, 'prev'), entries: toEntries(a.entries), commitIndex: num(a.commitIndex, 'commit index'), reset: a.reset, ...(a.notice ? { notice: true } : {}) })
  }
  if (f.appendReply != null) {
    const r = f.appendReply
    return core({ type: 'append-reply', term: num(r.term, 'term'), ok: r.ok, logTerm: num(r.logTerm, 'log term'), length: num(r.length, 'length'), commitIndex: num(r.commitIndex, 'commit index') })
  }
  if (f.collect != null) return core({ type: 'collect', term: num(f.collect.term, 'term'), commitIndex: num(f.collect.commitIndex, 'commit index') })
  if (f.collectReply != null) {
    const r = f.collectReply
    return core({ type: 'collect-reply', term: num(r.term, 'term'), logTerm: num(r.logTerm, 'log term'), length: num(r.length, 'length'), commitIndex: num(r.commitIndex, 'commit index'), entries: toEntries(r.entries) })
  }
  if (f.preCollect != null) return core({ type: 'pre-collect', term: num(f.preCollect.term, 'term'), members: f.preCollect.members, round: num(f.preCollect.round, 'round') })
  if (f.preCollectReply != null) return core({ type: 'pre-collect-reply', term: num(f.preCollectReply.term, 'term'), granted: f.preCollectReply.granted, round: num(f.preCollectReply.round, 'round') })
  const s = f.submit!
  return core({ type: 'submit', term: num(s.term, 'term'), entries: toEntries(s.entries) })
}

export function encodeFrame (groupId: string, message: GroupWireMessage): Uint8Array {
  const frame: Partial<GroupFrame> = { groupId }
  switch (message.kind) {
    case 'config': frame.config = message.signed; break
    case 'preferred': frame.preferred = message.signed; break
    case 'latency-request': frame.latencyRequest = { round: BigInt(message.round) }; break
    case 'rejoin': frame.rejoin = true; break
    case 'latency-report':
      frame.latencyReport = {
        round: BigInt(message.round),
        rtts: Object.entries(message.rtts).map(([userId, ms]) => ({ userId, micros: ms == null ? undefined : Math.min(2 ** 32 - 1, Math.round(ms * 1000)) }))
      }
      break
    case 'core': {
      const m = message.message
      switch (m.type) {
        case 'append': frame.append = { term: BigInt(m.term), prev: BigInt(m.prev), entries: m.entries.map(fromEntry), commitIndex: BigInt(m.commitIndex), reset: m.reset, notice: m.notice === true }; break
        case 'append-reply': frame.appendReply = { term: BigInt(m.term), ok: m.ok, logTerm: BigInt(m.logTerm), length: BigInt(m.length), commitIndex: BigInt(m.commitIndex) }; break
        case 'collect': frame.collect = { term: BigInt(m.term), commitIndex: BigInt(m.commitIndex) }; break
        case 'collect-reply': frame.collectReply = { term: BigInt(m.term), logTerm: BigInt(m.logTerm), length: BigInt(m.length), commitIndex: BigInt(m.commitIndex), entries: m.entries.map(fromEntry) }; break
        case 'pre-collect': frame.preCollect = { term: BigInt(m.term), members: m.members, round: BigInt(m.round) }; break
        case 'pre-collect-reply': frame.preCollectReply = { term: BigInt(m.term), granted: m.granted, round: BigInt(m.round) }; break
        case 'submit': frame.submit = { term: BigInt(m.term), entries: m.entries.map(fromEntry) }; break
      }
    }
  }
  return GroupFrame.encode(frame)
}

/**
 * Checks a membership change: the creator-signed config of this group whose members are
 * the entry's list. Without a list it is a change the host let in without effect.
 */
export async function openConfigEntry (groupId: string, creator: string, entry: GroupEntry, checks?: BatchChecks): Promise<GroupConfig> {
  let config: GroupConfig
  try {
    config = GroupConfig.decode(await openBlobAsync('config', entry.body, creator, checks))
  } catch (err) {
    if (err instanceof InvalidGroupMessageError) throw err
    throw new InvalidGroupMessageError(`membership change ${entry.id} is malformed`, { cause: err })
  }
  const ids = config.members.map((m) => m.userId)
  if (config.groupId !== groupId || (entry.config != null && (ids.length !== entry.config.length || ids.some((m, i) => entry.config![i] !== m)))) {
    throw new InvalidGroupMessageError(`membership change ${entry.id} does not match its signed config`)
  }
  return config
}

/**
 * Decoded contents by body: an entry's content is read when it is checked, when its keys
 * are learnt and when it is shown; the body bytes are the same object all along.
 */
const contents = new WeakMap<Uint8Array, EntryContent | null>()

/** Remembers the content of a body this node just signed, so it is not decoded again. */
export function rememberContent (body: Uint8Array, content: EntryContent): void {
  contents.set(body, content)
}

/** The content of an entry, once its sender's signature and its fields verified. */
export async function openEntry (groupId: string, entry: GroupEntry): Promise<EntryContent> {
  return contentOf(groupId, entry, await openBlobAsync('entry', entry.body, entry.sender))
}

/** The content in a verified payload, checked against the entry it came in. */
function contentOf (groupId: string, entry: GroupEntry, payload: Uint8Array): EntryContent {
  let content: EntryContent
  try {
    content = EntryContent.decode(payload)
  } catch (err) {
    throw new InvalidGroupMessageError(`entry ${entry.id} is malformed`, { cause: err })
  }
  if (content.groupId !== groupId || content.id !== entry.id || Number(content.seq) !== entry.seq) {
    throw new InvalidGroupMessageError(`entry ${entry.id} does not match its signed content`)
  }
  contents.set(entry.body, content)
  return content
}

/**
 * Checks entries that arrived together (throws on the first bad one): messages and key
 * entries by their senders' signatures, a batch's once; membership changes by the
 * creator's (also one the host let in without effect, which keeps its signed config).
 */
export async function openEntries (groupId: string, creator: string, entries: GroupEntry[], checks?: BatchChecks): Promise<void> {
  const messages = entries.filter((e) => e.config == null)
  const opened = await openBlobsAsync('entry', messages.map((e) => ({ bytes: e.body, signerId: e.sender })), checks)
  await Promise.all([
    ...entries.filter((e) => e.config != null).map(async (e) => openConfigEntry(groupId, creator, e, checks)),
    ...messages.map(async (e, i) => {
      const payload = opened[i]
      if (payload instanceof Error) await openConfigEntry(groupId, creator, e, checks).catch(() => { throw payload })
      else contentOf(groupId, e, payload)
    })
  ])
}

/** The content of an entry verified before (read back from our own storage); null for a membership change. */
export function readEntry (entry: GroupEntry): EntryContent | null {
  if (entry.config != null) return null
  let content = contents.get(entry.body)
  if (content === undefined) {
    try {
      content = EntryContent.decode(SignedBlob.decode(entry.body).payload)
    } catch {
      content = null
    }
    contents.set(entry.body, content)
  }
  return content != null && content.id === entry.id ? content : null
}

export function entriesOf (message: GroupMessage): GroupEntry[] {
  return message.type === 'append' || message.type === 'collect-reply' || message.type === 'submit' ? message.entries : []
}
