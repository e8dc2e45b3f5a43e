import assert from 'node:assert/strict'
import { readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, afterEach, before, describe, it } from 'node:test'
import { newRecoveryPhrase } from '../../src/app/backup-file.js'
import { removeNodes, startTestNetwork, tempDir } from '../support/nodes.js'
import { screenshots } from './browser.js'
import { Cast, NETWORK_WAIT, fitsPhone, navigateTo, register, signedInAs } from './steps.js'
import type { TestNode } from '../support/nodes.js'

/**
 * The Backup page downloads the file and shows the phrase once; the login page of a fresh
 * node restores it (a wrong phrase first: the error says so) and logs the user in.
 */
describe('web UI: backup on one node, restore on another', () => {
  let nodes: TestNode[]
  const cast = new Cast()
  let file: string
  let phrase: string[]

  before(async () => {
    nodes = await startTestNetwork(3, { scrypt: { logN: 10, r: 8, p: 1 } })
    await cast.launch()
  })

  afterEach(() => { cast.assertNoProblems() })

  after(async () => {
    await cast.close()
    await removeNodes(nodes)
    if (file != null) await rm(dirname(file), { recursive: true, force: true })
  })

  it('the Backup page downloads the file and shows the 24 words until they are written down', async () => {
    const nell = await cast.open(nodes[1].api)
    await register(nell, 'nell')
    await nodes[1].parley.feed.publish('nell before the backup')
    await navigateTo(nell.page, 'Backup')
    const [download] = await Promise.all([
      nell.page.waitForEvent('download'),
      nell.page.getByRole('button', { name: 'Download a backup' }).click()
    ])
    assert.match(download.suggestedFilename(), /^parley-nell-\d{4}-\d{2}-\d{2}\.backup$/)
    file = join(await tempDir('parley-ui-backup-'), download.suggestedFilename())
    await download.saveAs(file)
    assert.equal((await readFile(file)).subarray(0, 8).toString(), 'PARLEYBK')
    const words = nell.page.getByTestId('recovery-phrase').getByRole('listitem')
    await words.first().waitFor()
    phrase = await words.allTextContents()
    assert.equal(phrase.length, 24)
    await nell.page.getByText('shown only this once').waitFor()
    await fitsPhone(nell.page)
    await screenshots(nell.page, 'backup')
    await nell.page.getByRole('button', { name: 'I have written it down' }).click()
    assert.equal(await nell.page.getByTestId('recovery-phrase').count(), 0, 'the phrase is gone')
    await nell.close()
    await nodes[1].stop()
  })

  it('the login page of a fresh node restores it: a wrong phrase is refused, the right one logs nell in', async () => {
    const fresh = await cast.open(nodes[2].api)
    const page = fresh.page
    await page.goto('/')
    await page.getByText('Restore from a backup').click()
    await page.getByLabel('Backup file').setInputFiles(file)
    await page.getByLabel('Recovery phrase').fill(newRecoveryPhrase())
    await fresh.expecting(400, async () => {
      await page.getByRole('button', { name: 'Restore and log in' }).click()
      await page.getByText('does not open this backup').waitFor({ timeout: NETWORK_WAIT })
    })
    await page.getByLabel('Recovery phrase').fill(phrase.join('\n'))
    await page.getByRole('button', { name: 'Restore and log in' }).click()
    await signedInAs(page, 'nell')
    await page.getByText('nell before the backup').waitFor({ timeout: NETWORK_WAIT })
    await fitsPhone(page)
  })
})
