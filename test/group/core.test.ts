import assert from 'node:assert/strict'
import { test } from 'node:test'
import { initialState, rankPreferredHosts, restore, persistentPart, step } from '../../src/group/core/index.js'
import type { GroupEntry, GroupInput, GroupMessage, GroupOutput, GroupState, GroupTiming } from '../../src/group/core/index.js'

const T: GroupTiming = { heartbeatMs: 50, electionTimeoutMs: 200, rankDelayMs: 100, resendMs: 200, maxBatch: 512 }
const MEMBERS = ['a', 'b', 'c']
const body = new Uint8Array(0)
const entry = (sender: string, seq: number): GroupEntry => ({ id: `${sender}${seq}`, sender, seq, body })

function run (state: GroupState, input: GroupInput): GroupOutput[] {
  return step(state, input, T).outputs
}
function recv (state: GroupState, from: string, message: GroupMessage, now = 0): GroupOutput[] {
  return run(state, { type: 'receive', now, from, message })
}
function sends (outputs: GroupOutput[]): Array<{ to: string, message: GroupMessage }> {
  return outputs.flatMap((o) => o.type === 'send' ? [{ to: o.to, message: o.message }] : [])
}

/** `m`'s election timer runs out at `now` and b grants its pre-vote: it stands (collects) in its term + 1. */
function stand (m: GroupState, now: number): GroupOutput[] {
  run(m, { type: 'tick', now })
  return recv(m, 'b', { type: 'pre-collect-reply', term: m.term + 1, granted: true, round: now }, now)
}

/** `a` elected host of term 1 with b's vote; c never answered. */
function hostA (): GroupState {
  const a = initialState('a', MEMBERS, MEMBERS, 0)
  stand(a, 200)
  recv(a, 'b', { type: 'collect-reply', term: 1, logTerm: 0, length: 0, commitIndex: 0, entries: [] }, 201)
  return a
}

test('host ranking: lowest mean RTT to all others first, ties by id', () => {
  const maps = {
    a: { b: 10, c: 10, d: 10 },
    b: { a: 10, c: 50, d: 50 },
    c: { a: 10, b: 50, d: 5 },
    d: { a: 10, b: 50, c: 5 }
  }
  // means: a 10, b 36.7, c 21.7, d 21.7 → a, then c and d tied (c first by id), then b
  assert.deepEqual(rankPreferredHosts(['b', 'd', 'c', 'a'], maps), ['a', 'c', 'd', 'b'])
  // a member nobody measured goes last
  assert.deepEqual(rankPreferredHosts(['a', 'b', 'z'], { a: { b: 1 }, b: { a: 1 } }), ['a', 'b', 'z'])
})

test('the most preferred member stands first; later ranks wait longer', () => {
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  assert.deepEqual(run(b, { type: 'tick', now: 250 }), []) // rank 1 waits 200 + 100
  const a = initialState('a', MEMBERS, MEMBERS, 0)
  // first a pre-vote: nobody's term changes until a majority would vote
  assert.deepEqual(sends(run(a, { type: 'tick', now: 200 })), [
    { to: 'b', message: { type: 'pre-collect', term: 1, members: 3, round: 200 } },
    { to: 'c', message: { type: 'pre-collect', term: 1, members: 3, round: 200 } }
  ])
  assert.deepEqual([a.role, a.term, a.votedFor], ['follower', 0, null])
  const out = recv(a, 'b', { type: 'pre-collect-reply', term: 1, granted: true, round: 200 }, 201)
  assert.equal(a.role, 'candidate')
  assert.equal(a.term, 1)
  assert.equal(a.votedFor, 'a')
  assert.deepEqual(sends(out), [
    { to: 'b', message: { type: 'collect', term: 1, commitIndex: 0 } },
    { to: 'c', message: { type: 'collect', term: 1, commitIndex: 0 } }
  ])
})

test('a member answers one collect per term, with its state', () => {
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  b.log.push(entry('b', 1))
  b.logTerm = 0
  const out = recv(b, 'a', { type: 'collect', term: 1, commitIndex: 0 }, 10)
  assert.equal(b.term, 1)
  assert.equal(b.votedFor, 'a')
  assert.deepEqual(sends(out), [{ to: 'a', message: { type: 'collect-reply', term: 1, logTerm: 0, length: 1, commitIndex: 0, entries: [entry('b', 1)] } }])
  assert.deepEqual(recv(b, 'c', { type: 'collect', term: 1, commitIndex: 0 }, 11), [], 'no second vote in term 1')
})

test('state migration: the new host continues from the most advanced log of the majority', () => {
  const a = initialState('a', MEMBERS, MEMBERS, 0)
  a.term = 3
  a.logTerm = 2
  a.log.push(entry('a', 1))
  a.commitIndex = 1
  stand(a, 200)
  // b holds a longer log of a later host term: a takes it, including b's uncommitted entry
  const out = recv(a, 'b', { type: 'collect-reply', term: 4, logTerm: 3, length: 3, commitIndex: 1, entries: [entry('c', 1), entry('b', 1)] }, 201)
  assert.equal(a.role, 'host')
  assert.equal(a.logTerm, 4)
  assert.deepEqual(a.log.map((e) => e.id), ['a1', 'c1', 'b1'])
  assert.equal(a.commitIndex, 1, 'migrated entries are not committed until a majority stores them in term 4')
  assert.deepEqual(sends(out), [
    { to: 'b', message: { type: 'append', term: 4, prev: 1, entries: [entry('c', 1), entry('b', 1)], commitIndex: 1, reset: true } },
    { to: 'c', message: { type: 'append', term: 4, prev: 3, entries: [], commitIndex: 1, reset: false } }
  ])
  assert.ok(out.some((o) => o.type === 'role' && o.role === 'host' && o.term === 4))
})

test('the host assigns positions, replicates and commits once a majority stored', () => {
  const a = hostA()
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 0, commitIndex: 0 }, 202)
  const out = recv(a, 'b', { type: 'submit', term: 1, entries: [entry('b', 1), entry('b', 2)] }, 210)
  assert.deepEqual(a.log.map((e) => e.id), ['b1', 'b2'])
  assert.equal(a.commitIndex, 0)
  assert.deepEqual(sends(out), [{ to: 'b', message: { type: 'append', term: 1, prev: 0, entries: [entry('b', 1), entry('b', 2)], commitIndex: 0, reset: false } }])
  const acked = recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 2, commitIndex: 0 }, 215)
  assert.equal(a.commitIndex, 2, 'a and b of three members stored both')
  assert.deepEqual(acked.filter((o) => o.type === 'deliver'), [{ type: 'deliver', from: 0, entries: [entry('b', 1), entry('b', 2)] }])
})

test('a commit moves: members get an unanswered notice; heartbeats and refused notices are answered', () => {
  const a = hostA()
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 0, commitIndex: 0 }, 202)
  recv(a, 'b', { type: 'submit', term: 1, entries: [entry('b', 1)] }, 210)
  const acked = recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 1, commitIndex: 0 }, 215)
  assert.deepEqual(sends(acked), [{ to: 'b', message: { type: 'append', term: 1, prev: 1, entries: [], commitIndex: 1, reset: false, notice: true } }])
  // b's side: it stores the entry (answered), takes the notice (not answered), answers a heartbeat
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  recv(b, 'a', { type: 'collect', term: 1, commitIndex: 0 }, 201)
  recv(b, 'a', { type: 'append', term: 1, prev: 0, entries: [], commitIndex: 0, reset: true }, 202)
  assert.equal(sends(recv(b, 'a', { type: 'append', term: 1, prev: 0, entries: [entry('b', 1)], commitIndex: 0, reset: false }, 212)).length, 1)
  const notice = recv(b, 'a', { type: 'append', term: 1, prev: 1, entries: [], commitIndex: 1, reset: false, notice: true }, 216)
  assert.deepEqual(sends(notice), [])
  assert.deepEqual(notice.filter((o) => o.type === 'deliver'), [{ type: 'deliver', from: 0, entries: [entry('b', 1)] }])
  assert.deepEqual(sends(recv(b, 'a', { type: 'append', term: 1, prev: 1, entries: [], commitIndex: 1, reset: false }, 250)), [{ to: 'a', message: { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 1, commitIndex: 1 } }])
  // a notice b cannot take (it lacks entries) is refused, and so answered
  assert.deepEqual(sends(recv(b, 'a', { type: 'append', term: 1, prev: 3, entries: [], commitIndex: 3, reset: false, notice: true }, 260)), [{ to: 'a', message: { type: 'append-reply', term: 1, ok: false, logTerm: 1, length: 1, commitIndex: 1 } }])
})

test('resends are idempotent and each sender stays in order', () => {
  const a = hostA()
  recv(a, 'b', { type: 'submit', term: 1, entries: [entry('b', 1)] }, 210)
  recv(a, 'b', { type: 'submit', term: 1, entries: [entry('b', 1), entry('b', 2)] }, 211)
  recv(a, 'c', { type: 'submit', term: 1, entries: [entry('c', 2)] }, 212) // c's first is missing: a gap
  recv(a, 'c', { type: 'submit', term: 1, entries: [entry('b', 3)] }, 213) // c cannot submit for b
  assert.deepEqual(a.log.map((e) => e.id), ['b1', 'b2'])
})

test('without a majority a message stays pending in the outbox', () => {
  const a = hostA()
  run(a, { type: 'send', now: 220, id: 'x', body })
  assert.equal(a.log.length, 1)
  assert.equal(a.commitIndex, 0)
  assert.deepEqual(a.outbox.map((e) => e.id), ['x'])
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 1, commitIndex: 0 }, 230)
  assert.equal(a.commitIndex, 1)
  assert.deepEqual(a.outbox, [], 'committed: no longer pending')
})

test('a stale host is ignored and told the newer term', () => {
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  b.term = 5
  const out = recv(b, 'a', { type: 'append', term: 4, prev: 0, entries: [entry('a', 1)], commitIndex: 0, reset: true }, 10)
  assert.equal(b.log.length, 0)
  assert.deepEqual(sends(out), [{ to: 'a', message: { type: 'append-reply', term: 5, ok: false, logTerm: 0, length: 0, commitIndex: 0 } }])
  const a = hostA()
  recv(a, 'b', { type: 'append-reply', term: 5, ok: false, logTerm: 0, length: 0, commitIndex: 0 }, 300)
  assert.equal(a.role, 'follower')
  assert.equal(a.term, 5)
})

test('a member of an older log term adopts the host log only whole, keeping its committed prefix', () => {
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  b.term = 1
  b.logTerm = 1
  b.log.push(entry('a', 1), entry('b', 1), entry('b', 2))
  b.commitIndex = 1
  const partial = recv(b, 'c', { type: 'append', term: 2, prev: 3, entries: [], commitIndex: 2, reset: false }, 10)
  assert.deepEqual(sends(partial), [{ to: 'c', message: { type: 'append-reply', term: 2, ok: false, logTerm: 1, length: 3, commitIndex: 1 } }])
  assert.equal(b.host, 'c')
  const out = recv(b, 'c', { type: 'append', term: 2, prev: 1, entries: [entry('c', 1)], commitIndex: 2, reset: true }, 20)
  assert.deepEqual(b.log.map((e) => e.id), ['a1', 'c1'])
  assert.equal(b.logTerm, 2)
  assert.equal(b.commitIndex, 2)
  assert.deepEqual(out.filter((o) => o.type === 'log'), [{ type: 'log', from: 1, entries: [entry('c', 1)] }])
})

test('a member of an older log that refuses a burst of queued appends gets one reset per resend interval', () => {
  // the old host, stopped (SIGSTOP) and replaced, resumes and refuses each heartbeat the new
  // host sent it meanwhile: each copy of the reset carries the whole log it lacks
  const a = hostA()
  for (let i = 1; i <= 3; i++) run(a, { type: 'send', now: 202, id: `a${i}`, body })
  const refused = { type: 'append-reply', term: 1, ok: false, logTerm: 0, length: 0, commitIndex: 0 } as const
  const resets = (outputs: GroupOutput[]): number => sends(outputs).filter((x) => x.to === 'c' && x.message.type === 'append' && x.message.reset).length
  let sent = 0
  for (let i = 0; i < 30; i++) sent += resets(recv(a, 'c', refused, 210 + i))
  assert.equal(sent, 1, 'one reset for 30 refusals in 30 ms')
  // a reset lost on the way: the member still refuses a heartbeat a resend interval later and gets it again
  const again = sends(recv(a, 'c', refused, 210 + T.resendMs))
  assert.deepEqual(again, [{ to: 'c', message: { type: 'append', term: 1, prev: 0, entries: a.log, commitIndex: a.commitIndex, reset: true } }])
})

test('an uncommitted message is resent to a new host after a restart', () => {
  const b = initialState('b', MEMBERS, MEMBERS, 0)
  run(b, { type: 'send', now: 1, id: 'm', body })
  const restarted = restore(structuredClone(persistentPart(b)), 500)
  assert.equal(restarted.host, null)
  const out = recv(restarted, 'c', { type: 'append', term: 1, prev: 0, entries: [], commitIndex: 0, reset: true }, 501)
  assert.deepEqual(sends(out)[0], { to: 'c', message: { type: 'submit', term: 1, entries: [{ id: 'm', sender: 'b', seq: 1, body }] } })
})

test('adding a member: one change at a time, once the term is established; it counts at once', () => {
  const a = hostA()
  const addD: GroupEntry = { ...entry('b', 1), config: ['a', 'b', 'c', 'd'] }
  recv(a, 'b', { type: 'submit', term: 1, entries: [addD] }, 210)
  assert.equal(a.log.length, 0, 'no majority has taken this term\'s log yet: the change waits')
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 0, commitIndex: 0 }, 211)
  recv(a, 'b', { type: 'submit', term: 1, entries: [addD] }, 212)
  assert.deepEqual(a.log.map((e) => e.id), ['b1'])
  assert.deepEqual(a.current, ['a', 'b', 'c', 'd'], 'in force as soon as it is in the log')
  const out = recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 1, commitIndex: 0 }, 213)
  assert.equal(a.commitIndex, 0, 'two of four members is no majority')
  assert.ok(!sends(out).some((s) => s.to === 'd' && (s.message as any).entries?.length > 0), 'd gets the log once it answered')
  recv(a, 'b', { type: 'submit', term: 1, entries: [{ ...entry('b', 2), config: ['a', 'b', 'c', 'd', 'e'] }] }, 214)
  assert.equal(a.log.length, 1, 'the next change waits for this one to commit')
  const reset = recv(a, 'd', { type: 'append-reply', term: 1, ok: false, logTerm: 0, length: 0, commitIndex: 0 }, 215)
  assert.deepEqual(sends(reset), [{ to: 'd', message: { type: 'append', term: 1, prev: 0, entries: [addD], commitIndex: 0, reset: true } }])
  recv(a, 'd', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 1, commitIndex: 0 }, 216)
  assert.equal(a.commitIndex, 1)
  // a change that does not add exactly one member goes in without effect
  recv(a, 'b', { type: 'submit', term: 1, entries: [{ ...entry('b', 2), config: ['a', 'x', 'y'] }] }, 217)
  assert.equal(a.log.length, 2)
  assert.equal(a.log[1].config, undefined)
  assert.deepEqual(a.current, ['a', 'b', 'c', 'd'])
})

test('a member that joined later does not stand until its log adds it', () => {
  const d = initialState('d', [], ['a', 'b', 'c'], 0)
  assert.deepEqual(run(d, { type: 'tick', now: 10_000 }), [])
  recv(d, 'a', { type: 'append', term: 1, prev: 0, entries: [{ ...entry('b', 1), config: ['a', 'b', 'c', 'd'] }], commitIndex: 1, reset: true }, 10_001)
  assert.deepEqual(d.current, ['a', 'b', 'c', 'd'])
  const out = run(d, { type: 'tick', now: 20_000 })
  assert.deepEqual(sends(out).map((s) => [s.to, s.message.type]), [['a', 'pre-collect'], ['b', 'pre-collect'], ['c', 'pre-collect']])
})
