import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setImmediate as turn } from 'node:timers/promises'
import { ALONE_SYNC_DELAY_MS } from '../../src/dm/index.js'
import { MessageStore } from '../../src/dm/message-store.js'
import { OwnDeviceSync } from '../../src/dm/own-devices.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { VirtualClock } from '../../src/kernel/index.js'
import { ParleyDatabase } from '../../src/store/index.js'

const ALICE_KEY = new Uint8Array(32).fill(1)
const BOB_KEY = new Uint8Array(32).fill(2)
const LAPTOP = 'laptop-peer-id'
const PHONE = 'phone-peer-id'
const quiet = { debug () {}, info () {}, warn () {}, error () {} }

/** OwnDeviceSync (src/dm/own-devices.ts) on a real queue, with alice's profile and the deliveries stubbed. */
function setup (): { db: ParleyDatabase, store: MessageStore, clock: VirtualClock, sync: OwnDeviceSync, profile: { devices: string[] }, delivered: string[], send: (n: number) => void } {
  const db = new ParleyDatabase(':memory:', PARLEY_MIGRATIONS)
  const store = new MessageStore(db)
  const clock = new VirtualClock(1_000)
  // the profile as the network holds it: the devices the pass finds
  const profile = { devices: [LAPTOP] }
  const delivered: string[] = []
  const session = { username: 'alice', keys: { userKey: ALICE_KEY }, profile: { devices: [{ peerId: LAPTOP }], removed: [] } }
  const sync = new OwnDeviceSync({
    store,
    clock,
    logger: quiet,
    device: LAPTOP,
    sending: () => false,
    sender: () => ({ session, sender: {} }) as any,
    contacts: {
      byKey: async () => ({ username: 'alice', userKey: ALICE_KEY, devices: profile.devices.map((peerId) => ({ peerId, addrs: [], online: true })) }),
      forget () {}
    } as any,
    delivery: {
      deliver: async (contact: { devices: Array<{ peerId: string }> }) => {
        delivered.push(contact.devices[0].peerId)
        return { status: 'delivered', path: 'direct' }
      }
    } as any
  })
  let sent = 0
  // a send as DmService makes it: the message and its row in one transaction, then the pass
  const send = (n: number): void => {
    for (let i = 0; i < n; i++) {
      sent++
      store.addOutgoing('alice', ALICE_KEY, { id: sent.toString(16).padStart(32, '0'), text: `m${sent}`, timestamp: clock.now() + sent }, [{ username: 'bob', userKey: BOB_KEY }])
      sync.schedule()
    }
  }
  return { db, store, clock, sync, profile, delivered, send }
}

async function settle (): Promise<void> {
  for (let i = 0; i < 5; i++) await turn()
}

describe('copies to the account\'s other devices (OwnDeviceSync)', () => {
  it('alone on this device, a burst\'s rows wait for one pass, and a device linked meanwhile gets them all', async () => {
    const { db, store, clock, profile, delivered, send } = setup()
    send(1)
    await settle()
    assert.equal(store.deviceSync.count('alice'), 0, 'no other device: the first pass drops the row')
    send(5)
    await settle()
    assert.equal(store.deviceSync.count('alice'), 5, 'the rows stay queued for one pass after the burst, not one pass each')
    clock.advance(ALONE_SYNC_DELAY_MS - 1)
    await settle()
    assert.equal(store.deviceSync.count('alice'), 5)
    profile.devices = [LAPTOP, PHONE] // the phone linked: the profile the pass looks up lists it
    clock.advance(1)
    await settle()
    assert.deepEqual(delivered, Array(5).fill(PHONE), 'the phone gets every copy queued while alone')
    assert.equal(store.deviceSync.count('alice'), 0)
    // with another device, a send's copy leaves at once again
    send(1)
    await settle()
    assert.equal(delivered.length, 6)
    db.close()
  })

  it('alone, the rows of a burst are dropped by one pass once the wait is over', async () => {
    const { db, store, clock, sync, send } = setup()
    send(1)
    await settle()
    send(3)
    clock.advance(ALONE_SYNC_DELAY_MS)
    await settle()
    assert.equal(store.deviceSync.count('alice'), 0)
    send(2)
    await sync.stop() // the pending pass is cancelled; the rows stay queued for the next login
    clock.advance(ALONE_SYNC_DELAY_MS)
    await settle()
    assert.equal(store.deviceSync.count('alice'), 2)
    db.close()
  })
})
