import assert from 'node:assert/strict'
import { test } from 'node:test'
import { initialState, step } from '../../src/group/core/index.js'
import type { Append, GroupInput, GroupMessage, GroupOutput, GroupState, GroupTiming } from '../../src/group/core/index.js'

/**
 * Pre-vote and check-quorum (Raft thesis §9.6) in the group core: a member that was away
 * (a stopped process, a partition) cannot displace a host that a majority still hears, and
 * a host that no longer hears a majority steps down.
 */
const T: GroupTiming = { heartbeatMs: 50, electionTimeoutMs: 200, rankDelayMs: 100, resendMs: 200, maxBatch: 512 }
const MEMBERS = ['a', 'b', 'c']

const run = (state: GroupState, input: GroupInput): GroupOutput[] => step(state, input, T).outputs
const recv = (state: GroupState, from: string, message: GroupMessage, now: number): GroupOutput[] => run(state, { type: 'receive', now, from, message })
const sends = (outputs: GroupOutput[]): Array<{ to: string, message: GroupMessage }> => outputs.flatMap((o) => o.type === 'send' ? [{ to: o.to, message: o.message }] : [])
const heartbeat = (term: number): Append => ({ type: 'append', term, prev: 0, entries: [], commitIndex: 0, reset: false })

/** `a` host of term 1 (b voted), b answered its first heartbeat at 202. */
function hostA (): GroupState {
  const a = initialState('a', MEMBERS, MEMBERS, 0)
  run(a, { type: 'tick', now: 200 })
  recv(a, 'b', { type: 'pre-collect-reply', term: 1, granted: true, round: 200 }, 200)
  recv(a, 'b', { type: 'collect-reply', term: 1, logTerm: 0, length: 0, commitIndex: 0, entries: [] }, 201)
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 0, commitIndex: 0 }, 202)
  assert.equal(a.role, 'host')
  return a
}

/** `m` follows a in term 1 and last heard it at `at`. */
function follower (m: string, at: number): GroupState {
  const s = initialState(m, MEMBERS, MEMBERS, 0)
  recv(s, 'a', { type: 'collect', term: 1, commitIndex: 0 }, at - 1)
  recv(s, 'a', { ...heartbeat(1), reset: true }, at)
  assert.equal(s.host, 'a')
  return s
}

test('a member back from a stop asks first: members that hear the host refuse, and no term changes', () => {
  const c = follower('c', 300) // then stopped: it heard nothing since
  const out = run(c, { type: 'tick', now: 2_000 })
  assert.deepEqual(sends(out).map((s) => s.message), [{ type: 'pre-collect', term: 2, members: 3, round: 2_000 }, { type: 'pre-collect', term: 2, members: 3, round: 2_000 }])
  assert.deepEqual([c.term, c.role], [1, 'follower'], 'a pre-vote raises no term')
  const b = follower('b', 1_990)
  assert.deepEqual(sends(recv(b, 'c', { type: 'pre-collect', term: 2, members: 3, round: 2_000 }, 2_001)), [{ to: 'c', message: { type: 'pre-collect-reply', term: 1, granted: false, round: 2_000 } }])
  const a = hostA()
  assert.deepEqual(sends(recv(a, 'c', { type: 'pre-collect', term: 2, members: 3, round: 2_000 }, 2_001)), [{ to: 'c', message: { type: 'pre-collect-reply', term: 1, granted: false, round: 2_000 } }], 'the host refuses too')
  recv(c, 'b', { type: 'pre-collect-reply', term: 1, granted: false, round: 2_000 }, 2_002)
  recv(c, 'a', { type: 'pre-collect-reply', term: 1, granted: false, round: 2_000 }, 2_002)
  assert.deepEqual([c.term, c.role, b.term, a.term, a.role], [1, 'follower', 1, 1, 'host'])
  // the host's next heartbeat brings c back; it sends no second round meanwhile
  recv(c, 'a', heartbeat(1), 2_010)
  assert.equal(c.preVote, null)
  assert.deepEqual(sends(run(c, { type: 'tick', now: 2_100 })), [])
})

test('a collect of a newer term is ignored by a member that hears its host, and by the host', () => {
  const b = follower('b', 1_000)
  assert.deepEqual(recv(b, 'c', { type: 'collect', term: 7, commitIndex: 0 }, 1_050), [])
  assert.deepEqual([b.term, b.votedFor], [1, 'a'])
  const a = hostA()
  assert.deepEqual(recv(a, 'c', { type: 'collect', term: 7, commitIndex: 0 }, 250), [])
  assert.deepEqual([a.term, a.role], [1, 'host'])
  // once the host is silent for the election timeout, b takes part again
  assert.equal(sends(recv(b, 'c', { type: 'collect', term: 7, commitIndex: 0 }, 1_200)).length, 1)
  assert.deepEqual([b.term, b.votedFor], [7, 'c'])
})

test('a pre-vote is granted once the host is silent, and a majority of grants starts the election', () => {
  const b = follower('b', 300)
  assert.deepEqual(sends(recv(b, 'c', { type: 'pre-collect', term: 2, members: 3, round: 599 }, 600)), [{ to: 'c', message: { type: 'pre-collect-reply', term: 2, granted: true, round: 599 } }])
  assert.deepEqual([b.term, b.votedFor], [1, 'a'], 'granting changes nothing')
  const c = follower('c', 300)
  run(c, { type: 'tick', now: 700 }) // rank 2: 200 + 2 × 100 ms
  const out = recv(c, 'b', { type: 'pre-collect-reply', term: 2, granted: true, round: 700 }, 701)
  assert.deepEqual([c.term, c.role, c.votedFor], [2, 'candidate', 'c'])
  assert.deepEqual(sends(out).map((s) => s.message), [{ type: 'collect', term: 2, commitIndex: 0 }, { type: 'collect', term: 2, commitIndex: 0 }])
  // a grant for another term or round counts for nothing, nor one that arrives an election timeout late (it waited out a stop)
  const d = follower('c', 300)
  run(d, { type: 'tick', now: 700 })
  recv(d, 'b', { type: 'pre-collect-reply', term: 5, granted: true, round: 700 }, 701)
  recv(d, 'b', { type: 'pre-collect-reply', term: 2, granted: true, round: 450 }, 701)
  recv(d, 'b', { type: 'pre-collect-reply', term: 2, granted: true, round: 700 }, 900)
  assert.deepEqual([d.role, d.term], ['follower', 1])
})

test('a pre-candidate behind the others takes the newer term from a refusal', () => {
  const c = follower('c', 300)
  run(c, { type: 'tick', now: 700 })
  recv(c, 'b', { type: 'pre-collect-reply', term: 4, granted: false, round: 700 }, 701)
  assert.deepEqual([c.term, c.preVote, c.lastHeard], [4, null, 701])
})

test('check-quorum: a host that hears no majority within the election timeout steps down, in its term', () => {
  const a = hostA()
  recv(a, 'b', { type: 'append-reply', term: 1, ok: true, logTerm: 1, length: 0, commitIndex: 0 }, 350)
  assert.equal(sends(run(a, { type: 'tick', now: 540 })).length, 2, 'b answered 190 ms ago: still host, heartbeats')
  const out = run(a, { type: 'tick', now: 551 })
  assert.deepEqual([a.role, a.term, a.host, a.hosting], ['follower', 1, null, null])
  assert.deepEqual(out, [{ type: 'role', role: 'follower', term: 1, host: null }])
  assert.deepEqual(sends(recv(a, 'c', { type: 'pre-collect', term: 2, members: 3, round: 559 }, 560)), [{ to: 'c', message: { type: 'pre-collect-reply', term: 2, granted: true, round: 559 } }], 'and no longer refuses pre-votes')
})

test('resume: a stopped member does not stand at once, and a stopped host does not step down for answers it could not read', () => {
  const b = follower('b', 300)
  run(b, { type: 'resume', now: 2_000, pausedMs: 1_700 })
  assert.deepEqual(sends(run(b, { type: 'tick', now: 2_000 })), [], 'its silence timer moved on by the stop')
  assert.equal(sends(run(b, { type: 'tick', now: 2_300 })).length, 2, 'and runs out a full wait later (rank 1: 300 ms)')
  const a = hostA()
  run(a, { type: 'resume', now: 2_000, pausedMs: 1_760 })
  const out = run(a, { type: 'tick', now: 2_000 })
  assert.equal(a.role, 'host')
  assert.equal(sends(out).length, 2, 'heartbeats go out at once')
})

test('a host that learns it was replaced waits for the new host instead of standing again', () => {
  const a = hostA()
  recv(a, 'b', { type: 'append-reply', term: 2, ok: false, logTerm: 2, length: 0, commitIndex: 0 }, 5_000)
  assert.deepEqual([a.role, a.term, a.lastHeard], ['follower', 2, 5_000])
  assert.deepEqual(sends(run(a, { type: 'tick', now: 5_010 })), [])
  recv(a, 'c', { ...heartbeat(2), reset: true }, 5_020)
  assert.equal(a.host, 'c')
})

test('a collect that arrives after its term is refused, never answered with what would count as a vote', () => {
  // m1 stood in term 4; m0's collect of term 3 reaches it only now (it was stopped, or the frame was slow)
  const m1 = initialState('b', MEMBERS, MEMBERS, 0)
  m1.term = 4
  m1.votedFor = 'b'
  const out = sends(recv(m1, 'a', { type: 'collect', term: 3, commitIndex: 0 }, 1_000))
  assert.deepEqual(out, [{ to: 'a', message: { type: 'pre-collect-reply', term: 4, granted: false, round: 0 } }])
  // m0, meanwhile a candidate in term 4 itself, does not count it: it follows term 4 instead
  const m0 = initialState('a', MEMBERS, MEMBERS, 0)
  m0.term = 3
  run(m0, { type: 'tick', now: 1_000 })
  recv(m0, 'c', { type: 'pre-collect-reply', term: 4, granted: true, round: 1_000 }, 1_000)
  assert.deepEqual([m0.role, m0.term], ['candidate', 4])
  recv(m0, 'b', out[0].message, 1_001)
  assert.notEqual(m0.role, 'host')
})
