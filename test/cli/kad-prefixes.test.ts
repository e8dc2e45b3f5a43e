import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { kadPrefixAt } from '../../src/cli/kad-prefixes.js'

const ROOT = new URL('../../../', import.meta.url)
const KAD_PREFIX_LIST = new URL('node_modules/@libp2p/kad-dht/dist/src/routing-table/generated-prefix-list.js', ROOT)
const BUNDLE = new URL('dist/src/cli/parley.mjs', ROOT)

/** kad-dht's GENERATED_PREFIXES, read from its file (the package exports only its index) */
async function shippedPrefixes (): Promise<number[]> {
  const text = (await readFile(KAD_PREFIX_LIST, 'utf8')).replace(/\/\/# sourceMappingURL.*$/m, '')
  return (text.match(/\d+/g) ?? []).map(Number)
}

describe("kad-dht's key prefixes, out of the bundle", () => {
  it('reads the same 65,536 prefixes kad-dht ships from the file next to the bundle', async () => {
    const shipped = await shippedPrefixes()
    assert.equal(shipped.length, 65_536)
    const differing = shipped.map((prefix, i) => [i, prefix, kadPrefixAt(i)]).filter(([, prefix, read]) => prefix !== read)
    assert.deepEqual(differing.slice(0, 3), [])
  })

  it('leaves the array literal out of the bundle, and the refresh looks prefixes up through kadPrefixAt', async () => {
    const shipped = await shippedPrefixes()
    const bundle = await readFile(BUNDLE, 'utf8')
    assert.ok(!bundle.includes(shipped.slice(0, 4).join(',')), 'the prefix list is not in the bundle')
    assert.match(bundle, /kadPrefixAt\(/)
  })
})
