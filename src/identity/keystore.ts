import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { equals as equalBytes } from 'uint8arrays/equals'
import { SCRYPT_DEFAULTS, SCRYPT_LIMITS } from './constants.js'
import { InvalidRecordError, WrongPasswordError } from './errors.js'
import { checkKdfCost, deriveKeystoreKey } from './kdf.js'
import type { KdfQueue, ScryptParams } from './kdf.js'
import type { Keystore } from './wire.js'

/** A user's unlocked keys: Ed25519 for signing, X25519 for encryption. */
export interface UserKeys {
  signingSecret: Uint8Array
  userKey: Uint8Array
  encryptionSecret: Uint8Array
  encryptionKey: Uint8Array
}

export type { ScryptParams }

export interface KdfOptions {
  /** the queue the key derivation waits in (default: runs at once) */
  kdf?: KdfQueue
}

export function createUserKeys (): UserKeys {
  return userKeysFromSecrets(ed25519.utils.randomSecretKey(), x25519.utils.randomSecretKey())
}

export function userKeysFromSecrets (signingSecret: Uint8Array, encryptionSecret: Uint8Array): UserKeys {
  return {
    signingSecret,
    userKey: ed25519.getPublicKey(signingSecret),
    encryptionSecret,
    encryptionKey: x25519.getPublicKey(encryptionSecret)
  }
}

async function deriveKey (password: string, salt: Uint8Array, params: ScryptParams, options: KdfOptions): Promise<Uint8Array> {
  // refused before queueing: a keystore beyond the bound never takes a turn
  checkKdfCost(params)
  const derive = async (): Promise<Uint8Array> => deriveKeystoreKey(password, salt, params)
  return options.kdf == null ? derive() : options.kdf.run(derive)
}

/** Encrypts the user's secret keys with the password (scrypt, then XChaCha20-Poly1305). */
export async function sealKeystore (keys: UserKeys, password: string, seq: bigint, params: ScryptParams = SCRYPT_DEFAULTS, options: KdfOptions = {}): Promise<Keystore> {
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const key = await deriveKey(password, salt, params, options)
  const plaintext = new Uint8Array(64)
  plaintext.set(keys.signingSecret, 0)
  plaintext.set(keys.encryptionSecret, 32)
  const ciphertext = xchacha20poly1305(key, nonce, keys.userKey).encrypt(plaintext)
  plaintext.fill(0)
  return {
    userKey: keys.userKey,
    scryptLogN: params.logN,
    scryptR: params.r,
    scryptP: params.p,
    salt,
    nonce,
    ciphertext,
    seq
  }
}

/** Checks that a keystore's parameters are within the bounds we are willing to compute. */
export function checkKeystoreShape (keystore: Keystore): void {
  const { scryptLogN, scryptR, scryptP } = keystore
  if (scryptLogN < SCRYPT_LIMITS.minLogN || scryptLogN > SCRYPT_LIMITS.maxLogN ||
      scryptR < 1 || scryptR > SCRYPT_LIMITS.maxR || scryptP < 1 || scryptP > SCRYPT_LIMITS.maxP) {
    throw new InvalidRecordError('keystore scrypt parameters out of bounds')
  }
  if (keystore.userKey.byteLength !== 32) throw new InvalidRecordError('keystore user key must be 32 bytes')
  if (keystore.salt.byteLength < 16 || keystore.salt.byteLength > 64) throw new InvalidRecordError('keystore salt must be 16-64 bytes')
  if (keystore.nonce.byteLength !== 24) throw new InvalidRecordError('keystore nonce must be 24 bytes')
  if (keystore.ciphertext.byteLength !== 64 + 16) throw new InvalidRecordError('keystore ciphertext must be 80 bytes')
}

/**
 * Decrypts a keystore; a wrong password (or a tampered keystore) is a WrongPasswordError,
 * one asking for more than KDF_BOUND a KeystoreTooCostlyError before any work.
 */
export async function openKeystore (keystore: Keystore, password: string, options: KdfOptions = {}): Promise<UserKeys> {
  checkKeystoreShape(keystore)
  const key = await deriveKey(password, keystore.salt, { logN: keystore.scryptLogN, r: keystore.scryptR, p: keystore.scryptP }, options)
  let plaintext: Uint8Array
  try {
    plaintext = xchacha20poly1305(key, keystore.nonce, keystore.userKey).decrypt(keystore.ciphertext)
  } catch {
    throw new WrongPasswordError('wrong password')
  }
  const keys = userKeysFromSecrets(plaintext.slice(0, 32), plaintext.slice(32, 64))
  plaintext.fill(0)
  if (!equalBytes(keys.userKey, keystore.userKey)) throw new WrongPasswordError('keystore does not match its user key')
  return keys
}
