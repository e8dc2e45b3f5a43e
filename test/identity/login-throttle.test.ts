import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KdfBusyError, LoginRateLimitedError, LoginThrottle, WrongPasswordError } from '../../src/identity/index.js'
import { VirtualClock } from '../../src/kernel/index.js'

/** The wait a LoginRateLimitedError asks for, or 0 when the attempt was let through. */
function waitOf (throttle: LoginThrottle, username: string, client?: string): number {
  try {
    throttle.attempt({ username, client })
    return 0
  } catch (err) {
    if (!(err instanceof LoginRateLimitedError)) throw err
    assert.equal(err.code, 'login_rate_limited')
    return err.retryAfterMs
  }
}

describe('LoginThrottle', () => {
  it('lets the free attempts through, then doubles the wait after each further one', () => {
    const clock = new VirtualClock(1_000_000)
    const throttle = new LoginThrottle(clock, { freeAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 4_000 })
    for (let i = 0; i < 4; i++) assert.equal(waitOf(throttle, 'alice'), 0, `attempt ${i + 1}`)
    assert.equal(waitOf(throttle, 'alice'), 1_000)
    clock.advance(999)
    assert.equal(waitOf(throttle, 'alice'), 1)
    clock.advance(1)
    assert.equal(waitOf(throttle, 'alice'), 0)
    assert.equal(waitOf(throttle, 'alice'), 2_000)
    clock.advance(2_000)
    assert.equal(waitOf(throttle, 'alice'), 0)
    assert.equal(waitOf(throttle, 'alice'), 4_000)
    clock.advance(4_000)
    assert.equal(waitOf(throttle, 'alice'), 0)
    assert.equal(waitOf(throttle, 'alice'), 4_000, 'capped at maxDelayMs')
    // another username is not held up by alice's
    assert.equal(waitOf(throttle, 'bob'), 0)
  })

  it('limits a client across usernames, and a username across clients', () => {
    const clock = new VirtualClock(0)
    const throttle = new LoginThrottle(clock, { freeAttempts: 2, baseDelayMs: 500 })
    for (const name of ['u1', 'u2', 'u3']) assert.equal(waitOf(throttle, name, '10.0.0.1'), 0)
    assert.equal(waitOf(throttle, 'u4', '10.0.0.1'), 500)
    assert.equal(waitOf(throttle, 'u4', '10.0.0.2'), 0)
    for (const client of ['10.0.0.3', '10.0.0.4']) assert.equal(waitOf(throttle, 'u4', client), 0)
    assert.ok(waitOf(throttle, 'u4', '10.0.0.5') > 0, 'u4 tried from four clients')
  })

  it('a correct password clears its username and client; a refunded attempt does not count', () => {
    const clock = new VirtualClock(0)
    const throttle = new LoginThrottle(clock, { freeAttempts: 1, baseDelayMs: 1_000 })
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
    throttle.refund({ username: 'alice', client: 'c' })
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
    assert.equal(waitOf(throttle, 'alice', 'c'), 1_000)
    clock.advance(1_000)
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
    throttle.succeeded({ username: 'alice', client: 'c' })
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
    assert.equal(waitOf(throttle, 'alice', 'c'), 0)
  })

  it('limit: a failure counts, a busy node gives the attempt back, a success clears', async () => {
    const throttle = new LoginThrottle(new VirtualClock(0), { freeAttempts: 1, baseDelayMs: 1_000 })
    const who = { username: 'alice', client: 'c' }
    await assert.rejects(throttle.limit(who, async () => { throw new KdfBusyError('busy') }), KdfBusyError)
    await assert.rejects(throttle.limit(who, async () => { throw new KdfBusyError('busy') }), KdfBusyError)
    await assert.rejects(throttle.limit(who, async () => { throw new WrongPasswordError('wrong') }), WrongPasswordError)
    assert.equal(await throttle.limit(who, async () => 'in'), 'in', 'two busy answers did not count')
    await assert.rejects(throttle.limit(who, async () => { throw new WrongPasswordError('wrong') }), WrongPasswordError)
    await assert.rejects(throttle.limit(who, async () => { throw new WrongPasswordError('wrong') }), WrongPasswordError)
    await assert.rejects(throttle.limit(who, async () => 'in'), LoginRateLimitedError)
  })

  it('forgets a quiet key, and remembers at most maxTracked keys', () => {
    const clock = new VirtualClock(0)
    const throttle = new LoginThrottle(clock, { freeAttempts: 1, baseDelayMs: 1_000, forgetAfterMs: 60_000, maxTracked: 4 })
    waitOf(throttle, 'alice')
    waitOf(throttle, 'alice')
    clock.advance(60_000)
    assert.equal(waitOf(throttle, 'alice'), 0, 'quiet for forgetAfterMs: starts over')
    assert.equal(waitOf(throttle, 'alice'), 0)
    assert.equal(waitOf(throttle, 'alice'), 1_000)
    for (const name of ['b1', 'b2', 'b3', 'b4']) waitOf(throttle, name)
    assert.equal(waitOf(throttle, 'alice'), 0, 'the least recently seen key was dropped')
  })
})
