import { ApiError } from '../../api/index.js'
import { callApi, saveToken } from '../client.js'
import { requestApi } from '../http.js'
import { readPassword } from '../password.js'
import type { ClientContext, CommandTable } from './types.js'

const PASSWORD = { password: { type: 'string' } } as const

async function enter (ctx: ClientContext, command: 'register' | 'login'): Promise<void> {
  const username = ctx.need(0, 'USERNAME')
  const answer = await callApi(ctx.api, 'POST', `/api/${command}`, { body: { username, password: await readPassword(ctx.values.password) } })
  await saveToken(ctx.api, answer.token)
  ctx.print(`${command === 'register' ? 'registered and logged in' : 'logged in'} as ${answer.user.username} (${answer.user.userId})`, answer)
}

/** Account and node commands of the node issue. */
export const accountCommands: CommandTable = {
  register: {
    usage: ['register USERNAME [--password P]   create a user on the node and log in'],
    options: PASSWORD,
    run: async (ctx) => { await enter(ctx, 'register') }
  },
  login: {
    usage: ['login USERNAME [--password P]      log in (from this node\'s keystore or the network)'],
    options: PASSWORD,
    run: async (ctx) => { await enter(ctx, 'login') }
  },
  logout: {
    usage: ['logout                             publish offline and lock the keys'],
    run: async (ctx) => {
      await callApi(ctx.api, 'POST', '/api/logout', { token: ctx.token })
      await saveToken(ctx.api, undefined)
      ctx.print('logged out', { ok: true })
    }
  },
  whoami: {
    usage: ['whoami                             the logged-in user'],
    run: async (ctx) => {
      const me = await callApi(ctx.api, 'GET', '/api/me', { token: ctx.token })
      ctx.print(`${me.username} (${me.userId}) ${me.online ? 'online' : 'offline'}, ${me.followers} followers, ${me.following} following${countsNote(me)}`, me)
    }
  },
  user: {
    usage: ['user USERNAME                      look a user up through the DHT'],
    run: async (ctx) => {
      const user = await callApi(ctx.api, 'GET', `/api/users/${encodeURIComponent(ctx.need(0, 'USERNAME'))}`, { token: ctx.token })
      const seen = user.lastSeen > 0 ? new Date(user.lastSeen).toISOString() : 'never'
      ctx.print([
        `${user.username} (${user.userId})`,
        `  ${user.online ? 'online' : 'offline'}, last seen ${seen}`,
        `  ${user.followers} followers, ${user.following} following${countsNote(user)}`,
        ...user.devices.map((d: any) => `  device ${d.peerId}${d.peerId === user.activeDevice ? ' (active)' : ''}`)
      ].join('\n'), user)
    }
  },
  peers: {
    usage: ['peers                              peer id, addresses, connected peers, DHT size'],
    run: async (ctx) => {
      const net = await callApi(ctx.api, 'GET', '/api/network', { token: ctx.token })
      ctx.print([
        `peer id: ${net.peerId}`,
        ...net.addresses.map((a: string) => `listening: ${a}`),
        `dht routing table: ${net.dht.routingTableSize} peers`,
        `held for other peers: ${net.dht.heldForOthers.records} DHT records, ${net.dht.heldForOthers.providers} provider records`,

        `reachability: ${net.reachability}${net.relays.length > 0 ? ` (relays ${net.relays.join(', ')})` : ''}`,
        ...(net.clockSkewMs != null ? [`clock: peers are ${net.clockSkewMs} ms ${net.clockSkewMs >= 0 ? 'ahead' : 'behind'}`] : []),
        `connected to ${net.peers.length} peer(s):`,
        ...net.peers.map((p: any) => `  ${p.peerId} ${p.addresses.join(' ')}${p.relayed === true ? ' (relayed)' : ''}`)
      ].join('\n'), net)
    }
  },
  archive: {
    usage: ['archive                            the feeds this node keeps (--archive): entries held, last sync'],
    run: async (ctx) => {
      const { feeds } = await callApi(ctx.api, 'GET', '/api/archive', { token: ctx.token })
      ctx.print(feeds.length === 0
        ? 'this node keeps no feeds (start it with --archive USER)'
        : feeds.map((f: any) => `${f.username}: ${f.entries} entries, last sync ${f.lastSyncAt == null ? 'never' : new Date(f.lastSyncAt).toISOString()}${f.lastError != null ? ` (failing: ${f.lastError})` : ''}`).join('\n'), { feeds })
    }
  },
  metrics: {
    usage: ['metrics                            the node\'s metrics, Prometheus text (GET /metrics)'],
    run: async (ctx) => {
      const answer = await requestApi(ctx.api, 'GET', '/metrics', { signal: AbortSignal.timeout(60_000) })
        .catch((err) => { throw new ApiError(0, 'unreachable', `no node answers at ${ctx.api} (${err.code ?? err.message})`) })
      if (answer.status !== 200) throw new ApiError(answer.status, 'error', `node answered ${answer.status} to GET /metrics`)
      const text = answer.text.replace(/\n$/, '')
      ctx.print(text, { text })
    }
  },
  health: {
    usage: ['health                             is the node up, and ready (else why not)'],
    run: async (ctx) => {
      const health = await callApi(ctx.api, 'GET', '/api/health')
      ctx.print([
        `ok: peer ${health.peerId}, version ${health.version}`,
        health.ready === true ? 'ready' : 'not ready:',
        ...(health.reasons ?? []).map((r: any) => `  ${r.code}: ${r.message}`)
      ].join('\n'), health)
    }
  }
}

/** Says when counts could not read the whole graph (a node that reached part of it answers what it could). */
function countsNote (user: { countsPartial?: boolean }): string {
  return user.countsPartial === true ? ' (partial: part of the network was out of reach)' : ''
}
