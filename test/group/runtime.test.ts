import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GroupRuntime } from '../../src/group/runtime.js'
import { signBlob } from '../../src/group/signing.js'
import { GroupStore } from '../../src/group/store.js'
import { GroupConfig } from '../../src/group/wire.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { alice, bob, carol } from '../fixtures/keys.js'
import type { FixtureUser } from '../fixtures/keys.js'

/**
 * A running member that missed a membership change is passed the newer config by the
 * members that refuse its pre-vote: only a config of this group signed by its creator, and
 * newer than what it knows, lets the devices it adds talk to it. Keys and views still follow
 * the log.
 */
const member = (u: FixtureUser): GroupConfig['members'][number] => ({ userId: u.userId, username: u.username, peerId: `peer-${u.username}`, addrs: [], encryptionKey: u.encryptionKey })
const v1: GroupConfig = { groupId: 'g', name: 'g', creator: alice.userId, members: [member(alice), member(bob)], version: 1n, createdAt: 0n }
const v2: GroupConfig = { ...v1, members: [...v1.members, member(carol)], version: 2n }

test('a newer config passed on by a member widens who may talk to a running group, if the creator signed it', () => {
  const store = new GroupStore(new ParleyDatabase(':memory:', PARLEY_MIGRATIONS))
  store.insertGroup('g', bob.userId, signBlob('config', GroupConfig.encode(v1), alice.signingSecret), 0)
  const g = new GroupRuntime(store.get('g')!, store, 0)
  assert.equal(g.memberOn('peer-carol'), undefined)
  assert.throws(() => { g.takeConfig(signBlob('config', GroupConfig.encode(v2), bob.signingSecret)) }, { name: 'InvalidGroupMessageError' }, 'signed by a member, not the creator')
  g.takeConfig(signBlob('config', GroupConfig.encode({ ...v2, groupId: 'other' }), alice.signingSecret))
  assert.equal(g.memberOn('peer-carol'), undefined, 'another group\'s config')
  g.takeConfig(signBlob('config', GroupConfig.encode(v2), alice.signingSecret))
  assert.equal(g.memberOn('peer-carol'), carol.userId)
  assert.equal(g.device(carol.userId)?.peerId, 'peer-carol')
  assert.equal(g.definition.config.version, 1n, 'keys and views follow the log')
})
