// The CLI and node as one minified ES module, dist/src/cli/parley.mjs, which `bin/parley.js`,
// devnet, the tests and the benchmarks run. One file of 2.5 MB instead of ~1,500 modules:
// an idle node keeps about half the JavaScript heap (source text and module records) and is
// ready in about half the time (figures in README "Resource use"). It sits next to
// dist/src/cli/main.js so the paths the code builds from import.meta.url stay the same.
import { defineConfig } from 'rolldown'

export default defineConfig({
  input: 'dist/src/cli/main.js',
  platform: 'node',
  output: {
    file: 'dist/src/cli/parley.mjs',
    format: 'esm',
    minify: true,
    // error classes are matched by name (src/api/errors.ts, libp2p's AbortError checks)
    keepNames: true,
    sourcemap: true
  }
})
