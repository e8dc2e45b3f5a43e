// The CLI and node as one minified ES module, dist/src/cli/parley.mjs, which `bin/parley.js`,
// devnet, the tests and the benchmarks run. One file instead of ~1,500 modules: an idle node
// keeps about half the JavaScript heap (source text and module records) and is ready in
// about half the time (figures in README, "Resource use"). It sits next to
// dist/src/cli/main.js so the paths the code builds from import.meta.url stay the same.
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

export default defineConfig({
  input: 'dist/src/cli/main.js',
  platform: 'node',
  plugins: [httpWithoutFetch, ordinalCompare, asciiOnly],
  // a native module (a prebuilt binary per platform), loaded from node_modules at run time
  external: ['@chainsafe/libp2p-quic'],
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
