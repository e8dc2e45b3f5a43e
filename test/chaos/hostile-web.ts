/**
 * Hostile web requests at a running node while its users write: a page under a foreign
 * name (DNS rebinding: a foreign Host) registering, posting and reading; a foreign page
 * (a foreign Origin) logging in, posting and opening the events WebSocket; and many
 * concurrent wrong-password logins (test/support/web-client.ts). Wrongly accepted: any
 * of those answered as done, a WebSocket opened, a wrong password let in.
 */
import { openEventsSocket, sendWithHeaders, tryLogin } from '../support/web-client.js'
import { zeroCounts } from './report.js'
import { chaosPassword, startChaosCluster } from './scenario.js'
import type { ChaosScenario } from './scenario.js'

const EVIL = 'rebind.example'

export const hostileWeb: ChaosScenario = {
  name: 'hostile web (Host, Origin, logins)',
  run: async (ctx) => {
    const cluster = await startChaosCluster(ctx)
    try {
      const counts = zeroCounts()
      const ben = cluster.member('ben')
      const port = ben.api.split(':')[1]
      const auth = { authorization: `Bearer ${ben.token}` }
      let round = await cluster.writeFor(0, 0)
      let attacking = true
      const writing = (async () => { while (attacking) round = await cluster.writeFor(0, round) })()
      const accepted: string[] = []
      const expectRefused = (what: string, status: number | true): void => {
        counts.tried++
        if (status === true || (status >= 200 && status < 300)) accepted.push(`${what} (${String(status)})`)
      }
      let logins: Array<{ status: number }> = []
      try {
        const foreignHost = { host: `${EVIL}:${port}` }
        expectRefused('register under a foreign Host', (await sendWithHeaders(ben.api, 'POST', '/api/register', foreignHost, { username: 'mallory', password: 'mallory-password' })).status)
        expectRefused('post under a foreign Host', (await sendWithHeaders(ben.api, 'POST', '/api/posts', { ...foreignHost, ...auth }, { text: 'rebound' })).status)
        expectRefused('read messages under a foreign Host', (await sendWithHeaders(ben.api, 'GET', '/api/messages?with=ann', { ...foreignHost, ...auth })).status)
        const foreignOrigin = { host: ben.api, origin: `http://${EVIL}` }
        expectRefused('login from a foreign Origin', (await sendWithHeaders(ben.api, 'POST', '/api/login', foreignOrigin, { username: 'ben', password: chaosPassword('ben') })).status)
        expectRefused('post from a foreign Origin', (await sendWithHeaders(ben.api, 'POST', '/api/posts', { ...foreignOrigin, ...auth }, { text: 'forged' })).status)
        expectRefused('events WebSocket from a foreign Origin', await openEventsSocket(ben.api, { origin: `http://${EVIL}` }))
        logins = await Promise.all(Array.from({ length: ctx.scale.logins }, async () => tryLogin(ben.api, 'ben', 'wrong-password')))
        for (const login of logins) expectRefused('a wrong password', login.status)
      } finally {
        attacking = false
        await writing
      }
      counts.wronglyAccepted += accepted.length
      const honest = await cluster.work.settle(ctx.scale.settleMs)
      for (const key of ['tried', 'lost', 'divergent', 'duplicated'] as const) counts[key] += honest[key]
      const statuses = new Map<number, number>()
      for (const { status } of logins) statuses.set(status, (statuses.get(status) ?? 0) + 1)
      const notes = `accepted: ${accepted.length === 0 ? 'none' : accepted.join(', ')}; ${ctx.scale.logins} concurrent wrong logins: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; ${cluster.work.summary()}`
      return { counts, notes }
    } finally {
      await cluster.remove()
    }
  }
}
