import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The UI is built into dist/ui and served by `parley node` on its API address.
// `vite --config ui/vite.config.ts` runs a dev server that proxies /api to PARLEY_API
// (default 127.0.0.1:7777), so the UI can be worked on against a running node.
const api = process.env.PARLEY_API ?? '127.0.0.1:7777'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true
  },
  server: {
    proxy: { '/api': { target: `http://${api}`, ws: true } }
  },
  logLevel: 'warn'
})
