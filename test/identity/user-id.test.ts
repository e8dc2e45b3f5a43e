import assert from 'node:assert/strict'
import { describe, it, mock } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { userIdFromKey, userKeyFromId } from '../../src/identity/index.js'

describe('user ids', () => {
  it('are encoded once per key, however often asked, and stay the key\'s own', () => {
    const key = new Uint8Array(32).map((_, i) => i + 1)
    const other = new Uint8Array(32).fill(9)
    const encode = mock.method(base58btc, 'encode')
    try {
      const id = userIdFromKey(key)
      for (let i = 0; i < 100; i++) assert.equal(userIdFromKey(key.slice()), id, 'the same bytes, another array')
      assert.equal(encode.mock.callCount(), 1, 'one base58 encoding (before: 101)')
      assert.notEqual(userIdFromKey(other), id)
      assert.equal(encode.mock.callCount(), 2)
    } finally {
      encode.mock.restore()
    }
    assert.equal(userIdFromKey(key), base58btc.encode(key))
    assert.deepEqual(userKeyFromId(userIdFromKey(key)), key)
  })
})
