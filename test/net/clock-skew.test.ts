import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork } from '../support/processes.js'

/**
 * Issue 17, must show 4: nodes whose clocks are 10 min off (libfaketime moves the wall
 * clock of the whole process, as a wrongly set system clock would) resolve users, are
 * resolved by them, and are told their clock is off.
 */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'
const USERS = ['ann', 'ben', 'cat', 'dan', 'eve']
const OFFSETS: Record<string, string> = { dan: '+10m', eve: '-10m' }
const TEN_MINUTES = 600_000

describe('nodes with clocks 10 min off', () => {
  let network: ProcessNetwork | undefined
  let members: ProcessMember[] = []
  const by = (user: string): ProcessMember => members.find((m) => m.user === user)!
  const call = async (m: ProcessMember, method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> => callHttp(m.api, method, path, body, m.token)

  before(async () => {
    assert.ok(existsSync(LIBFAKETIME), `needs libfaketime (Debian: faketime) at ${LIBFAKETIME}`)
    network = await startProcessNetwork(USERS, {
      password: (user) => `${user}-password`,
      prefix: 'parley-skew-',
      env: (i): Record<string, string> => OFFSETS[USERS[i]] == null ? {} : { LD_PRELOAD: LIBFAKETIME, FAKETIME: OFFSETS[USERS[i]], FAKETIME_DONT_FAKE_MONOTONIC: '1' }
    })
    members = network.members
  })

  after(async () => {
    await network?.remove()
  })

  it('are told their clock is off: /api/network, /api/health (503 as a readiness probe), and the log', async () => {
    const skewOf = async (user: string): Promise<number | null> => (await call(by(user), 'GET', '/api/network')).body.clockSkewMs
    await waitFor(async () => (await Promise.all(USERS.map(skewOf))).every((s) => s != null), 30_000, 'every node to compare its clock')
    const dan = (await skewOf('dan'))!
    const eve = (await skewOf('eve'))!
    assert.ok(Math.abs(dan + TEN_MINUTES) < 30_000, `dan's clock is 10 min ahead: peers ${dan} ms`)
    assert.ok(Math.abs(eve - TEN_MINUTES) < 30_000, `eve's clock is 10 min behind: peers ${eve} ms`)
    const ann = (await skewOf('ann'))!
    assert.ok(Math.abs(ann) < 30_000, `ann's clock agrees with the median of its peers: ${ann} ms`)
    for (const user of ['dan', 'eve']) {
      const health = await call(by(user), 'GET', '/api/health')
      assert.equal(health.status, 200)
      assert.equal(health.body.ready, false)
      assert.ok(health.body.reasons.some((r: any) => r.code === 'clock_skew' && /clock is 6\d\d s/.test(r.message)), JSON.stringify(health.body.reasons))
      assert.equal((await call(by(user), 'GET', '/api/health?ready')).status, 503)
      assert.ok(by(user).node!.output.some((line) => line.includes('clock is') && line.includes('its peers')), `${user}'s log says so`)
    }
    const annHealth = await call(by('ann'), 'GET', '/api/health')
    assert.ok(!annHealth.body.reasons.some((r: any) => r.code === 'clock_skew'), JSON.stringify(annHealth.body.reasons))
  })

  it('resolve users and are resolved by them, and message them directly', async () => {
    for (const skewed of ['dan', 'eve']) {
      for (const other of ['ann', 'ben']) {
        const found = await call(by(skewed), 'GET', `/api/users/${other}`)
        assert.equal(found.status, 200, `${skewed} finds ${other}: ${JSON.stringify(found.body)}`)
        const back = await call(by(other), 'GET', `/api/users/${skewed}`)
        assert.equal(back.status, 200, `${other} finds ${skewed}: ${JSON.stringify(back.body)}`)
      }
    }
    // (dan and eve are 20 min apart, beyond the 15 min window: each talks with the others)
    for (const [from, to] of [['dan', 'ann'], ['ann', 'dan'], ['eve', 'ben'], ['ben', 'eve']]) {
      const text = `${from} to ${to}, 10 min apart`
      const sent = await call(by(from), 'POST', '/api/messages', { to: [to], text })
      assert.equal(sent.status, 201, JSON.stringify(sent.body))
      // the sender reads the recipient's last-seen time on the peers' clock: online, so direct
      assert.equal(sent.body.status, 'delivered', `${from} → ${to}: ${JSON.stringify(sent.body.recipients)}`)
      await waitFor(async () => (await call(by(to), 'GET', `/api/messages?with=${from}`)).body.messages.some((m: any) => m.text === text), 15_000, `${to} to get ${from}'s message`)
    }
  })
})
