import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createUserKeys, keystoreKey, nameKey, sealKeystore, signRecord } from '../../src/identity/index.js'
import { TEST_SCRYPT, startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { memoryOf, startNodeProcess, stopNodeProcess } from '../support/processes.js'
import { tryLogin as login } from '../support/web-client.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'

const MiB = 2 ** 20
/** must show 4 of issue 19 */
const RSS_LIMIT = 300 * MiB
/** a node past this is killed, so a node that does not hold back cannot take the machine down */
const RSS_KILL = 1024 * MiB

/** Publishes, from `publisher`, a name claim and a keystore asking scrypt for N = 2^logN, r, p. */
async function publishHostileUser (publisher: TestNode, username: string, logN: number, r: number, p: number): Promise<void> {
  const keys = createUserKeys()
  const claim = signRecord('name-claim', { username, userKey: keys.userKey, createdAt: BigInt(Date.now()) }, keys.signingSecret)
  const keystore = { ...await sealKeystore(keys, `${username}-password`, 1n, TEST_SCRYPT), scryptLogN: logN, scryptR: r, scryptP: p }
  await publisher.parley.directory.publish(nameKey(username), claim)
  await publisher.parley.directory.publish(keystoreKey(keys.userKey), signRecord('keystore', keystore, keys.signingSecret))
}

/**
 * Issue 19, defect 3, against a real `parley node`: each login cost a 128 MiB scrypt at
 * once (20 concurrent wrong passwords: 88 MiB to 2.6 GiB), and a keystore from the DHT
 * with N = 2^20, r = 16, p = 4 answered 500, with r = 15 took 1.9 GiB.
 */
describe('logins cannot exhaust a node', () => {
  let bootstrap: TestNode
  let node: NodeProcess
  let dir: string
  let pid: number
  let highest = 0
  let monitor: NodeJS.Timeout

  /** the node's peak RSS so far: VmHWM, or the highest RSS seen once it was killed */
  const peak = async (): Promise<number> => memoryOf(pid, 'VmHWM').catch(() => highest)
  const describePeak = (bytes: number): string => `peak RSS ${(bytes / MiB).toFixed(0)} MiB${highest > RSS_KILL ? ` (killed past ${RSS_KILL / MiB} MiB)` : ''}`

  before(async () => {
    bootstrap = await startTestNode({ scrypt: TEST_SCRYPT })
    dir = await tempDir()
    // the login limit raised so that every login reaches key derivation: the memory
    // bound must hold without the rate limit's help; the KDF queue keeps its defaults
    node = await startNodeProcess({ data: join(dir, 'node'), bootstrap: [bootstrap.addr], args: ['--login-attempts', '1000'] })
    pid = node.child.pid!
    monitor = setInterval(() => {
      memoryOf(pid, 'VmRSS').then((rss) => {
        highest = Math.max(highest, rss)
        if (rss > RSS_KILL) node.child.kill('SIGKILL')
      }).catch(() => {})
    }, 20)
    // hank's keystore at the default cost (N = 2^17, r = 8: 128 MiB a login)
    await waitFor(async () => (await fetch(`http://${node.api}/api/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hank', password: 'hank-password' })
    })).status === 201, 30_000, 'hank registered')
  })

  after(async () => {
    clearInterval(monitor)
    await stopNodeProcess(node)
    await bootstrap.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('100 concurrent wrong-password logins keep it under 300 MiB: a few derive, the rest are told to come back', async () => {
    const before = await memoryOf(pid, 'VmRSS')
    const answers = await Promise.all(Array.from({ length: 100 }, async () => login(node.api, 'hank', 'wrong-password')))
    const hwm = await peak()
    const count = (status: number): number => answers.filter((a) => a.status === status).length
    console.log(`RSS before ${(before / MiB).toFixed(0)} MiB, ${describePeak(hwm)}; ${count(401)} × 401, ${count(503)} × 503, ${count(0)} unanswered`)
    assert.ok(hwm < RSS_LIMIT, describePeak(hwm))
    assert.equal(count(401) + count(503), 100, JSON.stringify(answers.filter((a) => a.status !== 401 && a.status !== 503)))
    assert.ok(count(401) >= 1, 'some logins derived the key and found the password wrong')
    assert.ok(count(503) >= 1, 'the queue is bounded')
    for (const busy of answers.filter((a) => a.status === 503)) {
      assert.equal(busy.code, 'kdf_busy')
      assert.equal(busy.retryAfter, '1')
    }
    // the node still serves, and the right password still works
    assert.equal((await login(node.api, 'hank', 'hank-password')).status, 200)
  })

  it('a keystore from the DHT asking scrypt for N = 2^20 with r = 16, p = 4 or r = 15 is refused with 422, without deriving', async () => {
    await publishHostileUser(bootstrap, 'mallory', 20, 16, 4)
    await publishHostileUser(bootstrap, 'trudy', 20, 15, 1)
    for (const username of ['mallory', 'trudy']) {
      const answer = await login(node.api, username, `${username}-password`)
      assert.equal(answer.status, 422, `${username}: ${JSON.stringify(answer)}`)
      assert.equal(answer.code, 'keystore_too_costly')
    }
    const hwm = await peak()
    assert.ok(hwm < RSS_LIMIT, describePeak(hwm))
  })
})
