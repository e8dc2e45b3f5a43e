import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { BENCH_PASSWORD, callHttp, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess, startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { NodeProcess, ProcessMember, ProcessNetwork } from '../support/processes.js'

/** how long the laptop holds its copies for the phone: far longer than the test, so only a resend after the restart can bring them */
const HOLD_MS = 600_000

/**
 * Issue 20, "both devices end with identical DM and read-state histories; nothing lost":
 * alice on a laptop and a phone, and bob. The laptop holds its copies for the phone
 * (--dm-device-sync-delay-ms), so the copy has not left when the laptop is SIGKILLed right
 * after its send was answered (or a conversation read); after the restart and login the
 * queued copy goes out and the phone shows the message with bob's state, then the read.
 */
describe("a device's copies to the account's other devices survive a SIGKILL", () => {
  let network: ProcessNetwork
  let phone: NodeProcess
  let phoneData = ''
  let phoneToken = ''

  before(async () => {
    network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-sync-crash-', env: (i): Record<string, string> => i === 0 ? { PARLEY_DM_DEVICE_SYNC_DELAY_MS: String(HOLD_MS) } : {} })
    phoneData = await tempDir('parley-sync-crash-phone-')
    phone = await startNodeProcess({ data: phoneData, bootstrap: [network.members[0].node!.addr] })
    const laptop = network.members[0]
    const code = await callHttp(laptop.api, 'POST', '/api/devices/link', undefined, laptop.token)
    assert.equal(code.status, 201, JSON.stringify(code.body))
    const linked = await callHttp(phone.api, 'POST', '/api/link', { username: 'alice', code: code.body.code, deviceName: 'phone' })
    assert.equal(linked.status, 200, JSON.stringify(linked.body))
    phoneToken = linked.body.token
  }, { timeout: 180_000 })

  after(async () => {
    if (phone != null) await stopNodeProcess(phone)
    await rm(phoneData, { recursive: true, force: true })
    await network.remove()
  })

  const relaunch = async (laptop: ProcessMember): Promise<void> => {
    await stopNodeProcess(laptop.node!, 'SIGKILL')
    await network.launch(laptop)
    await waitFor(async () => {
      const login = await callHttp(laptop.api, 'POST', '/api/login', { username: 'alice', password: BENCH_PASSWORD })
      if (login.status === 200) laptop.token = login.body.token
      return login.status === 200
    }, 30_000, 'alice to log in on the laptop again', 200)
  }

  it('the phone gets the message sent just before the kill, with bob\'s state', async () => {
    const [laptop] = network.members
    const sent = await callHttp(laptop.api, 'POST', '/api/messages', { to: ['bob'], text: 'sent from the laptop' }, laptop.token)
    assert.equal(sent.status, 201, JSON.stringify(sent.body))
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body))
    await relaunch(laptop)
    const onPhone = async (): Promise<any> => (await callHttp(phone.api, 'GET', '/api/messages?with=bob', undefined, phoneToken)).body.messages?.find((m: any) => m.id === sent.body.id)
    await waitFor(async () => (await onPhone())?.recipients?.bob?.status === 'delivered', 60_000, 'the phone to hold the laptop\'s message as delivered to bob')
    const copy = await onPhone()
    assert.equal(copy.text, 'sent from the laptop')
    assert.equal(copy.from, 'alice')
  })

  it('the phone learns of a read made just before the kill', async () => {
    const [laptop, bob] = network.members
    const reply = await callHttp(bob.api, 'POST', '/api/messages', { to: ['alice'], text: 'a reply for both devices' }, bob.token)
    assert.equal(reply.status, 201, JSON.stringify(reply.body))
    const unread = async (api: string, token: string): Promise<number | undefined> => (await callHttp(api, 'GET', '/api/messages', undefined, token)).body.conversations?.find((c: any) => c.with === 'bob')?.unread
    await waitFor(async () => await unread(phone.api, phoneToken) === 1, 60_000, 'the phone to hold bob\'s reply unread')
    await waitFor(async () => await unread(laptop.api, laptop.token) === 1, 60_000, 'the laptop to hold bob\'s reply unread')
    const read = await callHttp(laptop.api, 'GET', '/api/messages?with=bob', undefined, laptop.token) // opening it reads it
    assert.equal(read.status, 200)
    assert.equal(await unread(laptop.api, laptop.token), 0)
    await relaunch(laptop)
    await waitFor(async () => await unread(phone.api, phoneToken) === 0, 60_000, 'the phone to mark bob\'s reply read')
  })
})
