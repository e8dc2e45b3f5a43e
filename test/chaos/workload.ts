/**
 * The honest traffic of a chaos scenario, and the check afterwards: three users who follow
 * each other, share a group chat, and in each round each post, write a DM to the next one
 * and send a group message. A write is acknowledged when the API answered it as done
 * (post 201, DM stored or delivered, group message committed); what the check counts:
 * - lost: acknowledged writes missing afterwards (a post at its author's node, a DM at
 *   its recipient's, a group message at any member's);
 * - divergent: members whose committed group history differs from the longest one, and
 *   followers whose view of an author's posts differs from the author's own;
 * - duplicated: the same message or post shown twice.
 */
import { requestApi } from '../../src/cli/http.js'
import { waitFor } from '../support/nodes.js'
import { zeroCounts } from './report.js'
import type { ChaosCounts } from './report.js'

/** One user on one node: its API address and session token (both may change as the node restarts). */
export interface ChaosUser {
  user: string
  api: string
  token: string
}

/** Every call has a deadline: a stopped or cut-off node must not hang the scenario. */
const CALL_TIMEOUT_MS = 15_000

export async function ask (u: ChaosUser, method: string, path: string, body?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<{ status: number, body: any }> {
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${u.token}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const { status, text } = await requestApi(u.api, method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) })
    let parsed: any
    try { parsed = text === '' ? undefined : JSON.parse(text) } catch { parsed = text }
    return { status, body: parsed }
  } catch (err) {
    return { status: 0, body: { error: String(err) } }
  }
}

/** Logs the user in again (after its node restarted); resolves when it could. */
export async function relogin (u: ChaosUser, password: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    const answer = await ask(u, 'POST', '/api/login', { username: u.user, password })
    if (answer.status === 200) u.token = answer.body.token
    return answer.status === 200
  }, timeoutMs, `${u.user} to log in again`, 200)
}

export class Workload {
  readonly users: ChaosUser[]
  groupId = ''
  tried = 0
  readonly #groupAcked = new Set<string>()
  readonly #dmAcked: Array<{ from: ChaosUser, to: ChaosUser, text: string }> = []
  readonly #postsAcked = new Map<string, Set<string>>()
  /** what the last observation found wrong, one line each */
  lastGaps: string[] = []
  /** answers other than success, by kind and status: what the notes show */
  readonly refusals = new Map<string, number>()

  readonly #writeTimeoutMs: number

  /** `writeTimeoutMs`: how long a write may take before it counts as not acknowledged (default 15 s) */
  constructor (users: ChaosUser[], writeTimeoutMs = CALL_TIMEOUT_MS) {
    this.users = users
    this.#writeTimeoutMs = writeTimeoutMs
  }

  /** Everyone follows everyone; the first user makes the group with the others and starts it. */
  async setup (): Promise<void> {
    for (const u of this.users) {
      for (const other of this.users) {
        if (other === u) continue
        const followed = await ask(u, 'POST', '/api/follow', { username: other.user })
        if (followed.status !== 204) throw new Error(`${u.user} follows ${other.user}: ${followed.status} ${JSON.stringify(followed.body)}`)
      }
    }
    const [first, ...others] = this.users
    const created = await ask(first, 'POST', '/api/groups', { name: 'chaos', members: others.map((o) => o.user) })
    if (created.status !== 201) throw new Error(`group: ${created.status} ${JSON.stringify(created.body)}`)
    this.groupId = created.body.id
    for (const u of others) await waitFor(async () => (await ask(u, 'GET', `/api/groups/${this.groupId}`)).status === 200, 20_000, `${u.user} to get the invitation`)
    const started = await ask(first, 'POST', `/api/groups/${this.groupId}/start`)
    if (started.status !== 200) throw new Error(`group start: ${started.status} ${JSON.stringify(started.body)}`)
    for (const u of this.users) await waitFor(async () => (await ask(u, 'GET', `/api/groups/${this.groupId}`)).body?.host != null, 20_000, `${u.user} to know the host`)
  }

  /** The user hosting the group, as the first answering member sees it. */
  async host (): Promise<ChaosUser | undefined> {
    for (const u of this.users) {
      const group = await ask(u, 'GET', `/api/groups/${this.groupId}`, undefined, 2_000)
      if (group.status === 200 && group.body.host != null) return this.users.find((o) => o.user === group.body.host)
    }
    return undefined
  }

  #refused (kind: string, status: number | string): void {
    const key = `${kind} ${status}`
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1)
  }

  /** Round `i`: each of `writers` (default: everyone) posts, sends a DM to the next user and a group message. */
  async round (i: number, writers: ChaosUser[] = this.users): Promise<void> {
    await Promise.all(writers.map(async (w) => {
      const next = this.users[(this.users.indexOf(w) + 1) % this.users.length]
      this.tried += 3
      const [post, dm, group] = await Promise.all([
        ask(w, 'POST', '/api/posts', { text: `post ${w.user} ${i}` }, this.#writeTimeoutMs),
        ask(w, 'POST', '/api/messages', { to: [next.user], text: `dm ${w.user} ${i}` }, this.#writeTimeoutMs),
        ask(w, 'POST', `/api/groups/${this.groupId}/messages`, { text: `group ${w.user} ${i}` }, this.#writeTimeoutMs)
      ])
      if (post.status === 201) {
        const ids = this.#postsAcked.get(w.user) ?? new Set()
        ids.add(post.body.id)
        this.#postsAcked.set(w.user, ids)
      } else this.#refused('post', post.status)
      if (dm.status === 201 && dm.body.status !== 'failed') this.#dmAcked.push({ from: w, to: next, text: `dm ${w.user} ${i}` })
      else this.#refused('dm', dm.status === 201 ? dm.body.status : dm.status)
      if (group.status < 300 && group.body.status === 'committed') this.#groupAcked.add(`${w.user}:group ${w.user} ${i}`)
      else this.#refused('group', group.status < 300 ? group.body.status : group.status)
    }))
  }

  /** A member's committed group history ("sender:text"), every page of it (1,000 a page). */
  async #committed (u: ChaosUser): Promise<string[]> {
    const texts: string[] = []
    let after = 0
    for (;;) {
      const answer = await ask(u, 'GET', `/api/groups/${this.groupId}/messages?after=${after}`)
      const committed = (answer.body?.messages ?? []).filter((m: any) => m.status === 'committed')
      if (committed.length === 0) return texts
      for (const m of committed) texts.push(`${m.from}:${m.text}`)
      after = committed.at(-1).seq
    }
  }

  /** What the users see now, counted against what was acknowledged. */
  async observe (): Promise<ChaosCounts> {
    const counts = zeroCounts()
    counts.tried = this.tried
    // group chat: every member's committed history
    const histories = await Promise.all(this.users.map(async (u) => this.#committed(u)))
    const longest = histories.reduce((a, b) => b.length > a.length ? b : a, [])
    const gaps: string[] = []
    this.lastGaps = gaps
    for (const text of this.#groupAcked) {
      if (histories.some((h) => !h.includes(text))) { counts.lost++; gaps.push(`group "${text}" missing`) }
    }
    for (const h of histories) {
      counts.duplicated += h.length - new Set(h).size
      if (h.join('\n') !== longest.join('\n')) { counts.divergent++; gaps.push(`group history of ${this.users[histories.indexOf(h)].user}: ${h.length} of ${longest.length}`) }
    }
    // DMs, at their recipients
    const conversations = new Map<string, string[]>()
    for (const { from, to, text } of this.#dmAcked) {
      const key = `${to.user}<${from.user}`
      if (!conversations.has(key)) {
        const answer = await ask(to, 'GET', `/api/messages?with=${from.user}`)
        conversations.set(key, (answer.body?.messages ?? []).filter((m: any) => m.from === from.user).map((m: any) => m.text))
      }
      const seen = conversations.get(key)!.filter((t) => t === text).length
      if (seen === 0) { counts.lost++; gaps.push(`dm "${text}" not at ${to.user}`) }
      if (seen > 1) counts.duplicated += seen - 1
    }
    // posts: at the author's node, and as each follower sees the author
    for (const author of this.users) {
      const views = await Promise.all(this.users.map(async (u) => {
        const answer = await ask(u, 'GET', `/api/users/${author.user}/posts`)
        return (answer.body?.posts ?? []).map((p: any) => p.id) as string[]
      }))
      const own = views[this.users.indexOf(author)]
      for (const id of this.#postsAcked.get(author.user) ?? []) if (!own.includes(id)) { counts.lost++; gaps.push(`post ${id} of ${author.user} missing`) }
      for (const view of views) {
        counts.duplicated += view.length - new Set(view).size
        if ([...new Set(view)].sort().join() !== [...new Set(own)].sort().join()) { counts.divergent++; gaps.push(`${author.user}'s posts at ${this.users[views.indexOf(view)].user}: ${view.length} of ${own.length}`) }
      }
    }
    return counts
  }

  /** Waits up to `timeoutMs` for nothing to be lost, divergent or duplicated; resolves to the last count. */
  async settle (timeoutMs: number): Promise<ChaosCounts> {
    let counts = zeroCounts()
    await waitFor(async () => {
      counts = await this.observe()
      if (process.env.CHAOS_DEBUG != null) console.error(`${new Date().toISOString().slice(11, 19)} ${this.lastGaps.slice(0, 5).join('; ')}`)
      return counts.lost + counts.divergent + counts.duplicated === 0
    }, timeoutMs, 'the users to agree', 1_000).catch(() => {})
    return counts
  }

  /** Acknowledged writes and the refusals, in a line. */
  summary (): string {
    const posts = [...this.#postsAcked.values()].reduce((n, s) => n + s.size, 0)
    const refused = [...this.refusals].map(([k, n]) => `${k} ×${n}`).join(', ')
    const gaps = this.lastGaps.length === 0 ? '' : `; still wrong: ${this.lastGaps.slice(0, 5).join('; ')}${this.lastGaps.length > 5 ? ` and ${this.lastGaps.length - 5} more` : ''}`
    return `acknowledged ${posts} posts, ${this.#dmAcked.length} DMs, ${this.#groupAcked.size} group messages${refused === '' ? '' : `; not acknowledged: ${refused}`}${gaps}`
  }
}
