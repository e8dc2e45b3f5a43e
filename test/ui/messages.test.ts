import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, afterEach, before, describe, it } from 'node:test'
import { startTestNetwork, startTestNode } from '../support/nodes.js'
import { screenshots } from './browser.js'
import { Cast, NETWORK_WAIT, assertNotReloaded, logIn, markDocument, navigateTo, register } from './steps.js'
import type { Person } from './browser.js'
import type { TestNode } from '../support/nodes.js'
import type { ParleyInit } from '../../src/app/index.js'

/** logged-in users poll their mailbox every 2 s (30 s by default), so receipts waiting there come soon */
const INIT: Partial<ParleyInit> = { scrypt: { logN: 10, r: 8, p: 1 }, dmPollIntervalMs: 2_000, mailbox: { upkeepIntervalMs: 0 } }

/**
 * Must-show 2: eight nodes over TCP (enough for five mailbox holders while one is down).
 * Kim (nodes[1]) writes to leo, whose node (nodes[2]) is stopped: her page shows the
 * message stored on n replicas. Leo's node comes back on the same data folder, he logs in
 * in a browser, and kim's open page turns the message to delivered and, once leo opens the
 * conversation, to read, without a reload.
 */
describe('web UI: a direct message to a stopped node is stored, then delivered and read live', () => {
  let nodes: TestNode[]
  let leoNode: TestNode | undefined
  let leoDataDir: string
  let leoStopped = false
  const cast = new Cast()
  let kim: Person

  before(async () => {
    nodes = await startTestNetwork(8, INIT)
    leoDataDir = nodes[2].dataDir
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await Promise.all((nodes ?? []).filter((n) => n !== nodes[2]).map(async (node) => node.stop()))
    if (nodes?.[2] != null && !leoStopped) { await nodes[2].api.close(); await nodes[2].parley.stop() }
    await leoNode?.stop()
    if (leoDataDir != null) await rm(leoDataDir, { recursive: true, force: true })
  })

  it('registers kim and leo; leo\'s node stops', async () => {
    kim = await cast.open(nodes[1].api)
    const leo = await cast.open(nodes[2].api)
    await register(kim, 'kim')
    await register(leo, 'leo')
    await leo.close()
    cast.people.splice(cast.people.indexOf(leo), 1)
    // stop the node but keep its data folder (TestNode.stop would delete it)
    await nodes[2].api.close()
    await nodes[2].parley.stop()
    leoStopped = true
  })

  it('kim writes to leo in the UI: the message shows stored on n replicas', async () => {
    const page = kim.page
    await navigateTo(page, 'Messages')
    await page.getByLabel('Write to').fill('leo')
    await page.getByRole('button', { name: 'Open conversation' }).click()
    await page.getByRole('heading', { name: '@leo' }).waitFor()
    await markDocument(page)
    await page.getByLabel('Message to @leo').fill('Hi leo, this waits for you in the network')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    const message = page.getByTestId('message').filter({ hasText: 'this waits for you' })
    await message.and(page.locator('[data-status="stored"]')).waitFor({ timeout: NETWORK_WAIT })
    const badge = await message.locator('.badge').textContent()
    const replicas = Number(/stored on (\d+) replicas?/.exec(badge ?? '')?.[1])
    assert.ok(replicas >= 1 && replicas <= 5, `stored on n replicas: "${badge}"`)
    const [sent] = nodes[1].parley.dm.conversation('leo')
    assert.equal(sent.status, 'stored')
    assert.equal(sent.recipients?.leo.storedOn, replicas, 'the page shows what the node knows')
    await assertNotReloaded(page)
    await screenshots(page, 'conversation-stored')
  })

  it('leo\'s node starts again and he logs in: kim\'s page turns to delivered, then read when he opens the conversation', async () => {
    const bootstrap = [nodes[0].addr]
    leoNode = await startTestNode({ ...INIT, dataDir: leoDataDir, bootstrap })
    const leo = await cast.open(leoNode.api)
    await logIn(leo, 'leo')

    const message = kim.page.getByTestId('message').filter({ hasText: 'this waits for you' })
    await message.and(kim.page.locator('[data-status="delivered"]')).waitFor({ timeout: NETWORK_WAIT })
    assert.equal(await message.locator('.badge').textContent(), 'delivered')

    // the conversation list shows one unread message; opening it reads it
    await navigateTo(leo.page, 'Messages')
    const line = leo.page.getByTestId('conversation').filter({ hasText: '@kim' })
    await line.getByText('1 unread').waitFor({ timeout: NETWORK_WAIT })
    await screenshots(leo.page, 'messages')
    await line.getByRole('link', { name: '@kim' }).click()
    await leo.page.getByTestId('message').filter({ hasText: 'this waits for you' }).waitFor({ timeout: NETWORK_WAIT })

    await message.and(kim.page.locator('[data-status="read"]')).waitFor({ timeout: NETWORK_WAIT })
    assert.equal(await message.locator('.badge').textContent(), 'read')
    await assertNotReloaded(kim.page)

    // a reply comes in live on kim's open page, delivered straight to her online node
    await leo.page.getByLabel('Message to @kim').fill('Got it, thanks kim')
    await leo.page.getByRole('button', { name: 'Send', exact: true }).click()
    await kim.page.getByTestId('message').filter({ hasText: 'Got it, thanks kim' }).waitFor({ timeout: NETWORK_WAIT })
    await leo.page.getByTestId('message').filter({ hasText: 'Got it' }).and(leo.page.locator('[data-status="read"]')).waitFor({ timeout: NETWORK_WAIT })

    // leo leaves the conversation: the next message reaches his node (delivered) but is not read
    await navigateTo(leo.page, 'Timeline')
    await kim.page.getByLabel('Message to @leo').fill('See you in the group chat later')
    await kim.page.getByRole('button', { name: 'Send', exact: true }).click()
    await kim.page.getByTestId('message').filter({ hasText: 'See you in the group chat' }).and(kim.page.locator('[data-status="delivered"]')).waitFor({ timeout: NETWORK_WAIT })
    await screenshots(kim.page, 'conversation')
  })

  it('a long conversation opens at its newest 200 messages; older ones load on request, above them', async () => {
    // 250 messages from pat, put straight into kim's store (the paging is what is under test)
    const patKey = new Uint8Array(32).fill(7)
    nodes[1].parley.dm.store.addIncoming('kim', Array.from({ length: 250 }, (_, i) => ({
      senderKey: patKey, sender: 'pat', id: `pat-${i}`, to: ['kim'], text: `pat says ${i}`, timestamp: Date.now() - 60_000 + i
    })), Date.now())
    const page = kim.page
    await navigateTo(page, 'Messages')
    await page.getByLabel('Write to').fill('pat')
    await page.getByRole('button', { name: 'Open conversation' }).click()
    await page.getByTestId('message').filter({ hasText: 'pat says 249' }).waitFor()
    assert.equal(await page.getByTestId('message').count(), 200)
    assert.equal(await page.getByText('pat says 49', { exact: true }).count(), 0)
    await page.getByRole('button', { name: 'Load older messages' }).click()
    await page.getByText('pat says 0', { exact: true }).waitFor()
    assert.equal(await page.getByTestId('message').count(), 250)
    assert.equal(await page.getByTestId('message').first().textContent().then((t) => t?.startsWith('pat says 0')), true, 'the older page is above')
    assert.equal(await page.getByRole('button', { name: 'Load older messages' }).count(), 0, 'no more to load at the start')
  })
})
