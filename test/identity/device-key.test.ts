import assert from 'node:assert/strict'
import { chmod, mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { loadOrCreateDeviceKey } from '../../src/identity/index.js'
import { lockDataFolder } from '../../src/store/index.js'
import { tempDir } from '../support/nodes.js'

const modeOf = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8)

describe('the device key file', () => {
  it('is made 0600 in a 0700 folder, and a looser key or data folder made beforehand is narrowed', async () => {
    const dir = await tempDir()
    const data = join(dir, 'node')
    const key = await loadOrCreateDeviceKey(data)
    assert.equal(await modeOf(data), '700')
    assert.equal(await modeOf(join(data, 'device.key')), '600')

    await chmod(join(data, 'device.key'), 0o644)
    const again = await loadOrCreateDeviceKey(data)
    assert.ok(peerIdFromPrivateKey(again).equals(peerIdFromPrivateKey(key)), 'the same key')
    assert.equal(await modeOf(join(data, 'device.key')), '600')

    // `mkdir ~/.parley` under the usual umask: the node's lock narrows it
    const made = join(dir, 'made-beforehand')
    await mkdir(made, { mode: 0o755 })
    await chmod(made, 0o755)
    const lock = await lockDataFolder(made)
    assert.equal(await modeOf(made), '700')
    assert.equal(await modeOf(join(made, 'parley.lock')), '600')
    await lock.release()
    await rm(dir, { recursive: true, force: true })
  })
})
