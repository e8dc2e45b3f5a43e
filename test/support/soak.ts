/**
 * What a soak test drives and remembers: named `parley node` processes that keep their data
 * folder, API address and P2P port across a kill, and a ledger of every write the API
 * accepted or refused.
 */
import { rm } from 'node:fs/promises'
import { callHttp, freePort, tempDir } from './nodes.js'
import { startNodeProcess, stopNodeProcess } from './processes.js'
import type { NodeProcess } from './processes.js'

export interface SoakNode {
  name: string
  data: string
  api: string
  p2pPort: number
  /** the running process; null while it is down */
  process: NodeProcess | null
  /** the session token of the user signed in there */
  token: string
}

export async function soakNode (name: string): Promise<SoakNode> {
  return { name, data: await tempDir(`parley-soak-${name}-`), api: `127.0.0.1:${await freePort()}`, p2pPort: await freePort(), process: null, token: '' }
}

/** Starts (or restarts) `node` at its ports on its data folder. */
export async function launch (node: SoakNode, bootstrap: string[]): Promise<NodeProcess> {
  node.process = await startNodeProcess({ data: node.data, api: node.api, p2pPort: node.p2pPort, bootstrap, args: ['--device-name', node.name] })
  return node.process
}

/** SIGKILLs every process still running and removes the data folders. */
export async function removeSoakNodes (nodes: SoakNode[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => { if (n.process != null) await stopNodeProcess(n.process) }))
  await Promise.all(nodes.map(async (n) => rm(n.data, { recursive: true, force: true })))
}

export async function call (node: SoakNode, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> {
  return callHttp(node.api, method, path, body, node.token)
}

/** One write the API accepted: who wrote it (a node name), its text and its answer. */
export interface Written { by: string, text: string, id: string, timestamp?: number }

/** Writes of one kind: accepted ones by id (in the order answered), refused ones with the answer. */
export class Ledger {
  readonly accepted = new Map<string, Written>()
  readonly refused: Array<{ by: string, text: string, status: number, body: unknown }> = []

  accept (written: Written): void {
    this.accepted.set(written.id, written)
  }

  by (name: string): Written[] {
    return [...this.accepted.values()].filter((w) => w.by === name)
  }
}

/** Every page of a timeline (newest first), through its `next` cursor. */
export async function wholeTimeline (node: SoakNode): Promise<any[]> {
  const posts: any[] = []
  for (let before: string | null = null; ;) {
    const answer = await call(node, 'GET', `/api/timeline?limit=500${before == null ? '' : `&before=${before}`}`)
    if (answer.status !== 200) throw new Error(`${node.name}: timeline answered ${answer.status} ${JSON.stringify(answer.body)}`)
    posts.push(...answer.body.posts)
    if (answer.body.next == null) return posts
    before = answer.body.next
  }
}

/** Every message of a group (committed in order, then pending), through `after`. */
export async function wholeGroup (node: SoakNode, groupId: string): Promise<any[]> {
  const messages: any[] = []
  for (let after = 0; ;) {
    const answer = await call(node, 'GET', `/api/groups/${groupId}/messages?after=${after}&limit=1000`)
    if (answer.status !== 200) throw new Error(`${node.name}: group messages answered ${answer.status} ${JSON.stringify(answer.body)}`)
    const page = answer.body.messages as any[]
    messages.push(...page)
    const committed = page.filter((m) => m.status === 'committed')
    if (page.length < 1000 || committed.length === 0) return messages
    after = committed.at(-1).seq
  }
}

/**
 * Every message of a DM conversation, oldest first, through the `before` cursor. Opening it
 * marks the peer's messages read, as a client does.
 */
export async function wholeConversation (node: SoakNode, peer: string): Promise<any[]> {
  const pages: any[][] = []
  for (let before: string | null = null; ;) {
    const answer = await call(node, 'GET', `/api/messages?with=${peer}&limit=1000${before == null ? '' : `&before=${encodeURIComponent(before)}`}`)
    if (answer.status !== 200) throw new Error(`${node.name}: conversation answered ${answer.status} ${JSON.stringify(answer.body)}`)
    pages.unshift(answer.body.messages)
    if (answer.body.next == null) return pages.flat()
    before = answer.body.next
  }
}

/** The conversation list (with, last, unread): read without marking anything read. */
export async function conversations (node: SoakNode): Promise<Array<{ with: string, last: number, unread: number }>> {
  const answer = await call(node, 'GET', '/api/messages')
  if (answer.status !== 200) throw new Error(`${node.name}: conversations answered ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.conversations
}

/** What two devices of one account must agree on about a DM: everything but how it travelled. */
export function comparableMessage (m: any): unknown {
  return { id: m.id, from: m.from, to: m.to, text: m.text, timestamp: m.timestamp, status: m.status, recipients: m.recipients == null ? undefined : Object.fromEntries(Object.entries(m.recipients).map(([u, r]: [string, any]) => [u, r.status])) }
}

/** Ids held more than once. */
export function duplicates (ids: string[]): string[] {
  const seen = new Set<string>()
  return [...new Set(ids.filter((id) => seen.has(id) || (seen.add(id), false)))]
}
