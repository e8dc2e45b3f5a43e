import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { initialUpkeepState, step } from '../../src/mailbox/upkeep-core.js'
import type { UpkeepInput, UpkeepOutput, UpkeepState } from '../../src/mailbox/upkeep-core.js'

const config = { self: 'me', k: 3, intervalMs: 1_000 }

function run (state: UpkeepState, ...inputs: UpkeepInput[]): { state: UpkeepState, outputs: UpkeepOutput[] } {
  const outputs: UpkeepOutput[] = []
  for (const input of inputs) {
    const next = step(state, input)
    state = next.state
    outputs.push(...next.outputs)
  }
  return { state, outputs }
}

describe('upkeep core', () => {
  it('a tick starts one round per held mailbox, then none until the interval has passed', () => {
    const held = [{ mailbox: 'm1', ids: ['a', 'b'] }, { mailbox: 'm2', ids: ['c'] }, { mailbox: 'empty', ids: [] }]
    let { state, outputs } = run(initialUpkeepState(config), { type: 'tick', now: 0, held })
    assert.deepEqual(outputs, [{ type: 'find-closest', mailbox: 'm1' }, { type: 'find-closest', mailbox: 'm2' }])
    ;({ state, outputs } = run(state, { type: 'closest-failed', mailbox: 'm1' }, { type: 'closest-failed', mailbox: 'm2' }))
    assert.deepEqual(outputs.map((o) => o.type), ['round-finished', 'round-finished'])
    assert.deepEqual(run(state, { type: 'tick', now: 999, held }).outputs, [])
    assert.equal(run(state, { type: 'tick', now: 999, held, force: true }).outputs.length, 2)
    assert.equal(run(state, { type: 'tick', now: 1_000, held }).outputs.length, 2)
  })

  it('offers the held ids to the other closest peers and copies exactly what each lacks', () => {
    let { state, outputs } = run(initialUpkeepState(config),
      { type: 'tick', now: 0, held: [{ mailbox: 'm', ids: ['a', 'b', 'c'] }] },
      { type: 'closest', mailbox: 'm', peers: ['p1', 'me', 'p2', 'p3'] })
    assert.deepEqual(outputs.slice(1), [
      { type: 'offer', mailbox: 'm', peer: 'p1', ids: ['a', 'b', 'c'] },
      { type: 'offer', mailbox: 'm', peer: 'p2', ids: ['a', 'b', 'c'] }
    ])
    ;({ state, outputs } = run(state,
      { type: 'offer-answered', mailbox: 'm', peer: 'p1', missing: [] },
      { type: 'offer-answered', mailbox: 'm', peer: 'p2', missing: ['b', 'zzz'] }))
    assert.deepEqual(outputs, [{ type: 'copy', mailbox: 'm', peer: 'p2', ids: ['b'] }])
    ;({ state, outputs } = run(state, { type: 'copy-done', mailbox: 'm', peer: 'p2', stored: ['b'] }))
    // self is among the closest: it keeps its copies
    assert.deepEqual(outputs, [{ type: 'round-finished', mailbox: 'm', copied: 1, holders: 2, handedOff: false }])
    assert.deepEqual(state.rounds, {})
  })

  it('a holder no longer among the K closest hands off once K peers confirmed each crate', () => {
    const { outputs } = run(initialUpkeepState(config),
      { type: 'tick', now: 0, held: [{ mailbox: 'm', ids: ['a', 'b'] }] },
      { type: 'closest', mailbox: 'm', peers: ['p1', 'p2', 'p3', 'me'] },
      { type: 'offer-answered', mailbox: 'm', peer: 'p1', missing: ['a', 'b'] },
      { type: 'offer-answered', mailbox: 'm', peer: 'p2', missing: [] },
      { type: 'offer-answered', mailbox: 'm', peer: 'p3', missing: ['b'] },
      { type: 'copy-done', mailbox: 'm', peer: 'p1', stored: ['a', 'b'] },
      { type: 'copy-done', mailbox: 'm', peer: 'p3', stored: [] })
    assert.deepEqual(outputs.filter((o) => o.type === 'drop'), [{ type: 'drop', mailbox: 'm', ids: ['a'] }])
    assert.deepEqual(outputs.at(-1), { type: 'round-finished', mailbox: 'm', copied: 2, holders: 2, handedOff: true })
  })

  it('dead peers and failed copies never lead to a hand-off, and late answers are ignored', () => {
    let { state, outputs } = run(initialUpkeepState(config),
      { type: 'tick', now: 0, held: [{ mailbox: 'm', ids: ['a'] }] },
      { type: 'closest', mailbox: 'm', peers: ['p1', 'p2', 'p3'] },
      { type: 'offer-failed', mailbox: 'm', peer: 'p1' },
      { type: 'offer-answered', mailbox: 'm', peer: 'p2', missing: ['a'] },
      { type: 'offer-answered', mailbox: 'm', peer: 'p3', missing: [] },
      { type: 'copy-failed', mailbox: 'm', peer: 'p2' })
    assert.equal(outputs.some((o) => o.type === 'drop'), false)
    assert.deepEqual(outputs.at(-1), { type: 'round-finished', mailbox: 'm', copied: 0, holders: 1, handedOff: false })
    ;({ state, outputs } = run(state, { type: 'copy-done', mailbox: 'm', peer: 'p2', stored: ['a'] }, { type: 'offer-answered', mailbox: 'm', peer: 'p1', missing: [] }))
    assert.deepEqual(outputs, [])
    assert.deepEqual(state.rounds, {})
  })

  it('a duplicate closest answer does not offer twice', () => {
    const { outputs } = run(initialUpkeepState(config),
      { type: 'tick', now: 0, held: [{ mailbox: 'm', ids: ['a'] }] },
      { type: 'closest', mailbox: 'm', peers: ['p1', 'me'] },
      { type: 'closest', mailbox: 'm', peers: ['p1', 'me'] })
    assert.equal(outputs.filter((o) => o.type === 'offer').length, 1)
  })

  it('step never mutates the state it is given', () => {
    const start = run(initialUpkeepState(config), { type: 'tick', now: 0, held: [{ mailbox: 'm', ids: ['a'] }] }).state
    const frozen = JSON.stringify(start)
    step(start, { type: 'closest', mailbox: 'm', peers: ['p1', 'p2'] })
    step(start, { type: 'tick', now: 5_000, held: [], force: true })
    assert.equal(JSON.stringify(start), frozen)
  })
})
