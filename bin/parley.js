#!/usr/bin/env node
// Parley's command line; the TypeScript sources are built into dist/ by `npm run build`.
import '../dist/src/cli/main.js'
