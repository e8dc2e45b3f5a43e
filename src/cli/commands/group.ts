import { callApi } from '../client.js'
import { UsageError } from '../args.js'
import type { ClientContext, CommandTable } from './types.js'

function describe (g: any): string {
  return [
    `${g.name} (${g.id})`,
    `  creator ${g.creator}; members: ${g.members.map((m: any) => m.username).join(', ')}`,
    g.started
      ? g.companion === true
        ? `  mirrored from your other device (the one the group names); commit index ${g.commitIndex}`
        : `  host ${g.host ?? '(electing)'} in term ${g.term}; preferred hosts: ${g.preferredHosts.join(', ')}; commit index ${g.commitIndex}`
      : '  not started'
  ].join('\n')
}

const path = (ctx: ClientContext, suffix = ''): string => `/api/groups/${encodeURIComponent(ctx.need(1, 'GROUP_ID'))}${suffix}`

const SUBCOMMANDS: Record<string, (ctx: ClientContext) => Promise<void>> = {
  list: async (ctx) => {
    const answer = await callApi(ctx.api, 'GET', '/api/groups', { token: ctx.token })
    ctx.print(answer.groups.length === 0 ? 'no groups' : answer.groups.map(describe).join('\n'), answer)
  },
  create: async (ctx) => {
    const g = await callApi(ctx.api, 'POST', '/api/groups', { token: ctx.token, body: { name: ctx.need(1, 'NAME'), members: ctx.positionals.slice(2) } })
    ctx.print(describe(g), g)
  },
  start: async (ctx) => {
    const g = await callApi(ctx.api, 'POST', path(ctx, '/start'), { token: ctx.token })
    ctx.print(describe(g), g)
  },
  add: async (ctx) => {
    const g = await callApi(ctx.api, 'POST', path(ctx, '/members'), { token: ctx.token, body: { username: ctx.need(2, 'USERNAME') } })
    ctx.print(describe(g), g)
  },
  send: async (ctx) => {
    const wait = ctx.values['no-wait'] === true ? '?wait=false' : ''
    const answer = await callApi(ctx.api, 'POST', path(ctx, `/messages${wait}`), { token: ctx.token, body: { text: await ctx.text(2, 'TEXT') } })
    ctx.print(`${answer.status} ${answer.id}`, answer)
  },
  show: async (ctx) => {
    const g = await callApi(ctx.api, 'GET', path(ctx), { token: ctx.token })
    ctx.print(describe(g), g)
  },
  log: async (ctx) => {
    const answer = await callApi(ctx.api, 'GET', path(ctx, '/messages'), { token: ctx.token })
    ctx.print(answer.messages.map((m: any) => `${m.seq ?? 'pending'}\t${m.from}\t${m.text}`).join('\n'), answer)
  }
}

/** Group chat commands: `parley group SUBCOMMAND ...`. */
export const groupCommands: CommandTable = {
  group: {
    usage: [
      'group list                         the groups you are a member of',
      'group create NAME USERNAME...      create a group chat with these members',
      'group start GROUP_ID               measure latencies, choose the host, start the chat',
      'group add GROUP_ID USERNAME        add a member (creator; also while the chat runs)',
      'group send GROUP_ID TEXT|- [--no-wait]  send a message (committed or pending); --no-wait: return once stored here, pending',
      'group show GROUP_ID                members, host, term, preferred hosts, commit index',
      'group log GROUP_ID                 messages in the agreed order, then pending ones'
    ],
    options: { 'no-wait': { type: 'boolean' } },
    run: async (ctx) => {
      const sub = SUBCOMMANDS[ctx.positionals[0] ?? '']
      if (sub == null) throw new UsageError(`group needs one of: ${Object.keys(SUBCOMMANDS).join(', ')}`)
      await sub(ctx)
    }
  }
}
