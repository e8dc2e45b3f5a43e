#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32768 node --max-semi-space-size=2 --expose-gc --v8-pool-size=2
// Parley's command line; `npm run build` compiles the TypeScript into dist/ and bundles the
// CLI into dist/src/cli/parley.mjs (rolldown.config.js). The environment and the V8 flags
// are NODE_PROCESS_ENV and NODE_PROCESS_FLAGS of src/cli/spawn.ts: a smaller idle node.
// An older Node than package.json's engines (node:sqlite, among others) would die on the
// bundle's imports with ERR_UNKNOWN_BUILTIN_MODULE, so this file checks the version first
// and loads the bundle only then; it must itself run on any Node that runs ES modules.
const NEEDED_MAJOR = 24
const major = Number(process.versions.node.split('.')[0])
if (major < NEEDED_MAJOR) {
  process.stderr.write(`parley needs Node.js ${NEEDED_MAJOR} or newer (node:sqlite); this is Node.js ${process.versions.node} at ${process.execPath}\n`)
  process.exitCode = 1
} else {
  await import('../dist/src/cli/parley.mjs')
}
