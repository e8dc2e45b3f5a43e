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

export default defineConfig({
  input: 'dist/src/cli/main.js',
  platform: 'node',
  plugins: [httpWithoutFetch, asciiOnly],
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
