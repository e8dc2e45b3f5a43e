import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import { TEST_SCRYPT, registerUser, startTestNetwork } from '../support/nodes.js'
import { Cast, NETWORK_WAIT, markDocument, navigateTo, register } from './steps.js'
import type { TestNode } from '../support/nodes.js'

/** Every holder is full (a total of 0 crates for others): any deposit is refused with holder_full. */
const FULL = { upkeepIntervalMs: 0, holderQuota: { crates: 0, bytes: 0 } }

/**
 * A message no mailbox holder took shows "not sent", and the badge says which holders
 * refused and why (the send's answer), instead of failing silently.
 */
describe('web UI: a message every mailbox holder refused says why', () => {
  let nodes: TestNode[]
  const cast = new Cast()

  before(async () => {
    nodes = await startTestNetwork(6, { scrypt: TEST_SCRYPT, mailbox: FULL })
    const token = await registerUser(nodes[2], 'leo')
    assert.equal((await nodes[2].call('POST', '/api/logout', undefined, token)).status, 204)
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await Promise.all((nodes ?? []).map(async (node) => node.stop()))
  })

  it('kim writes to leo, who is offline: the badge reads "not sent" and its title names each holder\'s refusal', async () => {
    const kim = await cast.open(nodes[1].api)
    await register(kim, 'kim')
    const page = kim.page
    await navigateTo(page, 'Messages')
    await page.getByLabel('Write to').fill('leo')
    await page.getByRole('button', { name: 'Open conversation' }).click()
    await page.getByRole('heading', { name: '@leo' }).waitFor()
    await markDocument(page)
    await page.getByLabel('Message to @leo').fill('nobody will hold this')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    const message = page.getByTestId('message').filter({ hasText: 'nobody will hold this' })
    await message.and(page.locator('[data-status="failed"]')).waitFor({ timeout: NETWORK_WAIT })
    const badge = message.locator('.badge')
    assert.equal(await badge.textContent(), 'not sent')
    const title = await badge.getAttribute('title') ?? ''
    assert.match(title, /^no mailbox holder took the crate \(\d asked\): /)
    assert.equal(title.match(/holder_full \(this holder keeps no more stamped crates for others\)/g)?.length, Number(/\((\d) asked\)/.exec(title)?.[1]))
  })
})
