import { fileURLToPath } from 'node:url'

/**
 * The bundled CLI (see rolldown.config.js) that `bin/parley.js` runs, and that devnet,
 * tests and benchmarks spawn so their nodes start the way users' nodes do. Inside the
 * bundle this resolves to the bundle itself.
 */
export const CLI_ENTRY = fileURLToPath(new URL('./parley.mjs', import.meta.url))
