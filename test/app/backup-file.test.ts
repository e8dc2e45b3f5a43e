import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newRecoveryPhrase, normalizePhrase, openBackup, sealBackup } from '../../src/app/backup-file.js'

const CHEAP = { logN: 10, r: 8, p: 1 }
const CONTENT = new TextEncoder().encode('{"hello":"backup"}')
/** where the header keeps log2 N, and the salt */
const LOG_N_AT = 10
const SALT_AT = 13
const NONCE_AT = 45

async function refused (promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.code, code, err.message)
    if (message != null) assert.match(err.message, message)
    return true
  })
}

describe('backup file format (src/app/backup-file.ts)', () => {
  it('opens with its phrase typed in any case and spacing', async () => {
    const phrase = newRecoveryPhrase()
    const file = await sealBackup(CONTENT, phrase, CHEAP)
    assert.deepEqual(await openBackup(file, `\n ${phrase.toUpperCase().split(' ').join('   ')} \n`), CONTENT)
  })

  it('tells a typo, a short phrase, a wrong phrase and a changed header apart', async () => {
    const phrase = newRecoveryPhrase()
    const file = await sealBackup(CONTENT, phrase, CHEAP)
    const words = phrase.split(' ')
    await refused(openBackup(file, [...words.slice(0, 23), 'parleyx'].join(' ')), 'backup_phrase_invalid', /"parleyx" is not a word/)
    await refused(openBackup(file, words.slice(0, 12).join(' ')), 'backup_phrase_invalid', /24 words, this one 12/)
    // swapping two words keeps every word valid but breaks the checksum (or, rarely, is another phrase)
    const swapped = [words[1], words[0], ...words.slice(2)].join(' ')
    if (words[0] !== words[1]) await assert.rejects(openBackup(file, swapped), (err: any) => ['backup_phrase_invalid', 'backup_phrase_wrong'].includes(err.code))
    await refused(openBackup(file, newRecoveryPhrase()), 'backup_phrase_wrong')
    // the header is authenticated: another salt is another key (wrong phrase); a changed byte after it fails the tag
    const tail = file.slice()
    tail[tail.length - 1] ^= 1
    await refused(openBackup(tail, phrase), 'backup_corrupt', /damaged or truncated/)
    const nonce = file.slice()
    nonce[NONCE_AT] ^= 1
    await refused(openBackup(nonce, phrase), 'backup_corrupt', /damaged or truncated/)
    const salt = file.slice()
    salt[SALT_AT] ^= 1
    await refused(openBackup(salt, phrase), 'backup_phrase_wrong')
  })

  it('refuses a header that asks for more scrypt than a node runs before any work, and unknown versions', async () => {
    const phrase = newRecoveryPhrase()
    const file = await sealBackup(CONTENT, phrase, CHEAP)
    const costly = file.slice()
    costly[LOG_N_AT] = 30
    const started = Date.now()
    await refused(openBackup(costly, phrase), 'backup_corrupt', /scrypt N = 2\^30/)
    assert.ok(Date.now() - started < 1_000)
    const version = file.slice()
    version[8] = 2
    await refused(openBackup(version, phrase), 'backup_corrupt', /format 2 is not known/)
    await refused(openBackup(file.subarray(0, 40), phrase), 'backup_corrupt', /truncated/)
    await refused(openBackup(new Uint8Array(0), phrase), 'backup_corrupt', /not a Parley backup/)
  })

  it('normalizes a phrase to lower-case words separated by one space', () => {
    const phrase = newRecoveryPhrase()
    assert.equal(normalizePhrase(phrase.toUpperCase().replaceAll(' ', '\t')), phrase)
  })
})
