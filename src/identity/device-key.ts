import { mkdir, readFile, writeFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey, PrivateKey } from '@libp2p/interface'

const DEVICE_KEY_FILE = 'device.key'

/**
 * Loads the node's device key (its libp2p identity) from the data folder, creating it on
 * first start. Written to a temporary file and renamed, so a crash never leaves half a key.
 */
export async function loadOrCreateDeviceKey (dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, DEVICE_KEY_FILE)
  try {
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
