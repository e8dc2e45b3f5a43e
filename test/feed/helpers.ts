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
