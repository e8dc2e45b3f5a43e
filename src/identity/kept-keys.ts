import { rmSync } from 'node:fs'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { userKeysFromSecrets } from './keystore.js'
import type { UserKeys } from './keystore.js'

/**
 * "Stay signed in": the signed-in user's secret keys kept in the data folder, sealed
 * (XChaCha20-Poly1305) under a random device secret kept next to them, both files 0600 in
 * the 0700 folder. The node opens them at start and logs the user back in without the
 * password. The trade-off (docs/security.md): whoever can read the data folder can use the
 * account, as they could read the device key; a password-sealed keystore alone would not
 * give them that. Forgetting the keys deletes the secret too, so a copy of the sealed file
 * made before (a backup of the folder) cannot be opened with a later secret.
 */
const SECRET_FILE = 'session.key'
const KEPT_FILE = 'kept-keys.json'

interface KeptFile { version: 1, username: string, userKey: string, nonce: string, sealed: string }

async function writePrivate (path: string, data: Uint8Array | string): Promise<void> {
  // a temporary file renamed: a crash (SIGKILL) never leaves half a file
  await writeFile(`${path}.tmp`, data, { mode: 0o600 })
  await rename(`${path}.tmp`, path)
}

async function deviceSecret (dataDir: string, create: boolean): Promise<Uint8Array | undefined> {
  const path = join(dataDir, SECRET_FILE)
  try {
    await chmod(path, 0o600)
    const secret = new Uint8Array(await readFile(path))
    if (secret.length === 32) return secret
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
  }
  if (!create) return undefined
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const secret = randomBytes(32)
  await writePrivate(path, secret)
  return secret
}

/** Seals `keys` of `username` under the device secret (made on first use) in `dataDir`. */
export async function keepKeys (dataDir: string, username: string, keys: UserKeys): Promise<void> {
  const secret = (await deviceSecret(dataDir, true))!
  const nonce = randomBytes(24)
  const plaintext = new Uint8Array(64)
  plaintext.set(keys.signingSecret, 0)
  plaintext.set(keys.encryptionSecret, 32)
  const sealed = xchacha20poly1305(secret, nonce, keys.userKey).encrypt(plaintext)
  plaintext.fill(0)
  secret.fill(0)
  const file: KeptFile = { version: 1, username, userKey: b64(keys.userKey), nonce: b64(nonce), sealed: b64(sealed) }
  await writePrivate(join(dataDir, KEPT_FILE), JSON.stringify(file))
}

/**
 * The kept keys and whose they are, or undefined when none are kept (or they do not open:
 * the secret was replaced, or the file was altered; the user then logs in with the password).
 */
export async function loadKeptKeys (dataDir: string): Promise<{ username: string, keys: UserKeys } | undefined> {
  let file: KeptFile
  try {
    file = JSON.parse(await readFile(join(dataDir, KEPT_FILE), 'utf8'))
  } catch {
    return undefined
  }
  const secret = await deviceSecret(dataDir, false)
  if (secret == null || file.version !== 1) return undefined
  try {
    const userKey = unb64(file.userKey)
    const plaintext = xchacha20poly1305(secret, unb64(file.nonce), userKey).decrypt(unb64(file.sealed))
    const keys = userKeysFromSecrets(plaintext.slice(0, 32), plaintext.slice(32, 64))
    plaintext.fill(0)
    if (!equalBytes(keys.userKey, userKey)) return undefined
    return { username: file.username, keys }
  } catch {
    return undefined
  } finally {
    secret.fill(0)
  }
}

/**
 * Deletes the kept keys and the device secret; harmless when there are none. Synchronous:
 * a session ending must not race the keys of one that starts right after it.
 */
export function forgetKeptKeys (dataDir: string): void {
  rmSync(join(dataDir, KEPT_FILE), { force: true })
  rmSync(join(dataDir, SECRET_FILE), { force: true })
}

function b64 (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function unb64 (text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}
