import { chmod, mkdir, readFile, writeFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey, PrivateKey } from '@libp2p/interface'

const DEVICE_KEY_FILE = 'device.key'

/**
 * Loads the node's device key (its libp2p identity) from the data folder, creating it on
 * first start. Written to a temporary file and renamed, so a crash never leaves half a key.
 * The file is 0600, and one that is not (copied in, or written by an older version) is
 * narrowed to 0600 before it is read: it is the node's private key.
 */
export async function loadOrCreateDeviceKey (dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, DEVICE_KEY_FILE)
  try {
    await chmod(path, 0o600)
    return privateKeyFromProtobuf(await readFile(path))
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const key: Ed25519PrivateKey = await generateKeyPair('Ed25519')
  await writeFile(`${path}.tmp`, privateKeyToProtobuf(key), { mode: 0o600 })
  await rename(`${path}.tmp`, path)
  return key
}
