import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { Parley } from '../../src/app/index.js'
import { tempDir } from '../support/nodes.js'

describe('node lifecycle', () => {
  it('when a later service fails to start, the ones started before it are stopped in reverse order', async () => {
    const dataDir = await tempDir()
    const parley = await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })
    const calls: string[] = []
    const names = new Map<unknown, string>([
      [parley.libp2p, 'network'], [parley.accounts, 'accounts'], [parley.linking, 'linking'], [parley.feed, 'feed'],
      [parley.mailbox, 'mailbox'], [parley.dm, 'dm'], [parley.groups, 'groups']
    ])
    for (const service of parley.services) {
      const name = names.get(service) ?? `other ${parley.services.indexOf(service)}`
      const start = service.start.bind(service)
      const stop = service.stop.bind(service)
      service.start = async () => { calls.push(`start ${name}`); await start() }
      service.stop = async () => { calls.push(`stop ${name}`); await stop() }
    }
    // the DM service fails to start (as it would if, say, its protocol could not be registered)
    parley.dm.start = async () => {
      calls.push('start dm')
      throw new Error('dm cannot start')
    }
    await assert.rejects(parley.start(), /dm cannot start/)
    assert.deepEqual(calls, [
      'start other 0', 'start network', 'start accounts', 'start linking', 'start feed', 'start mailbox', 'start dm',
      'stop mailbox', 'stop feed', 'stop linking', 'stop accounts', 'stop network', 'stop other 0'
    ])
    assert.equal(parley.libp2p.status, 'stopped')
    assert.equal(parley.database.db.isOpen, false, 'the database closed with the rollback')
    // the node did not start, so stopping it does nothing more
    await parley.stop()
    assert.equal(calls.length, 13)
    await rm(dataDir, { recursive: true, force: true })
  })

  it('a started node stops its services in reverse start order', async () => {
    const dataDir = await tempDir()
    const parley = await Parley.create({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'] })
    const order: number[] = []
    parley.services.forEach((service, i) => {
      const stop = service.stop.bind(service)
      service.stop = async () => { order.push(i); await stop() }
    })
    await parley.start()
    assert.equal(parley.libp2p.status, 'started')
    await parley.stop()
    assert.deepEqual(order, parley.services.map((_, i) => i).reverse())
    assert.equal(parley.libp2p.status, 'stopped')
    await parley.stop() // harmless
    assert.equal(order.length, parley.services.length)
    // its database is closed and its folder free: a node is opened again with Parley.create
    await assert.rejects(parley.start(), /Parley.create/)
    await rm(dataDir, { recursive: true, force: true })
  })
})
