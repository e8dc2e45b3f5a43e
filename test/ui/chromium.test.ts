import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { findChromium, packagedChromium, systemChromium } from '../support/chromium.js'

const exec = promisify(execFile)

/** Runs `fn` with these environment variables set (undefined: unset), then restores them. */
async function withEnv<T> (vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]))
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = value
    }
  }
  apply(vars)
  try { return await fn() } finally { apply(saved) }
}

// what a bare Debian with only Node and npm lacks: the NSS, NSPR and expat libraries
const SYSTEM_LIBS = ['libnss3.so', 'libnspr4.so', 'libnssutil3.so', 'libplc4.so', 'libplds4.so', 'libexpat.so.1']

// `launchBrowser` of the browser tests, opening a page and printing what it rendered
const LAUNCH = `
import { launchBrowser } from ${JSON.stringify(fileURLToPath(new URL('./browser.js', import.meta.url)))}
const browser = await launchBrowser()
const page = await browser.newPage()
await page.setContent('<p id="p">rendered by Chromium</p>')
console.log(JSON.stringify({ text: await page.textContent('#p'), binary: browser.version() }))
await browser.close()
`

describe('the browser tests find a Chromium on a machine with only Node and npm', () => {
  let dir: string
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-chromium-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('PARLEY_CHROMIUM names the binary; one that is not executable is an error naming it', async () => {
    const notExecutable = join(dir, 'not-chromium')
    await writeFile(notExecutable, 'text')
    await withEnv({ PARLEY_CHROMIUM: notExecutable }, async () => {
      await assert.rejects(findChromium(), { message: `PARLEY_CHROMIUM=${notExecutable} is not an executable file` })
    })
    const fake = join(dir, 'my-chrome')
    await writeFile(fake, '#!/bin/sh\n')
    await chmod(fake, 0o755)
    await withEnv({ PARLEY_CHROMIUM: fake }, async () => {
      assert.deepEqual(await findChromium(), { executablePath: fake, source: 'PARLEY_CHROMIUM' })
    })
  })

  it('a chromium on PATH comes before /usr/bin/chromium', async () => {
    const bin = join(dir, 'bin')
    await exec('mkdir', ['-p', bin])
    await writeFile(join(bin, 'chromium'), '#!/bin/sh\n')
    await chmod(join(bin, 'chromium'), 0o755)
    await withEnv({ PATH: `${bin}:${process.env.PATH ?? ''}` }, async () => {
      assert.equal(systemChromium(), join(bin, 'chromium'))
    })
  })

  it('the Chromium @sparticuz/chromium ships links its own NSS, NSPR and expat, not the system\'s', async () => {
    const binary = await withEnv({ PARLEY_CHROMIUM: 'bundled' }, findChromium)
    assert.match(binary.source, /^@sparticuz\/chromium \d+/)
    const { stdout } = await exec('ldd', [binary.executablePath], { env: { ...process.env, ...binary.env } })
    const cache = await realpath(join(binary.executablePath, '..'))
    for (const lib of ['libnss3.so', 'libnspr4.so', 'libexpat.so.1']) {
      assert.match(stdout, new RegExp(`${lib.replaceAll('.', '\\.')} => ${cache}/lib/${lib.replaceAll('.', '\\.')} `), `${lib} from the package's own copy`)
    }
    assert.doesNotMatch(stdout, /not found/)
    assert.equal(binary.executablePath, (await packagedChromium()).executablePath, 'unpacked once, then reused')
  })

  // A mount namespace hides Debian's chromium and the libraries above, as on a bare machine;
  // the browser tests' own launchBrowser must then start the packaged one and render a page.
  const root = process.getuid?.() === 0
  it('with no system Chromium and no NSS on the machine, launchBrowser renders a page with the packaged one', { skip: root ? false : 'needs root for a mount namespace (CI runs as root)' }, async () => {
    const libs = SYSTEM_LIBS.map((lib) => `/usr/lib/x86_64-linux-gnu/${lib}`)
    const hide = [
      'set -e', 'mount --make-rprivate /',
      '[ -e /usr/bin/chromium ] && mount --bind /dev/null /usr/bin/chromium',
      ...libs.map((lib) => `if [ -e ${lib} ]; then mount --bind /dev/null "$(readlink -f ${lib})"; fi`),
      `exec "${process.execPath}" --input-type=module -e "$LAUNCH"`
    ].join('\n')
    await writeFile(join(dir, 'hide.sh'), hide)
    const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LAUNCH }
    const { stdout } = await exec('unshare', ['-m', 'sh', join(dir, 'hide.sh')], { env, timeout: 120_000 })
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { text: string, binary: string }
    assert.equal(result.text, 'rendered by Chromium')
    const packaged = JSON.parse(await readFile(fileURLToPath(new URL('../../../node_modules/@sparticuz/chromium/package.json', import.meta.url)), 'utf8')) as { version: string }
    assert.equal(result.binary.split('.')[0], packaged.version.split('.')[0], `Chromium ${result.binary} is the packaged ${packaged.version}`)
  })
})
