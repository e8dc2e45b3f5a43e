import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { FollowerCounts } from '../../src/feed/counts.js'
import { followBody, signEntry } from '../../src/feed/entry.js'
import {
  followerSummaryKey, guardFollowerSummaryReplacement, selectFollowerSummary, signFollowerSummary, verifyFollowerSummary
} from '../../src/feed/follower-summary.js'
import { FeedStore } from '../../src/feed/store.js'
import { EntryKind, FollowerSummary, SignedFollowerSummary } from '../../src/feed/wire.js'
import { consoleLogger, systemClock } from '../../src/kernel/index.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { tempDir } from '../support/nodes.js'
import type { VerifiedEntry } from '../../src/feed/entry.js'

const NOW = 1_763_000_000_000

function user (): { secret: Uint8Array, key: Uint8Array } {
  const secret = ed25519.utils.randomSecretKey()
  return { secret, key: ed25519.getPublicKey(secret) }
}

/** `follower`'s first entry: a follow (or unfollow) of `target`. */
function follow (follower: { secret: Uint8Array, key: Uint8Array }, target: Uint8Array, kind = EntryKind.FOLLOW, seq = 1n, prev?: VerifiedEntry): VerifiedEntry {
  return signEntry({ author: follower.key, seq, prev: prev?.cid, timestamp: { wall: NOW + Number(seq), counter: 0 }, kind, body: followBody({ userKey: target, username: 'star' }) }, follower.secret, NOW)
}

describe('follower summary (the DHT record a user signs over its followers)', () => {
  const star = user()
  const fans = [user(), user(), user()]
  const key = followerSummaryKey(star.key)
  const follows = fans.map((fan) => follow(fan, star.key).bytes)

  it('verifies a summary of real follows, and the newer one wins', () => {
    const older = signFollowerSummary(star.key, star.secret, follows.slice(0, 2), NOW)
    const newer = signFollowerSummary(star.key, star.secret, follows, NOW + 1)
    const summary = verifyFollowerSummary(key, newer, NOW)
    assert.equal(summary.follows.length, 3)
    assert.equal(summary.total, 3)
    assert.equal(selectFollowerSummary(key, [older, newer]), 1)
    assert.equal(selectFollowerSummary(key, [newer, older]), 0)
    assert.throws(() => { guardFollowerSummaryReplacement(key, older, newer) }, { name: 'StaleRecordError' })
    guardFollowerSummaryReplacement(key, newer, older)
  })

  it('refuses what would inflate a count: follows the followers never signed, or a summary the user never signed', () => {
    const mallory = user()
    // a summary signed by another key, under star's key
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, mallory.secret, follows, NOW), NOW), /signature does not verify/)
    // star's summary with one more follow spliced in: star's signature no longer covers it
    const genuine = SignedFollowerSummary.decode(signFollowerSummary(star.key, star.secret, follows, NOW))
    const payload = FollowerSummary.decode(genuine.payload)
    const spliced = SignedFollowerSummary.encode({ payload: FollowerSummary.encode({ ...payload, follows: [...payload.follows, follow(mallory, star.key).bytes], total: 4 }), signature: genuine.signature })
    assert.throws(() => verifyFollowerSummary(key, spliced, NOW), /signature does not verify/)
    // a follow whose signature was tampered with, one of someone else, an unfollow, a repeated follower
    const tampered = Uint8Array.from(follows[0])
    tampered[tampered.length - 1] ^= 1
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, star.secret, [tampered], NOW), NOW), /does not verify/)
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, star.secret, [follow(fans[0], mallory.key).bytes], NOW), NOW), /does not follow its user/)
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, star.secret, [follow(fans[0], star.key, EntryKind.UNFOLLOW).bytes], NOW), NOW), /does not follow its user/)
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, star.secret, [follows[0], follows[0]], NOW), NOW), /appears twice/)
    // under another user's key, from the future, oversized
    assert.throws(() => verifyFollowerSummary(followerSummaryKey(mallory.key), signFollowerSummary(star.key, star.secret, follows, NOW), NOW), /does not belong/)
    assert.throws(() => verifyFollowerSummary(key, signFollowerSummary(star.key, star.secret, follows, NOW + 3_600_000), NOW), /future/)
    assert.throws(() => verifyFollowerSummary(key, new Uint8Array(33 * 1024), NOW), /exceeds/)
    assert.equal(selectFollowerSummary(key, [spliced]), -1)
  })

  it('counts from the summary merged with held entries (the newer entry of a follower wins); partial without a summary', async () => {
    const dir = await tempDir()
    const db = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
    try {
      const store = new FeedStore(db)
      // fans[2] unfollowed after the summary was signed; this node holds that unfollow
      const unfollow = follow(fans[2], star.key, EntryKind.UNFOLLOW, 2n, follow(fans[2], star.key))
      store.append([follow(fans[2], star.key), unfollow], NOW)
      let fallbacks = 0
      let held: Uint8Array | undefined = signFollowerSummary(star.key, star.secret, follows, NOW)
      const counts = new FollowerCounts({
        store,
        records: { put: async () => 1, get: async () => held },
        clock: systemClock,
        logger: consoleLogger('test'),
        syncAuthor: async () => {},
        collectFollowers: async () => { fallbacks++ }
      })
      assert.deepEqual(await counts.of(star.key), { followers: 2, following: 0, countsPartial: false, countsAsOf: NOW })
      held = undefined // the summary is out of reach: the follows held here, and the count says so
      const fallback = await counts.of(star.key)
      assert.equal(fallback.followers, 0)
      assert.equal(fallback.countsPartial, true)
      assert.equal(fallbacks, 1, 'without a summary the providers of the topic are asked')
    } finally {
      db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
