import { writeFile } from 'node:fs/promises'
import { UsageError, parseCount } from '../args.js'
import { callApi } from '../client.js'
import type { ClientContext, CommandTable } from './types.js'
import { ApiError } from '../../api/index.js'

function formatPost (p: any): string {
  return `${new Date(p.timestamp).toISOString()}  ${p.author} #${p.seq}: ${p.text}`
}

async function followCommand (ctx: ClientContext, action: 'follow' | 'unfollow'): Promise<void> {
  const username = ctx.need(0, 'USERNAME')
  await callApi(ctx.api, 'POST', `/api/${action}`, { body: { username }, token: ctx.token })
  ctx.print(`${action === 'follow' ? 'following' : 'no longer following'} ${username}`, { ok: true })
}

async function listUsers (ctx: ClientContext, which: 'followers' | 'following'): Promise<void> {
  const users = await callApi(ctx.api, 'GET', `/api/${which}`, { token: ctx.token })
  ctx.print(users.length === 0 ? `no ${which}` : users.map((u: any) => `${u.username} (${u.userId})`).join('\n'), users)
}

/** Feed commands: posts, follows, timeline, notifications, remote-log export and layout. */
export const feedCommands: CommandTable = {
  post: {
    usage: ['post TEXT|-                        publish a post'],
    run: async (ctx) => {
      const text = await ctx.text(0, 'TEXT')
      const created = await callApi(ctx.api, 'POST', '/api/posts', { body: { text }, token: ctx.token })
      ctx.print(`posted #${created.seq} (${created.id})`, created)
    }
  },
  follow: {
    usage: ['follow USERNAME                    follow a user'],
    run: async (ctx) => { await followCommand(ctx, 'follow') }
  },
  unfollow: {
    usage: ['unfollow USERNAME                  stop following a user'],
    run: async (ctx) => { await followCommand(ctx, 'unfollow') }
  },
  followers: {
    usage: ['followers                          who follows you'],
    run: async (ctx) => { await listUsers(ctx, 'followers') }
  },
  following: {
    usage: ['following                          whom you follow'],
    run: async (ctx) => { await listUsers(ctx, 'following') }
  },
  timeline: {
    usage: ['timeline [--limit N] [--before ID] own and followed posts, newest first'],
    options: { limit: { type: 'string' }, before: { type: 'string' } },
    run: async (ctx) => {
      const query = new URLSearchParams()
      const limit = parseCount('limit', ctx.values.limit, 1)
      if (limit != null) query.set('limit', String(limit))
      if (ctx.values.before != null) query.set('before', ctx.values.before)
      const page = await callApi(ctx.api, 'GET', `/api/timeline?${query.toString()}`, { token: ctx.token })
      const lines = page.posts.map(formatPost)
      if (page.next != null) lines.push(`(more: --before ${page.next})`)
      ctx.print(lines.length === 0 ? 'no posts' : lines.join('\n'), page)
    }
  },
  posts: {
    usage: ['posts USERNAME                     a user\'s posts (synced even while they are offline)'],
    run: async (ctx) => {
      const username = ctx.need(0, 'USERNAME')
      const answer = await callApi(ctx.api, 'GET', `/api/users/${encodeURIComponent(username)}/posts`, { token: ctx.token })
      ctx.print(answer.posts.length === 0 ? 'no posts' : answer.posts.map(formatPost).join('\n'), answer)
    }
  },
  notifications: {
    usage: ['notifications                      follows and unfollows of you'],
    run: async (ctx) => {
      const notes = await callApi(ctx.api, 'GET', '/api/notifications', { token: ctx.token })
      ctx.print(notes.length === 0 ? 'no notifications' : notes.map((n: any) => `${new Date(n.at).toISOString()}  ${n.from} ${n.kind === 'follow' ? 'followed' : 'unfollowed'} you`).join('\n'), notes)
    }
  },
  'export-feed': {
    usage: ['export-feed USERNAME --out FILE|-  write a user\'s remote log as a CAR file (- : to standard output)'],
    options: { out: { type: 'string' } },
    run: async (ctx) => {
      const username = ctx.need(0, 'USERNAME')
      const out: string | undefined = ctx.values.out
      if (out == null) throw new UsageError('export-feed needs --out FILE')
      const response = await fetch(`http://${ctx.api}/api/users/${encodeURIComponent(username)}/feed.car`, {
        headers: ctx.token == null ? {} : { authorization: `Bearer ${ctx.token}` },
        signal: AbortSignal.timeout(120_000)
      }).catch((err) => { throw new ApiError(0, 'unreachable', `no node answers at ${ctx.api} (${err.cause?.code ?? err.message})`) })
      if (!response.ok) {
        const body = await response.json().catch(() => ({})) as any
        throw new ApiError(response.status, body?.error?.code ?? 'error', body?.error?.message ?? `HTTP ${response.status}`)
      }
      const car = new Uint8Array(await response.arrayBuffer())
      if (out === '-') {
        // the CAR file is the output: nothing else may go to stdout
        await new Promise<void>((resolve, reject) => { process.stdout.write(car, (err) => { if (err != null) reject(err); else resolve() }) })
        return
      }
      await writeFile(out, car)
      ctx.print(`wrote ${car.byteLength} bytes to ${out}`, { out, bytes: car.byteLength })
    }
  },
  'feed-mode': {
    usage: ['feed-mode [inline|paged|linked]    show or set your remote-log layout (and how far it is published)'],
    run: async (ctx) => {
      const mode = ctx.positionals[0]
      const answer = mode == null
        ? await callApi(ctx.api, 'GET', '/api/feed/settings', { token: ctx.token })
        : await callApi(ctx.api, 'PUT', '/api/feed/settings', { body: { mode }, token: ctx.token })
      const p = answer.publication
      const state = p == null ? '' : `\nremote log names #${p.publishedSeq} of #${p.headSeq}${p.lastError == null ? '' : ` (last try failed: ${p.lastError}; next ${p.retryAt == null ? 'pending' : new Date(p.retryAt).toISOString()})`}`
      ctx.print(`feed mode: ${answer.mode}${state}`, answer)
    }
  }
}
