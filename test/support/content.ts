/** What users publish, seen from the tests: posts on timelines, a feed made quickly, group messages. */
import { get, waitFor } from './nodes.js'
import type { TestNode } from './nodes.js'

/** Waits until `node`'s timeline holds a post with `text`. */
export async function waitForPost (node: TestNode, token: string, text: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await get(node, '/api/timeline?limit=500', token)).posts.some((p: any) => p.text === text), timeoutMs, `post "${text}" on a timeline`)
}

/** Waits until the remote log of the logged-in user names every own post (publication state in the feed settings). */
export async function waitForPublished (node: TestNode, token: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(async () => {
    const { publication } = await get(node, '/api/feed/settings', token)
    return publication.publishedSeq >= publication.headSeq
  }, timeoutMs, 'the remote log to name every own post')
}

/**
 * Appends `n` posts to the logged-in user's own log directly in storage (signed with the
 * session key, as publish does) and then publishes the remote log once: a quick way to a
 * long feed. The live path is covered by the API tests.
 */
export async function appendPosts (node: TestNode, n: number, prefix = 'post'): Promise<void> {
  const { parley } = node
  const session = parley.session!
  const store = parley.feed.store
  const me = session.keys.userKey
  const { signEntry, postBody } = await import('../../src/feed/entry.js')
  const { EntryKind } = await import('../../src/feed/wire.js')
  const entries = []
  // this device's chain of the feed, as publish writes it
  const device = parley.peerId
  let head = store.head(me, device)
  for (let i = 0; i < n; i++) {
    const seq = (head?.seq ?? 0n) + 1n
    const entry = signEntry({ author: me, device, seq, prev: head?.cid, timestamp: { wall: Date.now(), counter: i }, kind: EntryKind.POST, body: postBody(`${prefix} ${seq}`) }, session.keys.signingSecret)
    entries.push(entry)
    head = { seq, cid: entry.cid }
  }
  store.append(entries, Date.now(), true)
  await parley.feed.setMode(parley.feed.mode())
}

/** Committed message texts ("sender:text"), in order, as one member sees them. */
export async function committedTexts (node: TestNode, groupId: string): Promise<string[]> {
  const answer = await node.call('GET', `/api/groups/${groupId}/messages`)
  return answer.body.messages.filter((m: any) => m.status === 'committed').map((m: any) => `${m.from}:${m.text}`)
}
