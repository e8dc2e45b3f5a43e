import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import { keystoreKey, openKeystore, verifyRecord } from '../../src/identity/index.js'
import type { ProcessNetwork } from '../support/processes.js'

const password = (user: string): string => `${user}-log-secret-Passw0rd`

/** The ways a secret could be written into a log line: hex, base64, base64url (a 30-byte prefix: whole base64 groups). */
function spellings (secret: Uint8Array): string[] {
  const prefix = Buffer.from(secret.subarray(0, 30))
  return [Buffer.from(secret).toString('hex'), prefix.toString('hex'), prefix.toString('base64'), prefix.toString('base64url')]
}

describe('node logs', () => {
  let net: ProcessNetwork
  const tokens: string[] = []

  before(async () => {
    // the most the two detailed levels write, request lines included (PARLEY_LOG is the
    // --log-level setting, config.test.ts shows the two agree)
    net = await startProcessNetwork(['ann', 'ben'], { password, env: (i) => ({ PARLEY_LOG: i === 0 ? 'trace' : 'debug' }), prefix: 'parley-logs-' })
  })

  after(async () => { await net?.remove() })

  it('at trace and debug, never carry passwords, tokens or key material', async () => {
    const [ann, ben] = net.members
    tokens.push(ann.token, ben.token)
    // log out and in again: the password crosses the API twice more
    assert.equal((await callHttp(ann.api, 'POST', '/api/logout', {}, ann.token)).status, 204)
    const login = await callHttp(ann.api, 'POST', '/api/login', { username: 'ann', password: password('ann') })
    assert.equal(login.status, 200, JSON.stringify(login.body))
    const token: string = login.body.token
    tokens.push(token)
    // a wrong password and a stale token are refused, and logged as such
    assert.equal((await callHttp(ann.api, 'POST', '/api/login', { username: 'ann', password: `${password('ann')}-wrong` })).status, 401)
    assert.equal((await callHttp(ann.api, 'GET', '/api/me', undefined, ann.token)).status, 401)
    assert.equal((await callHttp(ann.api, 'POST', '/api/posts', { text: 'hello from the log test' }, token)).status, 201)
    const sent = await callHttp(ann.api, 'POST', '/api/messages', { to: ['ben'], text: 'a secret note' }, token)
    assert.equal(sent.status, 201, JSON.stringify(sent.body))
    // the events socket takes its token in the query string, which request lines show
    const socket = new WebSocket(`ws://${ann.api}/api/events?token=${token}`)
    await new Promise<void>((resolve, reject) => { socket.onopen = () => { resolve() }; socket.onerror = () => { reject(new Error('events socket failed')) } })
    socket.close()
    await waitFor(async () => (await callHttp(ben.api, 'GET', '/api/messages?with=ann', undefined, ben.token)).body?.messages?.length > 0, 30_000, 'the DM to reach ben')
    await waitFor(() => ann.node!.output.join('').includes('"url":"/api/events'), 10_000, 'the socket request to be logged')
    await stopNodeProcess(ann.node!, 'SIGTERM')
    await stopNodeProcess(ben.node!, 'SIGTERM')

    const secrets: Array<[string, string]> = [
      ...['ann', 'ben'].map((u): [string, string] => [`${u}'s password`, password(u)]),
      ...tokens.map((t, i): [string, string] => [`token ${i}`, t])
    ]
    for (const m of net.members) {
      const device = privateKeyFromProtobuf(await readFile(join(m.data, 'device.key')))
      for (const s of spellings(device.raw)) secrets.push([`${m.user}'s device key`, s])
      const db = new DatabaseSync(join(m.data, 'parley.sqlite'), { readOnly: true })
      const row = db.prepare('SELECT user_key, keystore FROM accounts WHERE username = ?').get(m.user) as { user_key: Uint8Array, keystore: Uint8Array }
      db.close()
      const keystore = verifyRecord('keystore', keystoreKey(new Uint8Array(row.user_key)), new Uint8Array(row.keystore), Number.MAX_SAFE_INTEGER)
      const keys = await openKeystore(keystore.record, password(m.user))
      for (const s of [...spellings(keys.signingSecret), ...spellings(keys.encryptionSecret)]) secrets.push([`${m.user}'s user secret key`, s])
    }

    const logs = net.members.map((m) => ({ user: m.user, text: m.node!.output.join('\n') }))
    const annLog = logs[0].text
    for (const { user, text } of logs) {
      for (const [what, secret] of secrets) assert.ok(!text.includes(secret), `${what} appears in ${user}'s log`)
    }
    // the logs did see the requests these secrets travelled in
    assert.match(annLog, /"msg":"incoming request"/, 'ann logs each request at trace')
    assert.match(annLog, /"url":"\/api\/login"/)
    assert.ok(annLog.includes('/api/events?token=[redacted]'), 'the socket URL is logged, its token blanked')
    assert.match(logs[1].text, /"level":20/, 'ben logs at debug')
  })
})
