#!/usr/bin/env -S node --max-semi-space-size=2
// Parley's command line; the TypeScript sources are built into dist/ by `npm run build`.
// The V8 flag is NODE_PROCESS_FLAGS (src/cli/node-flags.ts): a smaller idle node.
import '../dist/src/cli/main.js'
