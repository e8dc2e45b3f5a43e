import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EventQueue, VirtualClock } from '../../src/kernel/index.js'

test('virtual timers run in time order, same-instant ones in the order they were set, soon work before later timers', () => {
  const clock = new VirtualClock(100)
  const ran: string[] = []
  clock.after(20, () => { ran.push(`b@${clock.now()}`); clock.soon(() => { ran.push(`b-soon@${clock.now()}`) }) })
  clock.after(10, () => { ran.push(`a@${clock.now()}`) })
  clock.after(20, () => { ran.push(`c@${clock.now()}`) })
  const cancelled = clock.after(15, () => { ran.push('cancelled') })
  cancelled.cancel()
  const every = clock.every(12, () => { ran.push(`every@${clock.now()}`) })
  assert.equal(clock.nextAt, 110)
  clock.advance(30)
  every.cancel()
  assert.deepEqual(ran, ['a@110', 'every@112', 'b@120', 'b-soon@120', 'c@120', 'every@124'])
  assert.equal(clock.now(), 130)
  assert.equal(clock.nextAt, Infinity)
})

test('runNext runs one due timer at a time and stops at the limit', () => {
  const clock = new VirtualClock()
  const ran: number[] = []
  for (const at of [5, 1, 3]) clock.after(at, () => { ran.push(at) })
  assert.equal(clock.runNext(2), true)
  assert.deepEqual(ran, [1])
  assert.equal(clock.runNext(2), false)
  assert.equal(clock.now(), 1)
  while (clock.runNext());
  assert.deepEqual(ran, [1, 3, 5])
})

test('the event queue pops by time, ties in insertion order, and peeks without taking', () => {
  const queue = new EventQueue<string>()
  for (const [at, item] of [[3, 'c'], [1, 'a'], [3, 'd'], [2, 'b']] as const) queue.push(at, item)
  assert.equal(queue.peek()?.at, 1)
  assert.equal(queue.peek()?.item, 'a')
  assert.equal(queue.size, 4)
  const out: string[] = []
  for (let e = queue.pop(); e != null; e = queue.pop()) out.push(e.item)
  assert.deepEqual(out, ['a', 'b', 'c', 'd'])
})
