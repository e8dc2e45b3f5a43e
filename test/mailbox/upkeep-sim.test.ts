import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sha256 } from '@noble/hashes/sha2.js'
import { seededRandom } from '../../src/group/sim/prng.js'
import { compareDistance } from '../../src/mailbox/placement.js'
import { initialUpkeepState, step } from '../../src/mailbox/upkeep-core.js'
import type { UpkeepInput, UpkeepOutput, UpkeepState } from '../../src/mailbox/upkeep-core.js'

/**
 * Seeded simulation of the upkeep core on many holders: peers crash (losing what they
 * held) and join, DHT walks, offers and copies fail at random, answers arrive in random
 * order. After each quiet period the K closest live peers must hold every crate, and no
 * crate may ever be lost while fewer than K of its holders crash at once.
 */

const K = 3
const MAILBOX = 'mailbox'
const CRATES = ['c1', 'c2', 'c3', 'c4']

const position = (name: string): Uint8Array => sha256(new TextEncoder().encode(name))
const target = position(MAILBOX)

interface Peer { id: string, state: UpkeepState, held: Set<string> }

class Simulation {
  readonly peers = new Map<string, Peer>()
  readonly rng: () => number
  faultRate = 0
  now = 0
  handOffs = 0
  #joined = 0

  constructor (seed: number) {
    this.rng = seededRandom(seed)
  }

  join (): Peer {
    const id = `peer-${this.#joined++}`
    const peer = { id, state: initialUpkeepState({ self: id, k: K, intervalMs: 1 }), held: new Set<string>() }
    this.peers.set(id, peer)
    return peer
  }

  crash (id: string): void {
    this.peers.delete(id)
  }

  closest (): string[] {
    return [...this.peers.keys()].sort((a, b) => compareDistance(target, position(a), position(b))).slice(0, K)
  }

  holders (crate: string): string[] {
    return [...this.peers.values()].filter((p) => p.held.has(crate)).map((p) => p.id)
  }

  #fails (): boolean {
    return this.rng() < this.faultRate
  }

  /** One round: every live peer ticks; messages are delivered in random order until none is left. */
  round (): number {
    this.now += 10
    const queue: Array<{ peer: string, input: UpkeepInput }> = []
    let copies = 0
    const feed = (peer: Peer, input: UpkeepInput): void => {
      const { state, outputs } = step(peer.state, input)
      peer.state = state
      for (const output of outputs) act(peer, output)
    }
    const act = (peer: Peer, output: UpkeepOutput): void => {
      switch (output.type) {
        case 'find-closest':
          queue.push({ peer: peer.id, input: this.#fails() ? { type: 'closest-failed', mailbox: output.mailbox } : { type: 'closest', mailbox: output.mailbox, peers: this.closest() } })
          return
        case 'offer': {
          const other = this.peers.get(output.peer)
          queue.push({ peer: peer.id, input: other == null || this.#fails()
            ? { type: 'offer-failed', mailbox: output.mailbox, peer: output.peer }
            : { type: 'offer-answered', mailbox: output.mailbox, peer: output.peer, missing: output.ids.filter((id) => !other.held.has(id)) } })
          return
        }
        case 'copy': {
          const other = this.peers.get(output.peer)
          if (other == null || this.#fails()) {
            queue.push({ peer: peer.id, input: { type: 'copy-failed', mailbox: output.mailbox, peer: output.peer } })
            return
          }
          for (const id of output.ids) other.held.add(id)
          copies += output.ids.length
          queue.push({ peer: peer.id, input: { type: 'copy-done', mailbox: output.mailbox, peer: output.peer, stored: output.ids } })
          return
        }
        case 'drop':
          this.handOffs += output.ids.length
          for (const id of output.ids) {
            peer.held.delete(id)
            assert.ok(this.holders(id).length >= K, `dropping ${id} at ${peer.id} left fewer than K copies`)
          }
      }
    }
    for (const peer of this.peers.values()) feed(peer, { type: 'tick', now: this.now, held: [{ mailbox: MAILBOX, ids: [...peer.held] }], force: true })
    while (queue.length > 0) {
      const [next] = queue.splice(Math.floor(this.rng() * queue.length), 1)
      const peer = this.peers.get(next.peer)
      if (peer != null) feed(peer, next.input)
    }
    return copies
  }
}

function runSeed (seed: number): number {
  const sim = new Simulation(seed)
  for (let i = 0; i < 10; i++) sim.join()
  for (const id of sim.closest()) for (const crate of CRATES) sim.peers.get(id)!.held.add(crate)
  for (let phase = 0; phase < 8; phase++) {
    // churn: fewer than K holders of any crate crash at once, some peers join
    const holders = [...sim.peers.values()].filter((p) => p.held.size > 0)
    const crashes = Math.floor(sim.rng() * K)
    for (let i = 0; i < crashes && holders.length > 0; i++) sim.crash(holders.splice(Math.floor(sim.rng() * holders.length), 1)[0].id)
    const joins = Math.floor(sim.rng() * 4)
    for (let i = 0; i < joins; i++) sim.join()
    // a faulty round, then quiet rounds until nothing is copied any more
    sim.faultRate = 0.3
    sim.round()
    sim.faultRate = 0
    let quiet = 0
    while (sim.round() > 0) assert.ok(++quiet < 10, `seed ${seed}: upkeep does not settle`)
    for (const crate of CRATES) {
      const holding = new Set(sim.holders(crate))
      assert.ok(holding.size >= K, `seed ${seed}, phase ${phase}: ${crate} on ${holding.size} peers`)
      for (const id of sim.closest()) assert.ok(holding.has(id), `seed ${seed}, phase ${phase}: closest peer ${id} lacks ${crate}`)
    }
  }
  return sim.handOffs
}

describe('upkeep simulation', () => {
  it('keeps K copies at the K closest live peers through 8 phases of churn, for 300 seeds', () => {
    let handOffs = 0
    for (let seed = 1; seed <= 300; seed++) handOffs += runSeed(seed)
    assert.ok(handOffs > 0, 'holders pushed out by joining peers hand off')
  })
})
