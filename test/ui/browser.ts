import { mkdir } from 'node:fs/promises'
import { chromium } from 'playwright-core'
import { findChromium } from '../support/chromium.js'
import type { Browser, BrowserContext, Page } from 'playwright-core'

/**
 * Launches the Chromium test/support/chromium.ts finds (PARLEY_CHROMIUM, a system one, or the
 * one @sparticuz/chromium ships), headless, with the flags every browser test uses.
 */
export async function launchBrowser (): Promise<Browser> {
  const binary = await findChromium()
  return chromium.launch({
    executablePath: binary.executablePath,
    env: binary.env === undefined ? undefined : { ...process.env, ...binary.env },
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage']
  })
}

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 375, height: 740 }

/** Whether `routes` ("GET /api/users/:username", ...) has a route for this method and path. */
export function served (routes: string[], method: string, path: string): boolean {
  return routes.some((route) => {
    const [m, pattern] = route.split(' ')
    const regex = new RegExp('^' + pattern.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*') + '$')
    return m === method && !pattern.includes('*') && regex.test(path)
  })
}

/**
 * A browser context for one person on one node. Collects every problem of its pages:
 * uncaught exceptions, console errors and warnings, and HTTP error answers other than the
 * ones the test expects (`expecting`) or a 404 for a route this node's API does not have
 * yet (the pages then show "not available on this node"). Chromium also logs each error
 * answer as "Failed to load resource"; those are judged by their response instead.
 */
export class Person {
  readonly problems: string[] = []
  readonly #expected = new Set<number>()
  private constructor (readonly context: BrowserContext, readonly page: Page, readonly routes: string[]) {}

  static async open (browser: Browser, api: { address: string, routes: string[] }, viewport = DESKTOP): Promise<Person> {
    const context = await browser.newContext({ viewport, baseURL: `http://${api.address}` })
    const page = await context.newPage()
    const person = new Person(context, page, api.routes)
    page.on('pageerror', (err) => { person.problems.push(`page error: ${err.message}`) })
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return
      if (message.text().startsWith('Failed to load resource: the server responded with a status')) return
      person.problems.push(`console ${message.type()}: ${message.text()}`)
    })
    page.on('response', (response) => {
      const status = response.status()
      if (status < 400 || person.#expected.has(status)) return
      const url = new URL(response.url())
      const method = response.request().method()
      if (status === 404 && url.pathname.startsWith('/api/') && !served(person.routes, method, url.pathname)) return
      person.problems.push(`HTTP ${status} for ${method} ${url.pathname}`)
    })
    return person
  }

  /** Runs `action` while HTTP error answers with `status` are what the test wants. */
  async expecting<T> (status: number, action: () => Promise<T>): Promise<T> {
    this.#expected.add(status)
    try { return await action() } finally { this.#expected.delete(status) }
  }

  async close (): Promise<void> {
    await this.context.close()
  }
}

/**
 * Where screenshots go: test-output/screenshots/ (git-ignored) on every run, or the README's
 * docs/screenshots/ when PARLEY_UPDATE_SCREENSHOTS=1 (peer ids and times differ per run, so
 * ordinary runs leave the committed pictures alone).
 */
export const SCREENSHOTS = new URL(process.env.PARLEY_UPDATE_SCREENSHOTS === '1' ? '../../../docs/screenshots/' : '../../../test-output/screenshots/', import.meta.url)

/** Saves the page at desktop and phone width as <SCREENSHOTS>/<name>-desktop.png / -phone.png. */
export async function screenshots (page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true })
  const before = page.viewportSize() ?? DESKTOP
  for (const [suffix, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(viewport)
    // from the top: a scrolled page would draw its sticky header halfway down a full-page picture
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: new URL(`${name}-${suffix}.png`, SCREENSHOTS).pathname, fullPage: true, animations: 'disabled' })
  }
  await page.setViewportSize(before)
}
