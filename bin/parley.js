#!/usr/bin/env -S node --max-semi-space-size=2
// Parley's command line; `npm run build` compiles the TypeScript into dist/ and bundles the
// CLI into dist/src/cli/parley.mjs (rolldown.config.js).
// The V8 flag is NODE_PROCESS_FLAGS (src/cli/node-flags.ts): a smaller idle node.
import '../dist/src/cli/parley.mjs'
