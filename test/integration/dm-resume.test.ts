import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BENCH_PASSWORD, callHttp, waitFor } from '../support/nodes.js'
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { ProcessNetwork } from '../support/processes.js'

/**
 * A DM answered `sending` (POST ?wait=false) is durable: alice's node is SIGKILLed while
 * the message awaits bob's acknowledgement (bob's process is stopped with SIGSTOP), and
 * after her restart and login it goes out again and reaches delivered; bob shows it once.
 */
describe('a DM answered before delivery survives a SIGKILL of the sender', () => {
  let network: ProcessNetwork

  before(async () => {
    network = await startProcessNetwork(['alice', 'bob'], { password: () => BENCH_PASSWORD, prefix: 'parley-dm-resume-' })
  })

  after(async () => {
    const bob = network.members[1].node
    if (bob != null) bob.child.kill('SIGCONT')
    await network.remove()
  })

  it('delivers after the restart, once', async () => {
    const [alice, bob] = network.members
    const send = async (text: string): Promise<any> => {
      const sent = await callHttp(alice.api, 'POST', '/api/messages?wait=false', { to: ['bob'], text }, alice.token)
      assert.equal(sent.status, 201, JSON.stringify(sent.body))
      return sent.body
    }
    const status = async (id: string): Promise<string | undefined> => {
      const page = await callHttp(alice.api, 'GET', '/api/messages?with=bob', undefined, alice.token)
      return page.body.messages?.find((m: any) => m.id === id)?.status
    }
    // a first message: alice has bob's profile and a direct link to him
    const first = await send('before the kill')
    await waitFor(async () => await status(first.id) === 'delivered', 20_000, 'the first message delivered')

    bob.node!.child.kill('SIGSTOP')
    const held = await send('across the kill')
    assert.equal(held.status, 'sending')
    assert.equal(await status(held.id), 'sending', 'no acknowledgement from a stopped process')
    await stopNodeProcess(alice.node!, 'SIGKILL')
    bob.node!.child.kill('SIGCONT')

    await network.launch(alice)
    await waitFor(async () => {
      const login = await callHttp(alice.api, 'POST', '/api/login', { username: 'alice', password: BENCH_PASSWORD })
      if (login.status === 200) alice.token = login.body.token
      return login.status === 200
    }, 30_000, 'alice to log in again', 200)
    await waitFor(async () => await status(held.id) === 'delivered', 30_000, 'the message held across the kill delivered')
    const theirs = await callHttp(bob.api, 'GET', '/api/messages?with=alice', undefined, bob.token)
    assert.deepEqual(theirs.body.messages.map((m: any) => m.text), ['before the kill', 'across the kill'])
  })
})
