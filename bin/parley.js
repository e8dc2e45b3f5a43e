#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32768 node --max-semi-space-size=2 --expose-gc
// Parley's command line; `npm run build` compiles the TypeScript into dist/ and bundles the
// CLI into dist/src/cli/parley.mjs (rolldown.config.js). The environment and the V8 flags
// are NODE_PROCESS_ENV and NODE_PROCESS_FLAGS of src/cli/spawn.ts: a smaller idle node.
import '../dist/src/cli/parley.mjs'
