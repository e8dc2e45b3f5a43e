import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  KdfBusyError, KdfQueue, KeystoreTooCostlyError, SCRYPT_DEFAULTS, WrongPasswordError, checkKdfCost, createUserKeys, openKeystore, sealKeystore
} from '../../src/identity/index.js'
import type { ScryptParams } from '../../src/identity/index.js'

const FAST = { logN: 10, r: 8, p: 1 }

/** A queue that counts the derivations it was asked to run. */
class CountingQueue extends KdfQueue {
  runs = 0
  override async run<T> (work: () => Promise<T>): Promise<T> {
    this.runs++
    return super.run(work)
  }
}

/** A promise with its resolve, to hold a queued task until the test lets it finish. */
function deferred (): { promise: Promise<void>, resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => { resolve = r })
  return { promise, resolve }
}

describe('key derivation bound (KDF_BOUND)', () => {
  it('accepts the default cost and cheaper ones, refuses more memory or more work', () => {
    const within: ScryptParams[] = [SCRYPT_DEFAULTS, FAST, { logN: 16, r: 16, p: 1 }, { logN: 17, r: 8, p: 2 }, { logN: 20, r: 1, p: 2 }]
    for (const params of within) assert.doesNotThrow(() => { checkKdfCost(params) }, JSON.stringify(params))
    // issue 19: N = 2^20 with r = 16, p = 4 (2 GiB) and r = 15 (1.9 GiB); 256 MiB; four times the default work
    const beyond: ScryptParams[] = [{ logN: 20, r: 16, p: 4 }, { logN: 20, r: 15, p: 1 }, { logN: 18, r: 8, p: 1 }, { logN: 17, r: 8, p: 4 }]
    for (const params of beyond) assert.throws(() => { checkKdfCost(params) }, KeystoreTooCostlyError, JSON.stringify(params))
  })

  it('a keystore beyond the bound is refused before the key derivation takes a turn', async () => {
    const sealed = await sealKeystore(createUserKeys(), 'correct horse', 1n, FAST)
    const queue = new CountingQueue()
    for (const [logN, r, p] of [[20, 16, 4], [20, 15, 1]]) {
      const hostile = { ...sealed, scryptLogN: logN, scryptR: r, scryptP: p }
      await assert.rejects(openKeystore(hostile, 'correct horse', { kdf: queue }), (err: Error) => err instanceof KeystoreTooCostlyError && err.code === 'keystore_too_costly')
    }
    assert.equal(queue.runs, 0)
    // the same keystore within the bound opens through the queue
    assert.deepEqual((await openKeystore(sealed, 'correct horse', { kdf: queue })).userKey, sealed.userKey)
    await assert.rejects(openKeystore(sealed, 'wrong horse', { kdf: queue }), WrongPasswordError)
    assert.equal(queue.runs, 2)
  })

  it('sealing refuses a cost this node could not open again', async () => {
    await assert.rejects(sealKeystore(createUserKeys(), 'correct horse', 1n, { logN: 18, r: 8, p: 1 }), KeystoreTooCostlyError)
  })
})

describe('KdfQueue', () => {
  it('runs at most `concurrency` at once, queues `maxQueued` in order, refuses the rest at once', async () => {
    const queue = new KdfQueue({ concurrency: 2, maxQueued: 3 })
    const gates = Array.from({ length: 5 }, deferred)
    const started: number[] = []
    let peak = 0
    const done = gates.map(async (gate, i) => queue.run(async () => {
      started.push(i)
      peak = Math.max(peak, queue.running)
      await gate.promise
      return i
    }))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(started, [0, 1])
    assert.equal(queue.queued, 3)
    await assert.rejects(queue.run(async () => 'sixth'), (err: Error) => err instanceof KdfBusyError && err.code === 'kdf_busy')
    for (const gate of gates) gate.resolve()
    assert.deepEqual(await Promise.all(done), [0, 1, 2, 3, 4])
    assert.deepEqual(started, [0, 1, 2, 3, 4])
    assert.equal(peak, 2)
    assert.equal(queue.running, 0)
    assert.equal(queue.queued, 0)
  })

  it('a failed derivation hands its slot on', async () => {
    const queue = new KdfQueue({ concurrency: 1, maxQueued: 1 })
    const first = queue.run(async () => { throw new Error('boom') })
    const second = queue.run(async () => 'second')
    await assert.rejects(first, /boom/)
    assert.equal(await second, 'second')
    assert.equal(queue.running, 0)
  })

  it('refuses a concurrency below 1', () => {
    assert.throws(() => new KdfQueue({ concurrency: 0 }), RangeError)
  })
})
