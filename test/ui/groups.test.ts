import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, afterEach, before, describe, it } from 'node:test'
import { callHttp, startTestNode, tempDir, waitFor } from '../support/nodes.js'
import { startNodeProcess } from '../support/processes.js'
import { screenshots } from './browser.js'
import { Cast, NETWORK_WAIT, assertNotReloaded, markDocument, navigateTo, register } from './steps.js'
import type { Person } from './browser.js'
import type { TestNode } from '../support/nodes.js'
import type { NodeProcess } from '../support/processes.js'
import type { Page } from 'playwright-core'

const USERS = ['mia', 'ned', 'ola']

interface Member { user: string, data: string, node: NodeProcess, person?: Person }

/** The committed messages a page shows, in its order: "sender: text". */
async function committed (page: Page): Promise<string[]> {
  const items = page.getByRole('list', { name: 'Committed messages' }).getByTestId('group-message')
  const senders = await items.locator('strong').allTextContents()
  const texts = await items.locator('.text').allTextContents()
  return texts.map((text, i) => `${senders[i]}: ${text}`)
}

/** Waits until every page shows the same `count` committed messages, and returns them. */
async function sameOrderEverywhere (pages: Page[], count: number): Promise<string[]> {
  let lists: string[][] = []
  await waitFor(async () => {
    lists = await Promise.all(pages.map(committed))
    return lists.every((list) => list.length === count && JSON.stringify(list) === JSON.stringify(lists[0]))
  }, NETWORK_WAIT, `${count} committed messages in the same order on ${pages.length} pages (now ${JSON.stringify(lists)})`)
  return lists[0]
}

async function sendInUi (page: Page, text: string): Promise<void> {
  await page.getByLabel('Message to the group').fill(text)
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await page.getByTestId('group-message').filter({ hasText: text }).waitFor({ timeout: NETWORK_WAIT })
}

async function hostOf (page: Page): Promise<{ host: string, term: number }> {
  const line = page.getByTestId('group-host')
  return { host: await line.getAttribute('data-host') ?? '', term: Number(await line.getAttribute('data-term')) }
}

/**
 * Must-show 3: a bootstrap node and three users on real `parley node` processes, one
 * browser each. Mia creates and starts the group in the UI; messages sent from all three
 * pages show in the same agreed order everywhere. The host's process is SIGKILLed; the two
 * other pages show the new host and a higher term, and the chat goes on in both.
 */
describe('web UI: a three-member group chat survives its host being killed', () => {
  let bootstrap: TestNode
  const members: Member[] = []
  const cast = new Cast()
  let groupUrl: string

  before(async () => {
    bootstrap = await startTestNode()
    const addr = bootstrap.addr
    await Promise.all(USERS.map(async (user) => {
      const data = await tempDir(`parley-ui-${user}-`)
      members.push({ user, data, node: await startNodeProcess({ data, bootstrap: [addr] }) })
    }))
    members.sort((a, b) => USERS.indexOf(a.user) - USERS.indexOf(b.user))
    const peerIds = members.map((m) => m.node.peerId)
    await waitFor(() => bootstrap.parley.network().dht.routingTableSize >= 3 && peerIds.every((id) => bootstrap.parley.network().peers.some((p) => p.peerId === id)),
      NETWORK_WAIT, 'the three node processes to join')
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    for (const m of members) m.node.child.kill('SIGKILL')
    await Promise.all(members.map(async (m) => m.node.exited))
    await bootstrap?.stop()
    await Promise.all(members.map(async (m) => rm(m.data, { recursive: true, force: true })))
  })

  it('registers mia, ned and ola on their own node processes in three browsers', async () => {
    for (const m of members) {
      m.person = await cast.open({ address: m.node.api, routes: bootstrap.api.routes })
      await register(m.person, m.user)
    }
    // the group is created once every member can be found through the DHT
    for (const user of USERS.slice(1)) {
      await waitFor(async () => (await callHttp(members[0].node.api, 'GET', `/api/users/${user}`, undefined, await token(members[0]))).status === 200, NETWORK_WAIT, `${user} to be found`)
    }
  })

  it('mia creates the group and starts it; the others see it appear and get a host', async () => {
    for (const m of members.slice(1)) {
      await navigateTo(m.person!.page, 'Groups')
      await markDocument(m.person!.page)
    }
    const page = members[0].person!.page
    await navigateTo(page, 'Groups')
    await page.getByLabel('Name').fill('Trio')
    await page.getByLabel('Members').fill('ned, ola')
    await page.getByRole('button', { name: 'Create group' }).click()
    await page.getByRole('heading', { name: 'Trio' }).waitFor({ timeout: NETWORK_WAIT })
    groupUrl = new URL(page.url()).pathname
    await page.getByText('Not started: no host yet.').waitFor()
    for (const m of members.slice(1)) {
      const link = m.person!.page.getByTestId('group').getByRole('link', { name: 'Trio' })
      await link.waitFor({ timeout: NETWORK_WAIT }) // the invitation arrived live
      await assertNotReloaded(m.person!.page)
      if (m.user === 'ned') await screenshots(m.person!.page, 'groups')
      await link.click()
      await m.person!.page.getByRole('heading', { name: 'Trio' }).waitFor()
      await m.person!.page.getByRole('button', { name: 'Start' }).waitFor({ state: 'detached' }) // only the creator starts
    }
    for (const m of members) await markDocument(m.person!.page)
    await page.getByRole('button', { name: 'Start' }).click()
    for (const m of members) {
      await m.person!.page.locator('[data-testid="group-host"][data-host]:not([data-host=""])').waitFor({ timeout: NETWORK_WAIT })
      await m.person!.page.getByTestId('preferred-hosts').waitFor()
    }
    const hosts = await Promise.all(members.map(async (m) => hostOf(m.person!.page)))
    assert.ok(USERS.includes(hosts[0].host), `a member hosts: ${JSON.stringify(hosts)}`)
    assert.ok(hosts.every((h) => h.host === hosts[0].host && h.term === hosts[0].term), `the same host and term on every page: ${JSON.stringify(hosts)}`)
  })

  it('messages from all three appear in the same order in all three pages', async () => {
    const pages = members.map((m) => m.person!.page)
    for (let round = 0; round < 2; round++) {
      for (const m of members) await sendInUi(m.person!.page, `${m.user} says hello (${round + 1})`)
    }
    const order = await sameOrderEverywhere(pages, 6)
    assert.deepEqual([...order].sort(), members.flatMap((m) => [1, 2].map((r) => `@${m.user}: ${m.user} says hello (${r})`)).sort())
    for (const page of pages) {
      await assertNotReloaded(page)
      assert.equal(await page.locator('[data-testid="group-message"][data-status="pending"]').count(), 0)
    }
    await screenshots(pages[0], 'group-chat')
  })

  it('the host\'s node is killed: the other pages show the new host and term, and the chat goes on', async () => {
    const before = await hostOf(members[0].person!.page)
    const host = members.find((m) => m.user === before.host)!
    const rest = members.filter((m) => m !== host)
    // the host's browser goes first, so that its page does not complain about its dead node
    await host.person!.close()
    cast.people.splice(cast.people.indexOf(host.person!), 1)
    host.node.child.kill('SIGKILL')
    assert.equal(await host.node.exited, 'SIGKILL')

    for (const m of rest) {
      const page = m.person!.page
      await waitFor(async () => {
        const now = await hostOf(page)
        return now.host !== '' && now.host !== before.host && now.term > before.term
      }, NETWORK_WAIT, `${m.user}'s page to show a new host`)
    }
    const after = await Promise.all(rest.map(async (m) => hostOf(m.person!.page)))
    assert.deepEqual(after[0], after[1], 'both pages agree on the new host and term')
    assert.ok(rest.some((m) => m.user === after[0].host), `the new host is a surviving member: ${JSON.stringify(after)}`)

    const pages = rest.map((m) => m.person!.page)
    for (const m of rest) await sendInUi(m.person!.page, `${m.user} carries on after the failover`)
    await sendInUi(rest[0].person!.page, 'and one more')
    const order = await sameOrderEverywhere(pages, 9)
    assert.deepEqual(order.slice(6).sort(), [...rest.map((m) => `@${m.user}: ${m.user} carries on after the failover`), `@${rest[0].user}: and one more`].sort())
    for (const page of pages) {
      await assertNotReloaded(page)
      assert.equal(new URL(page.url()).pathname, groupUrl)
    }
    await screenshots(pages[0], 'group-failover')
  })
})

/** The browser's token for its node, to ask the API directly. */
async function token (m: Member): Promise<string> {
  const saved = await m.person!.page.evaluate(() => sessionStorage.getItem('parley-session'))
  return JSON.parse(saved ?? '{}').token
}
