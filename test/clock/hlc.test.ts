import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HybridLogicalClock, compareHlc, decodeHlc, encodeHlc, HLC_MAX_COUNTER } from '../../src/clock/index.js'

describe('hybrid logical clock', () => {
  it('follows the wall clock when it moves forward', () => {
    let wall = 1000
    const clock = new HybridLogicalClock(() => wall)
    assert.deepEqual(clock.now(), { wall: 1000, counter: 0 })
    wall = 1005
    assert.deepEqual(clock.now(), { wall: 1005, counter: 0 })
  })

  it('counts within one millisecond and when the wall clock goes back', () => {
    let wall = 2000
    const clock = new HybridLogicalClock(() => wall)
    clock.now()
    assert.deepEqual(clock.now(), { wall: 2000, counter: 1 })
    wall = 1500
    assert.deepEqual(clock.now(), { wall: 2000, counter: 2 })
  })

  it('stamps after a received timestamp from a clock that runs ahead', () => {
    const clock = new HybridLogicalClock(() => 1000)
    const remote = { wall: 9000, counter: 7 }
    clock.receive(remote)
    const next = clock.now()
    assert.ok(compareHlc(next, remote) > 0)
    assert.deepEqual(next, { wall: 9000, counter: 8 })
    clock.receive({ wall: 10, counter: 0 }) // an older one changes nothing
    assert.deepEqual(clock.now(), { wall: 9000, counter: 9 })
  })

  it('carries a full counter into the next millisecond', () => {
    const clock = new HybridLogicalClock(() => 5)
    clock.receive({ wall: 5, counter: HLC_MAX_COUNTER })
    assert.deepEqual(clock.now(), { wall: 6, counter: 0 })
  })

  it('round-trips the 64-bit wire form and keeps its order', () => {
    const a = { wall: 1_763_000_000_000, counter: 3 }
    const b = { wall: 1_763_000_000_000, counter: 4 }
    assert.deepEqual(decodeHlc(encodeHlc(a)), a)
    assert.ok(encodeHlc(a) < encodeHlc(b))
  })
})
