import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { MailboxFetch } from '../../src/mailbox/fetch.js'
import type { HolderSession } from '../../src/mailbox/client.js'

// crates here are opaque bytes: the first 16 are the id, the rest the content ("good" or "bad")
const id = (n: number): Uint8Array => Uint8Array.from({ length: 16 }, (_, i) => i === 15 ? n : 0)
const crate = (n: number, content = 'good'): Uint8Array => Uint8Array.from([...id(n), ...Buffer.from(content)])
const digest = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest())
const key = (bytes: Uint8Array): number => bytes[15]

/** A holder of crates 0..n-1 in memory, recording what it was asked. */
function holder (held: Map<number, Uint8Array>, opts: { failAfterGets?: number } = {}): HolderSession & { got: number[], acked: number[], closed: boolean } {
  const ids = [...held.keys()].map(id)
  const session = {
    ids,
    digests: ids.map((i) => digest(held.get(key(i))!)),
    got: [] as number[],
    acked: [] as number[],
    closed: false,
    get: async (wanted: Uint8Array[]) => {
      if (opts.failAfterGets != null && session.got.length >= opts.failAfterGets) throw new Error('holder went away')
      const crates = wanted.flatMap((w) => held.has(key(w)) ? [held.get(key(w))!] : [])
      session.got.push(...crates.map(key))
      return { crates, missing: wanted.filter((w) => !held.has(key(w))), more: false }
    },
    ack: async (acked: Uint8Array[]) => { session.acked.push(...acked.map(key)) },
    close: async () => { session.closed = true },
    abort: () => {}
  }
  return session
}

/** The owner's side: a crate is valid when its content is "good"; stores each valid id once. */
function owner (): { take: (crates: Uint8Array[]) => Promise<Array<{ id: Uint8Array, ok: boolean, digest?: string }>>, stored: number[] } {
  const stored: number[] = []
  return {
    stored,
    take: async (crates) => crates.map((c) => {
      const ok = Buffer.from(c.subarray(16)).toString() === 'good'
      if (ok && !stored.includes(c[15])) stored.push(c[15])
      return { id: c.subarray(0, 16), ok, digest: ok ? Buffer.from(digest(c)).toString('hex') : undefined }
    })
  }
}

const all = (n: number, content = (_: number): string => 'good'): Map<number, Uint8Array> => new Map(Array.from({ length: n }, (_, i) => [i, crate(i, content(i))]))

describe('mailbox fetch by id', () => {
  it('transfers each crate once across holders and acknowledges every id at each holder', async () => {
    const me = owner()
    const holders = [holder(all(100)), holder(all(100)), holder(all(100))]
    const round = new MailboxFetch(me.take, undefined, 16)
    await Promise.all(holders.map(async (h) => round.run(h)))
    assert.equal(round.crates, 100)
    assert.deepEqual([...me.stored].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i))
    assert.equal(holders.reduce((n, h) => n + h.got.length, 0), 100, 'no crate transferred twice')
    for (const h of holders) {
      assert.equal(h.acked.length, 100)
      assert.ok(h.closed)
    }
  })

  it('takes a rejected copy from another holder, and sees an altered copy it never transferred by its digest', async () => {
    const me = owner()
    let altered = 0
    // holder a altered every even crate; b and c are honest
    const a = holder(all(20, (i) => i % 2 === 0 ? 'bad' : 'good'))
    const round = new MailboxFetch(me.take, () => { altered++ }, 4)
    await round.run(a) // alone first: it is asked for everything
    assert.deepEqual([...me.stored].sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => 2 * i + 1))
    assert.deepEqual(a.acked.length, 20, 'its useless copies are acknowledged too')
    const b = holder(all(20))
    const c = holder(all(20, (i) => i === 1 ? 'bad' : 'good')) // its copy of 1 differs from the one taken
    await Promise.all([round.run(b), round.run(c)])
    assert.equal(me.stored.length, 20, 'the even crates came from the honest holders')
    assert.equal(b.got.length + c.got.length, 10, 'only what was missing was transferred')
    assert.equal(altered, 1, 'c\'s altered copy of crate 1 is seen without transferring it')
  })

  it('a holder that fails mid-fetch hands its share back to the others', async () => {
    const me = owner()
    const flaky = holder(all(50), { failAfterGets: 8 })
    const good = holder(all(50))
    const round = new MailboxFetch(me.take, undefined, 8)
    const results = await Promise.allSettled([round.run(flaky), round.run(good)])
    assert.equal(results[0].status, 'rejected')
    assert.equal(results[1].status, 'fulfilled')
    assert.equal(me.stored.length, 50)
    assert.equal(flaky.acked.length, 0, 'nothing acknowledged at the failed holder')
    assert.equal(good.acked.length, 50)
  })
})
