import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, afterEach, before, describe, it } from 'node:test'
import { TEST_SCRYPT, startTestNetwork, tempDir } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import { Cast, NETWORK_WAIT, PASSWORD, fillCredentials, navigateTo, register, signedInAs } from './steps.js'
import type { TestNode } from '../support/nodes.js'

/**
 * Issue 20, must-show 4 in the browser: two Chromium pages and the CLI signed in to one
 * node at once as one user; the Sessions page lists all three, marks "stay signed in", and
 * its End button signs the other page out, which says why.
 */
describe('web UI: sessions', () => {
  let nodes: TestNode[]
  let dir: string
  let env: Record<string, string>
  const cast = new Cast()

  before(async () => {
    nodes = await startTestNetwork(2, { scrypt: TEST_SCRYPT })
    dir = await tempDir()
    env = { PARLEY_CLI_CONFIG: join(dir, 'cli.json'), PARLEY_PASSWORD: PASSWORD }
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await Promise.all((nodes ?? []).map(async (node) => node.stop()))
    await rm(dir, { recursive: true, force: true })
  })

  it('two pages and the CLI at once; the Sessions page ends the other page\'s session', async () => {
    const api = nodes[1].api
    const cli = async (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => runCli([...args, '--api', api.address], env)
    const first = await cast.open(api)
    await register(first, 'una')

    // the second page logs in with "Stay signed in"
    const second = await cast.open(api)
    await second.page.goto('/')
    await fillCredentials(second.page, 'una', PASSWORD)
    await second.page.getByLabel('Stay signed in').check()
    await second.page.getByRole('button', { name: 'Log in' }).click()
    await signedInAs(second.page, 'una')

    const login = await cli('login', 'una')
    assert.equal(login.code, 0, login.stderr)

    // all three at once: the CLI posts, the second page sees it live, the first page lists the sessions
    await navigateTo(first.page, 'Sessions')
    const rows = first.page.getByTestId('session')
    await rows.nth(2).waitFor({ timeout: NETWORK_WAIT })
    assert.equal(await rows.count(), 3)
    assert.equal(await rows.and(first.page.locator('[data-current="true"]')).count(), 1)
    const kept = rows.filter({ hasText: 'stays signed in across restarts' })
    assert.equal(await kept.count(), 1, 'the second page chose to stay signed in')
    assert.equal((await cli('post', 'from the cli while two pages are open')).code, 0)
    await second.page.getByText('from the cli while two pages are open').waitFor({ timeout: NETWORK_WAIT })

    // the first page ends the second page's session: it is signed out and told why
    await second.expecting(401, async () => {
      await kept.getByRole('button', { name: /^End session / }).click()
      await second.page.getByText('Your session ended (it was logged out on this node). Please log in again.').waitFor({ timeout: NETWORK_WAIT })
    })
    await rows.nth(2).waitFor({ state: 'detached', timeout: NETWORK_WAIT })
    assert.equal(await rows.count(), 2)
    const whoami = await cli('whoami')
    assert.equal(whoami.code, 0, whoami.stderr)
    assert.equal(nodes[1].parley.session?.username, 'una')
  })
})
