import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import { startTestNetwork } from '../support/nodes.js'
import { PHONE, screenshots } from './browser.js'
import { Cast, NETWORK_WAIT, assertNotReloaded, markDocument, navigateTo, register } from './steps.js'
import type { Person } from './browser.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Must-show 1: three nodes over TCP (nodes[0] bootstraps, ivy uses nodes[1], jon nodes[2]),
 * two browsers. Jon follows ivy on her profile page; ivy posts; her post shows up in jon's
 * open timeline without a reload, and ivy's notifications say jon followed her.
 */
describe('web UI: follow and a live timeline across two nodes', () => {
  let nodes: TestNode[]
  const cast = new Cast()
  let ivy: Person
  let jon: Person

  before(async () => {
    nodes = await startTestNetwork(3)
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await Promise.all((nodes ?? []).map(async (node) => node.stop()))
  })

  it('registers ivy and jon on two nodes in two browsers', async () => {
    ivy = await cast.open(nodes[1].api)
    jon = await cast.open(nodes[2].api, PHONE)
    await register(ivy, 'ivy')
    await register(jon, 'jon')
    assert.equal(nodes[1].parley.session?.username, 'ivy')
    assert.equal(nodes[2].parley.session?.username, 'jon')
  })

  it('jon follows ivy on her profile; ivy is told live', async () => {
    await navigateTo(ivy.page, 'Notifications')
    await markDocument(ivy.page)
    const page = jon.page
    await page.getByLabel('Find a user by name').fill('ivy')
    await page.getByRole('button', { name: 'Find' }).click()
    await page.getByRole('heading', { name: '@ivy' }).waitFor({ timeout: NETWORK_WAIT })
    await page.getByRole('button', { name: 'Follow', exact: true }).click()
    await page.getByRole('button', { name: 'Unfollow', exact: true }).waitFor({ timeout: NETWORK_WAIT })
    assert.deepEqual((await nodes[2].parley.feed.following()).map((u) => u.username), ['ivy'])
    await ivy.page.getByText('@jon followed you').waitFor({ timeout: NETWORK_WAIT })
    await assertNotReloaded(ivy.page)
    await screenshots(ivy.page, 'notifications')
  })

  it('ivy posts; the post appears in jon\'s open timeline without a reload', async () => {
    await navigateTo(jon.page, 'Timeline')
    await markDocument(jon.page)
    const posts = jon.page.getByTestId('post')
    const before = await posts.count()

    for (const text of ['Hello from ivy: first post over the network', 'A second one, to see the order']) {
      await navigateTo(ivy.page, 'Timeline')
      await ivy.page.getByLabel('New post').fill(text)
      await ivy.page.getByRole('button', { name: 'Post', exact: true }).click()
      await ivy.page.getByTestId('post').filter({ hasText: text }).waitFor({ timeout: NETWORK_WAIT })
      await jon.page.getByTestId('post').filter({ hasText: text }).waitFor({ timeout: NETWORK_WAIT })
    }
    await jon.page.getByTestId('post').nth(before + 1).waitFor()
    const texts = await posts.locator('.text').allTextContents()
    assert.deepEqual(texts.slice(0, 2), ['A second one, to see the order', 'Hello from ivy: first post over the network'], 'newest first')
    assert.match(await posts.first().textContent() ?? '', /@ivy/)
    await assertNotReloaded(jon.page)

    await jon.page.getByLabel('New post').fill('jon here, following ivy')
    await jon.page.getByRole('button', { name: 'Post', exact: true }).click()
    await jon.page.getByTestId('post').filter({ hasText: 'jon here' }).waitFor({ timeout: NETWORK_WAIT })
    await screenshots(jon.page, 'timeline')
  })
})
