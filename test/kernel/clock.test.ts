import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { VirtualClock, systemClock } from '../../src/kernel/index.js'

describe('clocks', () => {
  it('virtual time runs timers in time order, same-instant ones in the order set, and soon work first', () => {
    const clock = new VirtualClock(1_000)
    const seen: string[] = []
    clock.after(30, () => { seen.push(`b@${clock.now()}`) })
    clock.after(10, () => {
      seen.push(`a@${clock.now()}`)
      clock.soon(() => { seen.push(`a-soon@${clock.now()}`) })
    })
    clock.after(30, () => { seen.push(`c@${clock.now()}`) })
    const cancelled = clock.after(20, () => { seen.push('never') })
    cancelled.cancel()
    clock.soon(() => { seen.push(`soon@${clock.now()}`) })
    assert.equal(clock.nextAt, 1_010)
    clock.advance(25)
    assert.deepEqual(seen, ['soon@1000', 'a@1010', 'a-soon@1010'])
    assert.equal(clock.now(), 1_025)
    clock.advanceTo(2_000)
    assert.deepEqual(seen.slice(3), ['b@1030', 'c@1030'])
    assert.equal(clock.nextAt, Infinity)
  })

  it('a repeating virtual timer fires every interval until cancelled', () => {
    const clock = new VirtualClock()
    const at: number[] = []
    const timer = clock.every(100, () => {
      at.push(clock.now())
      if (at.length === 3) timer.cancel()
    })
    clock.advance(1_000)
    assert.deepEqual(at, [100, 200, 300])
  })

  it('the system clock reads Date.now and its timers fire', async () => {
    const before = Date.now()
    assert.ok(Math.abs(systemClock.now() - before) < 1_000)
    await new Promise<void>((resolve) => { systemClock.after(5, resolve) })
    await new Promise<void>((resolve) => { systemClock.soon(resolve) })
    let fired = 0
    await new Promise<void>((resolve) => {
      const timer = systemClock.every(2, () => {
        if (++fired === 2) {
          timer.cancel()
          resolve()
        }
      })
    })
    assert.equal(fired, 2)
  })
})
