import { waitFor } from '../helpers/nodes.js'
import type { TestNode } from '../helpers/nodes.js'

/** Registers `username` on `node` through the API; returns its token. */
export async function registerUser (node: TestNode, username: string): Promise<string> {
  const answer = await node.call('POST', '/api/register', { username, password: `${username}-password` })
  if (answer.status !== 201) throw new Error(`register ${username}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.token
}

/** GET on the API that must answer 200; returns the body. */
export async function get (node: TestNode, path: string, token: string): Promise<any> {
  const answer = await node.call('GET', path, undefined, token)
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

export async function post (node: TestNode, path: string, body: unknown, token: string): Promise<any> {
  const answer = await node.call('POST', path, body, token)
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Waits until `node`'s timeline holds a post with `text`. */
export async function waitForPost (node: TestNode, token: string, text: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await get(node, '/api/timeline?limit=500', token)).posts.some((p: any) => p.text === text), timeoutMs, `post "${text}" on a timeline`)
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
  let head = store.head(me)
  for (let i = 0; i < n; i++) {
    const seq = (head?.seq ?? 0n) + 1n
    const entry = signEntry({ author: me, seq, prev: head?.cid, timestamp: { wall: Date.now(), counter: i }, kind: EntryKind.POST, body: postBody(`${prefix} ${seq}`) }, session.keys.signingSecret)
    entries.push(entry)
    head = { seq, cid: entry.cid }
  }
  store.append(entries, Date.now(), true)
  await parley.feed.setMode(parley.feed.mode())
}
