import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CONTACT_STALE_MS, CONTACT_TTL_MS, Contacts } from '../../src/dm/contacts.js'
import type { Contact } from '../../src/dm/contacts.js'
import type { ResolvedUser, UserDirectory } from '../../src/identity/index.js'

const BOB_KEY = new Uint8Array(32).fill(7)

/** bob's name claim and a profile listing `devices`, published at `at` (online unless told). */
function resolved (devices: string[], at: number, online = true): ResolvedUser {
  const profile = {
    encryptionKey: new Uint8Array(32).fill(9),
    online,
    lastSeen: BigInt(at),
    devices: devices.map((peerId) => ({ peerId, addrs: [], lastSeen: BigInt(at) })),
    removed: []
  }
  return { claim: { record: { userKey: BOB_KEY } }, profile: { record: profile } } as unknown as ResolvedUser
}

/** A directory whose lookups the test answers one by one. */
function directory (): { lookups: Array<{ resolve: (user: ResolvedUser) => void, reject: (err: Error) => void }>, stub: UserDirectory } {
  const lookups: Array<{ resolve: (user: ResolvedUser) => void, reject: (err: Error) => void }> = []
  const stub = {
    resolveUser: async () => new Promise<ResolvedUser>((resolve, reject) => { lookups.push({ resolve, reject }) })
  } as unknown as UserDirectory
  return { lookups, stub }
}

const tick = async (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** What `byName` answers within a few event-loop turns, or 'waited' when it is still waiting for a lookup. */
async function answerOf (contacts: Contacts): Promise<Contact | 'waited'> {
  return Promise.race([contacts.byName('bob'), tick().then(async () => tick()).then(() => 'waited' as const)])
}

const devicesOf = (answer: Contact | 'waited'): string[] | 'waited' => answer === 'waited' ? answer : answer.devices.map((d) => d.peerId)

describe('contacts', () => {
  it('a send past the TTL gets the cached contact at once while the profile is looked up again in the background', async () => {
    const { lookups, stub } = directory()
    let now = 1_000_000
    const contacts = new Contacts(stub, () => now)
    const first = contacts.byName('bob')
    await tick()
    lookups[0].resolve(resolved(['laptop'], now))
    assert.deepEqual(devicesOf(await first), ['laptop'])

    now += CONTACT_TTL_MS + 1
    assert.deepEqual(devicesOf(await answerOf(contacts)), ['laptop'], 'the send does not wait for the lookup')
    assert.equal(lookups.length, 2, 'the lookup started')
    assert.deepEqual(devicesOf(await answerOf(contacts)), ['laptop'])
    assert.equal(lookups.length, 2, 'one lookup at a time')

    lookups[1].resolve(resolved(['laptop', 'phone'], now))
    await tick()
    assert.deepEqual(devicesOf(await answerOf(contacts)), ['laptop', 'phone'], 'the next send has what the lookup found')
    assert.equal(lookups.length, 2, 'and it is fresh again')
  })

  it('a failed background lookup leaves the cached contact, and the next send tries again', async () => {
    const { lookups, stub } = directory()
    let now = 1_000_000
    const contacts = new Contacts(stub, () => now)
    const first = contacts.byName('bob')
    await tick()
    lookups[0].resolve(resolved(['laptop'], now))
    await first
    now += CONTACT_TTL_MS + 1
    await answerOf(contacts)
    lookups[1].reject(new Error('the DHT did not answer'))
    await tick()
    assert.deepEqual(devicesOf(await answerOf(contacts)), ['laptop'])
    assert.equal(lookups.length, 3)
  })

  it('waits for the lookup past the stale bound, for an offline contact, and for one never resolved', async () => {
    const { lookups, stub } = directory()
    let now = 1_000_000
    const contacts = new Contacts(stub, () => now)
    assert.equal(await answerOf(contacts), 'waited', 'nothing cached')
    lookups[0].resolve(resolved(['laptop'], now))
    await tick()

    now += CONTACT_TTL_MS + CONTACT_STALE_MS
    const late = contacts.byName('bob')
    assert.equal(await answerOf(contacts), 'waited', 'too old to use')
    lookups[1].resolve(resolved(['phone'], now - 10 * 60_000, false)) // offline: last seen 10 min ago
    assert.deepEqual(devicesOf(await late), ['phone'])

    now += 2_001 // an offline contact's TTL (2 s): it may be back, and a send looks again
    assert.equal(await answerOf(contacts), 'waited', 'offline: the send waits')
    lookups[2].resolve(resolved(['phone'], now))
  })
})
