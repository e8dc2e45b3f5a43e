/**
 * The backup file: a versioned header, then the content compressed and encrypted under a
 * key derived from a 24-word BIP-39 recovery phrase (docs/backup.md has the layout).
 *
 *   magic "PARLEYBK" (8) | version (1) | kdf id (1: scrypt) | log2 N (1) | r (1) | p (1)
 *   | salt (16) | phrase check (16) | nonce (24) | XChaCha20-Poly1305 ciphertext
 *
 * scrypt(phrase, salt) gives 48 bytes: the first 32 are the AEAD key, the last 16 the
 * phrase check kept in the header. The check tells a wrong phrase (the check differs) from
 * a damaged file (the check matches but the AEAD fails); the halves of a KDF's output are
 * independent, so it says nothing about the key. The whole header is the AEAD's associated
 * data: a header changed by a byte fails as a damaged file.
 *
 * The phrase carries 256 bits of entropy, so the KDF does not have to make guessing costly
 * the way a password's does; scrypt N = 2^15, r = 8, p = 1 (32 MiB, 0.3-0.4 s here) keeps a
 * restore quick and still costs a guesser something. Headers asking for more than 2^17 ×
 * r 8 (128 MiB, the keystore bound) are refused before any work.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { generateMnemonic, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { BackupCorruptError, BackupPhraseInvalidError, BackupPhraseWrongError, BackupTooLargeError } from './errors.js'

const MAGIC = new TextEncoder().encode('PARLEYBK')
export const BACKUP_FORMAT_VERSION = 1
const KDF_SCRYPT = 1
const HEADER_BYTES = MAGIC.length + 5 + 16 + 16 + 24
/** AEAD tag */
const TAG_BYTES = 16

/** The largest backup file a node makes or takes (64 MiB): the restore API's body limit too. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024
/** The largest content a backup decompresses to (256 MiB): a small file cannot unpack into more. */
export const MAX_BACKUP_CONTENT_BYTES = 256 * 1024 * 1024

export interface BackupKdfParams { logN: number, r: number, p: number }
/** scrypt cost of new backups (N = 2^15, r = 8, p = 1: 32 MiB) */
export const BACKUP_SCRYPT: BackupKdfParams = { logN: 15, r: 8, p: 1 }
/** 128 MiB of scrypt memory at most, whatever a header asks */
const MAX_SCRYPT_MEMORY = 128 * 1024 * 1024

/** A fresh recovery phrase: 24 words of the BIP-39 English list (256 bits). */
export function newRecoveryPhrase (): string {
  return generateMnemonic(wordlist, 256)
}

/** The phrase as typed (any case, any spacing) in the canonical form; a BackupPhraseInvalidError when it is not a phrase. */
export function normalizePhrase (phrase: string): string {
  const words = phrase.normalize('NFKD').toLowerCase().trim().split(/\s+/).filter((w) => w !== '')
  const unknown = words.find((w) => !wordlist.includes(w))
  if (unknown != null) throw new BackupPhraseInvalidError(`"${unknown}" is not a word of the recovery phrase list`)
  if (words.length !== 24) throw new BackupPhraseInvalidError(`a recovery phrase has 24 words, this one ${words.length}`)
  const canonical = words.join(' ')
  if (!validateMnemonic(canonical, wordlist)) throw new BackupPhraseInvalidError('the recovery phrase\'s checksum fails: a word is mistyped or the order is wrong')
  return canonical
}

async function deriveKeys (phrase: string, salt: Uint8Array, params: BackupKdfParams): Promise<{ key: Uint8Array, check: Uint8Array }> {
  const out = await scryptAsync(phrase, salt, { N: 2 ** params.logN, r: params.r, p: params.p, dkLen: 48, maxmem: MAX_SCRYPT_MEMORY + 1024 * 1024 })
  return { key: out.subarray(0, 32), check: out.slice(32, 48) }
}

/** Compresses and encrypts `content` under `phrase`; a BackupTooLargeError past MAX_BACKUP_BYTES. */
export async function sealBackup (content: Uint8Array, phrase: string, params: BackupKdfParams = BACKUP_SCRYPT): Promise<Uint8Array> {
  if (content.byteLength > MAX_BACKUP_CONTENT_BYTES) throw new BackupTooLargeError(`the account's data is ${content.byteLength} bytes, more than a backup holds (${MAX_BACKUP_CONTENT_BYTES})`)
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const { key, check } = await deriveKeys(normalizePhrase(phrase), salt, params)
  const header = new Uint8Array(HEADER_BYTES)
  header.set(MAGIC, 0)
  let at = MAGIC.length
  header.set([BACKUP_FORMAT_VERSION, KDF_SCRYPT, params.logN, params.r, params.p], at)
  at += 5
  header.set(salt, at)
  header.set(check, at + 16)
  header.set(nonce, at + 32)
  const sealed = xchacha20poly1305(key, nonce, header).encrypt(deflateRawSync(content))
  key.fill(0)
  const file = new Uint8Array(HEADER_BYTES + sealed.byteLength)
  file.set(header, 0)
  file.set(sealed, HEADER_BYTES)
  if (file.byteLength > MAX_BACKUP_BYTES) throw new BackupTooLargeError(`the backup would be ${file.byteLength} bytes, more than a node restores (${MAX_BACKUP_BYTES})`)
  return file
}

/** The header's fields, checked: a BackupCorruptError for anything that is not a backup this program reads. */
function readHeader (file: Uint8Array): { params: BackupKdfParams, salt: Uint8Array, check: Uint8Array, nonce: Uint8Array } {
  if (file.byteLength < MAGIC.length || !equalBytes(file.subarray(0, MAGIC.length), MAGIC)) throw new BackupCorruptError('not a Parley backup (it does not start with PARLEYBK)')
  if (file.byteLength < HEADER_BYTES + TAG_BYTES) throw new BackupCorruptError(`the backup is truncated (${file.byteLength} bytes)`)
  const [version, kdf, logN, r, p] = file.subarray(MAGIC.length, MAGIC.length + 5)
  if (version !== BACKUP_FORMAT_VERSION) throw new BackupCorruptError(`backup format ${version} is not known to this version of Parley (it reads ${BACKUP_FORMAT_VERSION})`)
  if (kdf !== KDF_SCRYPT) throw new BackupCorruptError(`backup key derivation ${kdf} is unknown`)
  if (logN < 10 || r < 1 || p < 1 || p > 4 || 128 * r * 2 ** logN > MAX_SCRYPT_MEMORY) throw new BackupCorruptError(`the backup asks for scrypt N = 2^${logN}, r = ${r}, p = ${p}, beyond what a node runs`)
  const at = MAGIC.length + 5
  return { params: { logN, r, p }, salt: file.subarray(at, at + 16), check: file.subarray(at + 16, at + 32), nonce: file.subarray(at + 32, at + 56) }
}

/**
 * The content of a backup file: a BackupPhraseInvalidError for a phrase that is not one,
 * BackupPhraseWrongError for another phrase, BackupCorruptError for a damaged file.
 */
export async function openBackup (file: Uint8Array, phrase: string): Promise<Uint8Array> {
  if (file.byteLength > MAX_BACKUP_BYTES) throw new BackupTooLargeError(`the backup is ${file.byteLength} bytes, more than a node restores (${MAX_BACKUP_BYTES})`)
  const header = readHeader(file)
  const { key, check } = await deriveKeys(normalizePhrase(phrase), header.salt, header.params)
  if (!equalBytes(check, header.check)) throw new BackupPhraseWrongError('this is not the recovery phrase of this backup')
  let compressed: Uint8Array
  try {
    compressed = xchacha20poly1305(key, header.nonce, file.subarray(0, HEADER_BYTES)).decrypt(file.subarray(HEADER_BYTES))
  } catch (err) {
    throw new BackupCorruptError('the backup is damaged or truncated: it fails authentication under the right phrase', { cause: err })
  } finally {
    key.fill(0)
  }
  try {
    const content = inflateRawSync(compressed, { maxOutputLength: MAX_BACKUP_CONTENT_BYTES })
    return new Uint8Array(content.buffer, content.byteOffset, content.byteLength)
  } catch (err) {
    throw new BackupCorruptError('the backup\'s content does not decompress', { cause: err })
  }
}
