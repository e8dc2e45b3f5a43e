import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PublicationQueue } from '../../src/feed/publication-queue.js'
import { VirtualClock } from '../../src/kernel/index.js'

const AUTHOR = new Uint8Array(32).fill(7)
const SECRET = new Uint8Array(32).fill(9)

/** A remote log that records the head seq each publication named; `fail` makes the next ones throw. */
function fakeFeed () {
  const feed = {
    seq: 0,
    published: [] as number[],
    fail: false,
    remoteLog: {
      lastPublish: undefined,
      publish: async () => {
        await Promise.resolve()
        if (feed.fail) throw new Error('no peer took the pointer')
        feed.published.push(feed.seq)
      }
    },
    store: { heads: () => feed.seq === 0 ? [] : [{ device: 'd', seq: BigInt(feed.seq), cid: undefined as any }] }
  }
  return feed
}

/** Lets the publications' promises settle. */
async function settle (): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('remote-log publication queue', () => {
  it('the first post of a burst publishes at once; the rest, each after the previous publication finished, share one coalesceMs later', async () => {
    const clock = new VirtualClock(1_000)
    const feed = fakeFeed()
    const queue = new PublicationQueue({ remoteLog: feed.remoteLog as any, store: feed.store as any, clock, coalesceMs: 500 })
    queue.start()
    for (let i = 0; i < 10; i++) {
      feed.seq++
      queue.request(AUTHOR, SECRET)
      await settle()
      clock.advance(20)
    }
    assert.deepEqual(feed.published, [1], 'the first post published at once, the others wait out coalesceMs')
    clock.advance(500)
    await settle()
    assert.deepEqual(feed.published, [1, 10], 'one more publication named the other nine posts')
    assert.equal(queue.state(AUTHOR).publishedSeq, 10)
    assert.equal(queue.isPublished(AUTHOR, 'd', 10), true)
    await queue.stop()
  })

  it('an awaited publication starts at once and takes the place of a requested one', async () => {
    const clock = new VirtualClock(1_000)
    const feed = fakeFeed()
    const queue = new PublicationQueue({ remoteLog: feed.remoteLog as any, store: feed.store as any, clock, coalesceMs: 500 })
    queue.start()
    feed.seq = 3
    queue.request(AUTHOR, SECRET)
    await settle()
    feed.seq = 4
    queue.request(AUTHOR, SECRET) // waits out coalesceMs
    await queue.publish(AUTHOR, SECRET)
    assert.deepEqual(feed.published, [3, 4])
    clock.advance(1_000)
    await settle()
    assert.deepEqual(feed.published, [3, 4], 'the requested one was covered')
    await queue.stop()
  })

  it('a failed coalesced publication is visible and retried, and logout starts a requested one at once', async () => {
    const clock = new VirtualClock(1_000)
    const feed = fakeFeed()
    const queue = new PublicationQueue({ remoteLog: feed.remoteLog as any, store: feed.store as any, clock, coalesceMs: 500, retryMs: 2_000 })
    queue.start()
    feed.seq = 1
    feed.fail = true
    queue.request(AUTHOR, SECRET)
    await settle()
    const failed = queue.state(AUTHOR)
    assert.equal(failed.lastError, 'no peer took the pointer')
    assert.equal(failed.retryAt, clock.now() + 2_000)
    feed.fail = false
    clock.advance(2_000)
    await settle()
    assert.deepEqual(feed.published, [1], 'the retry published')
    assert.deepEqual(queue.state(AUTHOR), { publishedSeq: 1, lastError: null, retryAt: null })

    feed.seq = 2
    queue.request(AUTHOR, SECRET) // within coalesceMs of the retry: waits
    await settle()
    assert.deepEqual(feed.published, [1])
    queue.forget() // logout
    await settle()
    assert.deepEqual(feed.published, [1, 2], 'the post made just before logout was published')
    await queue.stop()
  })
})
