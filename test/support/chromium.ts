/**
 * Which Chromium the browser tests drive, so that `npm test` passes on a machine with only
 * Node and npm. In order:
 * 1. `PARLEY_CHROMIUM=/path/to/chrome`: that binary (an error if it is not executable);
 *    `PARLEY_CHROMIUM=bundled`: the registry one below even when a system one exists.
 * 2. A system Chromium: `chromium` or `chromium-browser` on PATH, else /usr/bin/chromium
 *    (Debian's, which .ci/run installs).
 * 3. The headless Chromium the `@sparticuz/chromium` dev dependency ships inside its npm
 *    tarball (brotli-packed, x64 Linux only): unpacked once into node_modules/.cache with
 *    the NSS, NSPR and expat libraries it brings (a bare Debian has none of them) and its
 *    fonts. Unpacking takes a few seconds the first time.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { delimiter, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createBrotliDecompress } from 'node:zlib'

export interface ChromiumBinary {
  executablePath: string
  /** Where it came from: 'PARLEY_CHROMIUM', 'system' or '@sparticuz/chromium VERSION'. */
  source: string
  /** Extra environment the binary needs (its own libraries and fonts), if any. */
  env?: Record<string, string>
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser']
const PACKAGE = '@sparticuz/chromium'

/** An executable regular file (a bind mount of /dev/null, one way a test hides a binary, is not). */
function executable (path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch { return false }
}

/** A system Chromium on PATH, or /usr/bin/chromium; undefined when there is none. */
export function systemChromium (): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      if (executable(join(dir, name))) return join(dir, name)
    }
  }
  return executable('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}

/** Finds (and the first time unpacks) the Chromium to drive; throws saying what to install. */
export async function findChromium (): Promise<ChromiumBinary> {
  const wanted = process.env.PARLEY_CHROMIUM
  if (wanted !== undefined && wanted !== '' && wanted !== 'bundled') {
    if (!executable(wanted)) throw new Error(`PARLEY_CHROMIUM=${wanted} is not an executable file`)
    return { executablePath: wanted, source: 'PARLEY_CHROMIUM' }
  }
  const system = wanted === 'bundled' ? undefined : systemChromium()
  if (system !== undefined) return { executablePath: system, source: 'system' }
  return await packagedChromium()
}

/** The Chromium of the @sparticuz/chromium package, unpacked into node_modules/.cache. */
export async function packagedChromium (): Promise<ChromiumBinary> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Chromium found: install one (Debian: apt-get install chromium) or set PARLEY_CHROMIUM; ${PACKAGE} ships a Linux x64 build only, this is ${process.platform} ${process.arch}`)
  }
  let entry: string
  try {
    // its exports map has no ./package.json; the entry point is <root>/build/index.js
    entry = fileURLToPath(import.meta.resolve(PACKAGE))
  } catch {
    throw new Error(`no Chromium found and ${PACKAGE} is not installed: run npm install, install Chromium (Debian: apt-get install chromium), or set PARLEY_CHROMIUM`)
  }
  const root = dirname(dirname(entry))
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  const dir = join(root, '..', '..', '.cache', `parley-chromium-${version}`)
  const binary = join(dir, 'chromium')
  if (!existsSync(binary)) await unpack(join(root, 'bin'), dir)
  return {
    executablePath: binary,
    source: `${PACKAGE} ${version}`,
    env: {
      LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter((part) => part !== undefined && part !== '').join(delimiter),
      FONTCONFIG_FILE: join(dir, 'fonts.conf')
    }
  }
}

/** Unpacks into a temporary sibling folder, then renames it: a half-unpacked folder is never used. */
async function unpack (bin: string, dir: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true })
  const work = await mkdtemp(`${dir}.unpacking-`)
  try {
    await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(work, 'chromium'), { mode: 0o755 }))
    // al2023.tar.br holds lib/libnss3.so and the rest of what the binary links beyond glibc
    await untar(join(bin, 'al2023.tar.br'), work)
    await untar(join(bin, 'fonts.tar.br'), work)
    await writeFile(join(work, 'fonts.conf'), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`)
    await rename(work, dir).catch(async (err: NodeJS.ErrnoException) => {
      // another test process unpacked it first: keep theirs
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err
      await rm(work, { recursive: true, force: true })
    })
  } catch (err) {
    await rm(work, { recursive: true, force: true })
    throw err
  }
}

/** brotli-decompresses a tarball into `into` through the system's tar. */
async function untar (file: string, into: string): Promise<void> {
  const tar = spawn('tar', ['-x', '-C', into, '--no-same-owner'], { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  tar.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number>((resolve, reject) => {
    tar.on('error', reject)
    tar.on('close', (code) => { resolve(code ?? 1) })
  })
  await pipeline(createReadStream(file), createBrotliDecompress(), tar.stdin)
  const code = await exited
  if (code !== 0) throw new Error(`tar could not unpack ${file}: ${stderr.trim()}`)
}
