// The CLI and node as one minified ES module, dist/src/cli/parley.mjs, which `bin/parley.js`,
// devnet, the tests and the benchmarks run. One file instead of ~1,500 modules: an idle node
// keeps about half the JavaScript heap (source text and module records) and is ready in
// about half the time (figures in README, "Resource use"). It sits next to
// dist/src/cli/main.js so the paths the code builds from import.meta.url stay the same.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'rolldown'

const HTTP_WITHOUT_FETCH = '\0parley:node-http'

/**
 * An ES import of `node:http` makes Node build the module's namespace, which reads its
 * lazy `WebSocket`, `CloseEvent` and `MessageEvent` exports and so loads undici, Node's
 * fetch and WebSocket client: 14 MB of resident memory that a node never uses (only
 * @libp2p/websockets imports `node:http` this way, for its listener). This hands such
 * imports the plain CommonJS module object instead.
 */
const httpWithoutFetch = {
  name: 'http-without-fetch',
  resolveId (source, _importer, extra) {
    if ((source === 'node:http' || source === 'http') && extra?.kind === 'import-statement') return HTTP_WITHOUT_FETCH
    return null
  },
  load (id) {
    if (id !== HTTP_WITHOUT_FETCH) return null
    return `const http = process.getBuiltinModule('node:http')
export default http
export const { Agent, ClientRequest, IncomingMessage, METHODS, OutgoingMessage, STATUS_CODES, Server, ServerResponse, createServer, get, globalAgent, maxHeaderSize, request, setMaxIdleHTTPParsers, validateHeaderName, validateHeaderValue } = http
`
  }
}

/**
 * One non-ASCII character anywhere makes V8 hold the whole 2.5 MB source as UTF-16, twice
 * the memory. `charset: 'ascii'` escapes code; this escapes what is left, the licence
 * comments kept in the bundle (a name with an umlaut).
 */
const asciiOnly = {
  name: 'ascii-only',
  renderChunk (code) {
    // eslint-disable-next-line no-control-regex
    return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  }
}

/**
 * libp2p's peer store sorts addresses, protocols and metadata keys with `localeCompare`,
 * only to keep them in one canonical order. The first such call makes V8 build an ICU
 * collator, which touches 2.3 MiB of collation data in the node executable: 3.4% of an
 * idle node's resident memory. Comparing UTF-16 code units gives a canonical order too;
 * the peer store lives in memory, so only this process ever sees it. The build fails if
 * a new version of these files no longer has the calls it expects.
 */
const ORDINAL_COMPARE_SITES = {
  '@libp2p/peer-record/dist/src/peer-record/utils.js': 1,
  '@libp2p/peer-store/dist/src/utils/dedupe-addresses.js': 1,
  '@libp2p/peer-store/dist/src/utils/to-peer-pb.js': 2
}
const ordinalCompare = {
  name: 'ordinal-compare',
  transform (code, id) {
    const site = Object.keys(ORDINAL_COMPARE_SITES).find((path) => id.endsWith(`node_modules/${path}`))
    if (site == null) return null
    let calls = 0
    const rewritten = code.replace(/([\w$.]+(?:\(\))?)\.localeCompare\(/g, (_, left) => {
      calls++
      return `compareCodeUnits$(${left}, `
    })
    if (calls !== ORDINAL_COMPARE_SITES[site]) throw new Error(`ordinal-compare: expected ${ORDINAL_COMPARE_SITES[site]} localeCompare call(s) in ${site}, found ${calls}`)
    return `${rewritten}\nfunction compareCodeUnits$ (a, b) { return a < b ? -1 : a > b ? 1 : 0 }\n`
  }
}

/**
 * kad-dht's routing-table refresh looks up a 65,536-entry array literal
 * (`generated-prefix-list.js`) that costs every node 1 MiB of heap and 388 KiB of bundle
 * source from start-up on. This writes the same numbers to `kad-prefixes.bin` next to the
 * bundle and has the refresh read them on its first lookup (src/cli/kad-prefixes.ts). The
 * build fails if kad-dht's refresh no longer has the import and the lookup it expects.
 */
const KAD_REFRESH = '@libp2p/kad-dht/dist/src/routing-table/refresh.js'
const KAD_PREFIX_LIST = fileURLToPath(new URL('./node_modules/@libp2p/kad-dht/dist/src/routing-table/generated-prefix-list.js', import.meta.url))
const KAD_PREFIXES_MODULE = fileURLToPath(new URL('./dist/src/cli/kad-prefixes.js', import.meta.url))
const kadPrefixes = {
  name: 'kad-prefixes',
  transform (code, id) {
    if (!id.endsWith(`node_modules/${KAD_REFRESH}`)) return null
    const importLine = 'import GENERATED_PREFIXES from "./generated-prefix-list.js";'
    const lookup = 'GENERATED_PREFIXES[targetPrefix]'
    if (code.split(importLine).length !== 2 || code.split(lookup).length !== 2) throw new Error(`kad-prefixes: ${KAD_REFRESH} no longer has the expected import and lookup`)
    return code.replace(importLine, `import { kadPrefixAt } from ${JSON.stringify(KAD_PREFIXES_MODULE)};`).replace(lookup, 'kadPrefixAt(targetPrefix)')
  },
  generateBundle () {
    const numbers = readFileSync(KAD_PREFIX_LIST, 'utf8').replace(/\/\/# sourceMappingURL.*$/m, '').match(/\d+/g).map(Number)
    if (numbers.length !== 65536) throw new Error(`kad-prefixes: expected 65536 prefixes in ${KAD_PREFIX_LIST}, found ${numbers.length}`)
    const bytes = Buffer.alloc(numbers.length * 4)
    numbers.forEach((n, i) => bytes.writeUInt32LE(n, i * 4))
    this.emitFile({ type: 'asset', fileName: 'kad-prefixes.bin', source: bytes })
  }
}

export default defineConfig({
  input: 'dist/src/cli/main.js',
  platform: 'node',
  plugins: [httpWithoutFetch, ordinalCompare, kadPrefixes, asciiOnly],
  output: {
    file: 'dist/src/cli/parley.mjs',
    format: 'esm',
    minify: true,
    charset: 'ascii',
    // error classes are matched by name (src/api/errors.ts, libp2p's AbortError checks)
    keepNames: true,
    sourcemap: true
  }
})
