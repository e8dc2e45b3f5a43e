import { callApi } from '../client.js'
import { parseCount } from '../args.js'
import type { CommandTable } from './types.js'

/** One recipient's state; a failed send's answer says which mailbox holders refused and why. */
function describeRecipient (r: { status: string, storedOn: number, reason?: string }): string {
  if (r.status === 'stored') return `stored on ${r.storedOn} replicas`
  return r.reason != null ? `${r.status}: ${r.reason}` : r.status
}

function describeStatus (message: any): string {
  if (message.recipients == null) return message.status
  const each = Object.entries(message.recipients as Record<string, { status: string, storedOn: number, reason?: string }>)
  if (each.length === 1) return describeRecipient(each[0][1])
  return `${message.status} (${each.map(([name, r]) => `${name}: ${describeRecipient(r)}`).join(', ')})`
}

/** Direct-message commands: send and inbox. */
export const messageCommands: CommandTable = {
  send: {
    usage: ['send USER[,USER...] TEXT|- [--no-wait]  send a direct message (sealed; held by the network when offline); --no-wait: return once stored here, sending'],
    options: { 'no-wait': { type: 'boolean' } },
    run: async (ctx) => {
      const to = ctx.need(0, 'USER').split(',').filter((u) => u !== '')
      const text = await ctx.text(1, 'TEXT')
      const wait = ctx.values['no-wait'] === true ? '?wait=false' : ''
      const message = await callApi(ctx.api, 'POST', `/api/messages${wait}`, { token: ctx.token, body: { to, text } })
      ctx.print(`${message.id} ${describeStatus(message)}`, message)
    }
  },
  inbox: {
    usage: ['inbox [USER] [--limit N] [--before CURSOR]  conversations, or the newest messages with USER (marks them read)'],
    options: { limit: { type: 'string' }, before: { type: 'string' } },
    run: async (ctx) => {
      const peer = ctx.positionals[0]
      if (peer == null) {
        const { conversations } = await callApi(ctx.api, 'GET', '/api/messages', { token: ctx.token })
        ctx.print(conversations.length === 0
          ? 'no conversations'
          : conversations.map((c: any) => `${c.with}  ${new Date(c.last).toISOString()}  ${c.unread} unread`).join('\n'), conversations)
        return
      }
      const query = new URLSearchParams({ with: peer })
      const limit = parseCount('limit', ctx.values.limit, 1)
      if (limit != null) query.set('limit', String(limit))
      if (ctx.values.before != null) query.set('before', ctx.values.before)
      const { messages, next } = await callApi(ctx.api, 'GET', `/api/messages?${query.toString()}`, { token: ctx.token })
      const lines = messages.map((m: any) => `[${new Date(m.timestamp).toISOString()}] ${m.from}: ${m.text}  (${describeStatus(m)})`)
      if (next != null) lines.unshift(`(older: --before ${next})`)
      ctx.print(messages.length === 0 ? `no messages with ${peer}` : lines.join('\n'), messages)
    }
  }
}
