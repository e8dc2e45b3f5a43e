import assert from 'node:assert/strict'
import { PHONE, Person, launchBrowser } from './browser.js'
import type { Browser, Page } from 'playwright-core'

/** Steps a person takes in the web UI, shared by the browser tests. */

export const PASSWORD = 'correct-horse-battery'
/** How long a test waits for something that crosses the network (a loaded 2-core machine). */
export const NETWORK_WAIT = 60_000

export async function fillCredentials (page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
}

/** Signed in as `username`, with the events socket open. */
export async function signedInAs (page: Page, username: string): Promise<void> {
  await page.getByRole('link', { name: `@${username}`, exact: true }).first().waitFor({ timeout: NETWORK_WAIT })
  await page.getByText('live', { exact: true }).waitFor({ timeout: NETWORK_WAIT }) // the events socket is open
}

export async function register (person: Person, username: string): Promise<void> {
  await person.page.goto('/')
  await fillCredentials(person.page, username, PASSWORD)
  await person.page.getByRole('button', { name: 'Register' }).click()
  await signedInAs(person.page, username)
}

export async function logIn (person: Person, username: string): Promise<void> {
  await person.page.goto('/')
  await fillCredentials(person.page, username, PASSWORD)
  await person.page.getByRole('button', { name: 'Log in' }).click()
  await signedInAs(person.page, username)
}

/** Goes to a page through the navigation (no reload), e.g. 'Timeline' or 'Groups'. */
export async function navigateTo (page: Page, link: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click()
  await page.getByRole('heading', { name: link, exact: true }).first().waitFor()
}

/**
 * Marks the document so that `assertNotReloaded` can tell later that everything seen since
 * came in live, without a reload or a fresh navigation.
 */
export async function markDocument (page: Page): Promise<void> {
  await page.evaluate(() => { (globalThis as any).parleyTestMark = true })
}

export async function assertNotReloaded (page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (globalThis as any).parleyTestMark), true, 'the page was not reloaded')
}

/** The page does not scroll sideways at phone width. */
export async function fitsPhone (page: Page): Promise<void> {
  const before = page.viewportSize()
  await page.setViewportSize(PHONE)
  const width = await page.evaluate('document.documentElement.scrollWidth') as number
  if (before != null) await page.setViewportSize(before)
  assert.ok(width <= PHONE.width, `page is ${width} px wide at ${PHONE.width} px`)
}

/** One browser and the people (contexts) a test opens in it; every problem of theirs fails the test. */
export class Cast {
  readonly people: Person[] = []
  #browser?: Browser

  async launch (): Promise<void> {
    this.#browser = await launchBrowser()
  }

  async open (api: { address: string, routes: string[] }, viewport?: { width: number, height: number }): Promise<Person> {
    if (this.#browser == null) throw new Error('launch() first')
    const person = await Person.open(this.#browser, api, viewport)
    this.people.push(person)
    return person
  }

  /** For afterEach: no console errors, page errors or unexpected HTTP errors since the last check. */
  assertNoProblems (): void {
    for (const person of this.people) assert.deepEqual(person.problems.splice(0), [], 'no console errors, page errors or unexpected HTTP errors')
  }

  async close (): Promise<void> {
    await this.#browser?.close()
  }
}
