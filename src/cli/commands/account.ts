import { ApiError } from '../../api/index.js'
import { UsageError } from '../args.js'
import { callApi, saveToken } from '../client.js'
import { requestApi } from '../http.js'
import { readPassword } from '../password.js'
import type { ClientContext, CommandTable } from './types.js'

const PASSWORD = { password: { type: 'string' }, 'stay-signed-in': { type: 'boolean' }, replace: { type: 'boolean' } } as const

async function enter (ctx: ClientContext, command: 'register' | 'login'): Promise<void> {
  const username = ctx.need(0, 'USERNAME')
  const staySignedIn = ctx.values['stay-signed-in'] === true
  const body = { username, password: await readPassword(ctx.values.password), ...(staySignedIn ? { staySignedIn } : {}), ...(ctx.values.replace === true ? { replace: true } : {}) }
  const answer = await callApi(ctx.api, 'POST', `/api/${command}`, { body })
  await saveToken(ctx.api, answer.token)
  const kept = staySignedIn ? ', staying signed in across restarts' : ''
  ctx.print(`${command === 'register' ? 'registered and logged in' : 'logged in'} as ${answer.user.username} (${answer.user.userId})${kept}`, answer)
}

function when (ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
}

/** Account and node commands of the node issue. */
export const accountCommands: CommandTable = {
  register: {
    usage: ['register USERNAME [--password P] [--stay-signed-in] [--replace]   create a user on the node and log in'],
    options: PASSWORD,
    run: async (ctx) => { await enter(ctx, 'register') }
  },
  login: {
    // --stay-signed-in: the session outlives a node restart; --replace: ends another user's sessions here
    usage: ['login USERNAME [--password P] [--stay-signed-in] [--replace]   log in: one more session beside the others'],
    options: PASSWORD,
    run: async (ctx) => { await enter(ctx, 'login') }
  },
  link: {
    usage: ['link USERNAME CODE [--name NAME]   join USERNAME\'s account on this node with the code a device of it shows (parley devices link there)'],
    options: { name: { type: 'string' } },
    run: async (ctx) => {
      const username = ctx.need(0, 'USERNAME')
      const code = ctx.need(1, 'CODE')
      const answer = await callApi(ctx.api, 'POST', '/api/link', { body: { username, code, ...(ctx.values.name != null ? { deviceName: ctx.values.name } : {}) } })
      await saveToken(ctx.api, answer.token)
      ctx.print(`linked: this node is ${username}'s device "${answer.device.name}"; ${answer.copied.rows} records copied (${answer.copied.bytes} bytes); signed in, staying signed in across restarts`, answer)
    }
  },
  logout: {
    usage: ['logout [--everywhere]              end this session, or every one of the user here; the last locks the keys'],
    options: { everywhere: { type: 'boolean' } },
    run: async (ctx) => {
      const everywhere = ctx.values.everywhere === true
      await callApi(ctx.api, 'POST', '/api/logout', { token: ctx.token, ...(everywhere ? { body: { everywhere } } : {}) })
      await saveToken(ctx.api, undefined)
      ctx.print(everywhere ? 'logged out everywhere on this node' : 'logged out', { ok: true })
    }
  },
  sessions: {
    usage: ['sessions                           the sessions of the logged-in user on this node', 'sessions end ID                    end one of them'],
    run: async (ctx) => {
      if (ctx.positionals[0] === 'end') {
        const id = ctx.need(1, 'ID')
        await callApi(ctx.api, 'DELETE', `/api/sessions/${encodeURIComponent(id)}`, { token: ctx.token })
        ctx.print(`session ${id} ended`, { ok: true })
        return
      }
      if (ctx.positionals.length > 0) throw new UsageError('sessions takes no argument, or: sessions end ID')
      const list = await callApi(ctx.api, 'GET', '/api/sessions', { token: ctx.token })
      ctx.print(list.map((s: any) => `${s.id}${s.current === true ? ' (this one)' : ''}  started ${when(s.createdAt)}, last used ${when(s.lastUsedAt)}${s.staySignedIn === true ? ', stays signed in' : ''}`).join('\n'), list)
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
