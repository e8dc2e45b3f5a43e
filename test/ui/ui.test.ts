import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import { startTestNetwork, startTestNode } from '../support/nodes.js'
import { Person, PHONE, launchBrowser, screenshots } from './browser.js'
import { PASSWORD, fillCredentials, fitsPhone, register, signedInAs } from './steps.js'
import type { TestNode } from '../support/nodes.js'
import type { Browser } from 'playwright-core'

describe('web UI in Chromium against a real network', () => {
  let nodes: TestNode[]
  let browser: Browser
  let alice: Person
  let bob: Person
  /** alice's browser on bob's node: her second device */
  let second: Person
  const people: Person[] = []
  const open = async (node: TestNode, viewport?: { width: number, height: number }): Promise<Person> => {
    const person = await Person.open(browser, node.api, viewport)
    people.push(person)
    return person
  }

  before(async () => {
    nodes = await startTestNetwork(3) // nodes[0] bootstraps; alice uses nodes[1], bob nodes[2]
    browser = await launchBrowser()
  })

  afterEach(() => {
    for (const person of people) assert.deepEqual(person.problems.splice(0), [], 'no console errors, page errors or unexpected HTTP errors')
  })

  after(async () => {
    await browser?.close()
    await Promise.all((nodes ?? []).map(async (node) => node.stop()))
  })

  it('registers two users on two nodes in two browsers (one at phone width)', async () => {
    alice = await open(nodes[1])
    bob = await open(nodes[2], PHONE)
    await alice.page.goto('/')
    await alice.page.getByRole('button', { name: 'Log in' }).waitFor()
    await screenshots(alice.page, 'login')
    await register(alice, 'alice')
    await register(bob, 'bob')
    assert.equal((await nodes[1].call('GET', '/api/health')).body.peerId, nodes[1].parley.peerId)
    assert.equal(nodes[1].parley.session?.username, 'alice')
    assert.equal(nodes[2].parley.session?.username, 'bob')
    assert.equal(await alice.page.title(), 'Timeline · Parley')
    await fitsPhone(bob.page)
  })

  it('a taken name and a wrong password get clear errors; the other sessions carry on', async () => {
    const stranger = await open(nodes[2])
    await stranger.page.goto('/')
    await fillCredentials(stranger.page, 'alice', PASSWORD)
    await stranger.expecting(409, async () => {
      await stranger.page.getByRole('button', { name: 'Register' }).click()
      await stranger.page.getByRole('alert').filter({ hasText: 'That name is taken' }).waitFor()
    })
    await fillCredentials(stranger.page, 'alice', 'not-the-password')
    await stranger.expecting(401, async () => {
      await stranger.page.getByRole('button', { name: 'Log in' }).click()
      await stranger.page.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor()
    })
    await screenshots(stranger.page, 'login-error')
    assert.equal(nodes[2].parley.session?.username, 'bob')
    await stranger.close()
  })

  it('logs out and back in, keeping the token in sessionStorage only', async () => {
    const page = alice.page
    const saved = await page.evaluate(() => [sessionStorage.getItem('parley-session'), localStorage.getItem('parley-session')])
    assert.match(saved[0] ?? '', /"token"/)
    assert.equal(saved[1], null)
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(await page.evaluate(() => sessionStorage.getItem('parley-session')), null)
    await fillCredentials(page, 'alice', PASSWORD)
    await page.keyboard.press('Enter') // the form submits with the keyboard, as "Log in"
    await signedInAs(page, 'alice')
    assert.equal(nodes[1].parley.session?.username, 'alice')
    await page.reload()
    await signedInAs(page, 'alice') // the token survives a reload of the tab
  })

  it('a node with no peers says the network is offline', async () => {
    const lonely = await startTestNode()
    try {
      const person = await open(lonely)
      await person.page.goto('/')
      await fillCredentials(person.page, 'dora', PASSWORD)
      await person.expecting(503, async () => {
        await person.page.getByRole('button', { name: 'Register' }).click()
        await person.page.getByRole('alert').filter({ hasText: 'not connected to the Parley network' }).waitFor()
      })
      await person.close()
    } finally {
      await lonely.stop()
    }
  })

  it('the network page shows this node and its peers, and follows peers coming and going live', async () => {
    const page = alice.page
    await page.getByRole('link', { name: 'Network' }).click()
    await page.getByTestId('peer-id').filter({ hasText: nodes[1].parley.peerId }).waitFor()
    await page.getByTestId('peer').filter({ hasText: nodes[0].parley.peerId }).waitFor()
    const before = Number(await page.getByTestId('peer-count').textContent())
    assert.ok(before >= 1)
    const extra = await startTestNode({ bootstrap: [nodes[1].addr] })
    try {
      await page.getByTestId('peer').filter({ hasText: extra.parley.peerId }).waitFor()
    } finally {
      await extra.stop()
    }
    await page.getByTestId('peer').filter({ hasText: extra.parley.peerId }).waitFor({ state: 'detached' })
    await screenshots(page, 'network')
  })

  it('profiles: find a user by name, see them online; an unknown name says so', async () => {
    const page = alice.page
    await page.getByRole('link', { name: 'Timeline' }).click()
    await page.getByLabel('Find a user by name').fill('bob')
    await page.getByRole('button', { name: 'Find' }).click()
    await page.getByRole('heading', { name: '@bob' }).waitFor()
    await page.locator('.presence.online').waitFor()
    await screenshots(page, 'profile')
    await page.getByRole('link', { name: '@alice', exact: true }).first().click()
    await page.getByRole('heading', { name: '@alice (you)' }).waitFor()
    await alice.expecting(404, async () => {
      await page.goto('/users/nobody_here')
      await page.getByRole('alert').filter({ hasText: 'There is no user with that name' }).waitFor()
    })
    await signedInAs(page, 'alice')
  })

  it('every page renders at desktop and phone width without sideways scrolling', async () => {
    const page = alice.page
    const pages: Array<[string, string, string]> = [
      // empty states: the same pages with content come from timeline, messages and groups.test
      ['/', 'timeline-empty', 'Timeline'],
      ['/notifications', 'notifications-empty', 'Notifications'],
      ['/messages', 'messages-empty', 'Messages'],
      ['/messages/bob', 'conversation-empty', '@bob'],
      ['/groups', 'groups-empty', 'Groups'],
      ['/network', 'network', 'Network']
    ]
    for (const [path, name, heading] of pages) {
      await page.goto(path)
      await page.getByRole('heading', { name: heading, exact: false }).first().waitFor()
      await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' })
      await fitsPhone(page)
      await screenshots(page, name)
    }
  })

  it('keyboard: the skip link and the main navigation are reachable with Tab', async () => {
    const page = alice.page
    await page.goto('/')
    await signedInAs(page, 'alice')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Skip to content')
    const focused: string[] = []
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      focused.push(await page.evaluate('`${document.activeElement?.tagName} ${document.activeElement?.textContent ?? \'\'}`') as string)
    }
    for (const name of ['Timeline', 'Notifications', 'Messages', 'Groups', 'Network']) assert.ok(focused.includes(`A ${name}`), `${name} in ${focused.join(' | ')}`)
    assert.ok(focused.includes('BUTTON Log out'))
    await page.getByRole('link', { name: 'Network' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Network' }).waitFor()
    assert.equal(await page.evaluate('document.activeElement?.id'), 'main', 'focus moves to the new page\'s content')
  })

  it('logging in as alice on bob\'s node signs bob out live; alice stays signed in on her own node (a second device)', async () => {
    second = await open(nodes[2])
    await second.page.goto('/')
    await fillCredentials(second.page, 'alice', PASSWORD)
    // bob is signed in there: refused (409) until alice chooses to end his sessions (issue 20)
    await second.expecting(409, async () => {
      await second.page.getByRole('button', { name: 'Log in' }).click()
      await second.page.getByRole('alert').filter({ hasText: 'Someone else is signed in on this node' }).waitFor()
    })
    await second.page.getByRole('button', { name: 'End their sessions and continue' }).click()
    await signedInAs(second.page, 'alice')
    await bob.page.getByRole('button', { name: 'Log in' }).waitFor()
    await bob.page.getByRole('status').filter({ hasText: 'logged out' }).waitFor()
    assert.notEqual(await alice.page.evaluate(() => sessionStorage.getItem('parley-session')), null)
  })

  it('the Devices page lists alice\'s two devices; removing the other one signs that browser out, saying why', async () => {
    await alice.page.getByRole('link', { name: 'Devices' }).click()
    await alice.page.getByRole('heading', { name: 'Devices' }).waitFor()
    await alice.page.getByText('(this device)').waitFor()
    const remove = alice.page.getByRole('button', { name: 'Remove' })
    await remove.waitFor()
    assert.equal(await remove.count(), 1, 'one other device, and no Remove on this one')
    alice.page.once('dialog', (dialog) => { void dialog.accept() })
    await remove.click()
    await second.page.getByRole('status').filter({ hasText: 'removed from your account' }).waitFor()
    await alice.page.getByRole('button', { name: 'Remove' }).waitFor({ state: 'detached' })
  })
})
