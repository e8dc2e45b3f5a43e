import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import { TEST_SCRYPT, startTestNetwork } from '../support/nodes.js'
import { screenshots } from './browser.js'
import { Cast, NETWORK_WAIT, navigateTo, register, signedInAs } from './steps.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Issue 20, linking in the browser: alice's Devices page shows a code and its QR; on a
 * fresh node's login page she links it with that code, is signed in there with her posts,
 * and both Devices pages list both devices.
 */
describe('web UI: link a device by code', () => {
  let nodes: TestNode[]
  const cast = new Cast()

  before(async () => {
    nodes = await startTestNetwork(3, { scrypt: TEST_SCRYPT })
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await Promise.all((nodes ?? []).map(async (node) => node.stop()))
  })

  it('a code from the Devices page signs the new node in as alice, with her state', async () => {
    const laptop = await cast.open(nodes[1].api)
    await register(laptop, 'vera')
    await laptop.page.getByLabel('New post').fill('posted before the link')
    await laptop.page.getByRole('button', { name: 'Post' }).click()
    await laptop.page.getByTestId('post').filter({ hasText: 'posted before the link' }).waitFor()

    await navigateTo(laptop.page, 'Devices')
    await laptop.page.getByRole('button', { name: 'Show a link code' }).click()
    const shown = laptop.page.getByTestId('link-code')
    await shown.locator('svg').waitFor()
    const code = (await shown.getByLabel('Link code').textContent()) ?? ''
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    await screenshots(laptop.page, 'devices-link-code')

    const phone = await cast.open(nodes[2].api)
    await phone.page.goto('/')
    await phone.page.getByText('Link this node to your account').click()
    await phone.page.getByLabel('Account to join').fill('vera')
    await phone.page.getByLabel('Link code').fill(code.toLowerCase())
    await phone.page.getByRole('button', { name: 'Link and sign in' }).click()
    await signedInAs(phone.page, 'vera')
    await phone.page.getByTestId('post').filter({ hasText: 'posted before the link' }).waitFor({ timeout: NETWORK_WAIT })

    for (const person of [phone, laptop]) {
      await navigateTo(person.page, 'Devices')
      await person.page.getByRole('list', { name: 'Devices' }).getByRole('listitem').nth(1).waitFor({ timeout: NETWORK_WAIT })
      assert.equal(await person.page.getByRole('list', { name: 'Devices' }).getByRole('listitem').count(), 2)
    }
  })
})
