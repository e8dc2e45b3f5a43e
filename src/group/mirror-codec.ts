import { fromEntry, id, num, toEntries } from './codec.js'
import { MAX_ENTRY_BODY_BYTES, MAX_MIRROR_FRAME_BYTES, MAX_MIRROR_GROUPS, MAX_TEXT_BYTES, MIRROR_PAGE_ENTRIES } from './constants.js'
import { InvalidGroupMessageError } from './errors.js'
import { MirrorFrame } from './wire.js'
import type { GroupEntry } from './core/index.js'

/**
 * Frames of /parley/group-mirror/1.0.0 ↔ what the mirror works with, validated once at the
 * edge: one message per frame, ids and counts in range, entries in the shape of group
 * frames (their signatures are checked by the companion before it stores them).
 */

export interface MirrorGroupData {
  groupId: string
  /** the creator-signed config; null: not sent */
  config: Uint8Array | null
  /** the creator-signed preferred list; null: not sent */
  preferred: Uint8Array | null
  /** the entries start at position after + 1 */
  after: number
  entries: GroupEntry[]
  /** the group device's committed position */
  commitIndex: number
}

export type MirrorMessage =
  | { kind: 'pull', groups: Array<{ groupId: string, committed: number }> }
  | { kind: 'group', group: MirrorGroupData }
  | { kind: 'forward', groupId: string, id: string, text: string }
  | { kind: 'forwarded', groupId: string, id: string, ok: boolean, error: string }

const ERROR_LENGTH = 200

export function decodeMirrorFrame (bytes: Uint8Array): MirrorMessage {
  if (bytes.byteLength > MAX_MIRROR_FRAME_BYTES) throw new InvalidGroupMessageError(`mirror frame over ${MAX_MIRROR_FRAME_BYTES} bytes`)
  let f: MirrorFrame
  try {
    f = MirrorFrame.decode(bytes, { limits: { pull: { groups: MAX_MIRROR_GROUPS }, group: { entries: MIRROR_PAGE_ENTRIES } } as any })
  } catch (err) {
    throw new InvalidGroupMessageError('malformed mirror frame', { cause: err })
  }
  const set = [f.pull, f.group, f.forward, f.forwarded].filter((x) => x != null)
  if (set.length !== 1) throw new InvalidGroupMessageError('a mirror frame carries exactly one message')
  if (f.pull != null) return { kind: 'pull', groups: f.pull.groups.map((g) => ({ groupId: id(g.groupId, 'group id'), committed: num(g.committed, 'position') })) }
  if (f.group != null) {
    const g = f.group
    if (g.config.byteLength > MAX_ENTRY_BODY_BYTES || g.preferred.byteLength > MAX_ENTRY_BODY_BYTES) throw new InvalidGroupMessageError('mirrored config over its size')
    const after = num(g.after, 'position')
    const entries = toEntries(g.entries)
    const commitIndex = num(g.commitIndex, 'commit index')
    if (after + entries.length > commitIndex) throw new InvalidGroupMessageError('mirrored entries past the commit index')
    return { kind: 'group', group: { groupId: id(g.groupId, 'group id'), config: g.config.byteLength > 0 ? g.config : null, preferred: g.preferred.byteLength > 0 ? g.preferred : null, after, entries, commitIndex } }
  }
  if (f.forward != null) {
    const { groupId, text } = f.forward
    if (text.length === 0 || Buffer.byteLength(text) > MAX_TEXT_BYTES) throw new InvalidGroupMessageError(`forwarded text must be 1-${MAX_TEXT_BYTES} bytes`)
    return { kind: 'forward', groupId: id(groupId, 'group id'), id: id(f.forward.id, 'entry id'), text }
  }
  const r = f.forwarded!
  return { kind: 'forwarded', groupId: id(r.groupId, 'group id'), id: id(r.id, 'entry id'), ok: r.ok, error: r.error.slice(0, ERROR_LENGTH) }
}

export function encodeMirrorFrame (message: MirrorMessage): Uint8Array {
  switch (message.kind) {
    case 'pull': return MirrorFrame.encode({ pull: { groups: message.groups.map((g) => ({ groupId: g.groupId, committed: BigInt(g.committed) })) } })
    case 'group': {
      const g = message.group
      return MirrorFrame.encode({ group: { groupId: g.groupId, config: g.config ?? new Uint8Array(0), preferred: g.preferred ?? new Uint8Array(0), after: BigInt(g.after), entries: g.entries.map(fromEntry), commitIndex: BigInt(g.commitIndex) } })
    }
    case 'forward': return MirrorFrame.encode({ forward: { groupId: message.groupId, id: message.id, text: message.text } })
    case 'forwarded': return MirrorFrame.encode({ forwarded: { groupId: message.groupId, id: message.id, ok: message.ok, error: message.error.slice(0, ERROR_LENGTH) } })
  }
}

/**
 * Committed entries from position `after` + 1 in pages that fit a mirror frame: at most
 * MIRROR_PAGE_ENTRIES entries and about MAX_MIRROR_FRAME_BYTES / 2 of bodies each.
 */
export function mirrorPages (log: readonly GroupEntry[], after: number, commitIndex: number, maxPages = Infinity): Array<{ after: number, entries: GroupEntry[] }> {
  const pages: Array<{ after: number, entries: GroupEntry[] }> = []
  let at = after
  while (at < commitIndex && pages.length < maxPages) {
    const entries: GroupEntry[] = []
    let bytes = 0
    while (at + entries.length < commitIndex && entries.length < MIRROR_PAGE_ENTRIES) {
      const e = log[at + entries.length]
      if (entries.length > 0 && bytes + e.body.byteLength > MAX_MIRROR_FRAME_BYTES / 2) break
      entries.push(e)
      bytes += e.body.byteLength
    }
    pages.push({ after: at, entries })
    at += entries.length
  }
  return pages
}
