import type { ClientRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The UI is built into dist/ui and served by `parley node` on its API address.
// `vite --config ui/vite.config.ts` runs a dev server that proxies /api to PARLEY_API
// (default 127.0.0.1:7777), so the UI can be worked on against a running node.
const api = process.env.PARLEY_API ?? '127.0.0.1:7777'

function asTheNodesOwn (request: ClientRequest): void {
  if (request.getHeader('origin') != null) request.setHeader('origin', `http://${api}`)
}

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
    proxy: {
      '/api': {
        target: `http://${api}`,
        ws: true,
        // the node answers only its own host name and origin (src/api/guard.ts); requests
        // through this proxy come from the UI being worked on, so they take the node's
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', asTheNodesOwn)
          proxy.on('proxyReqWs', asTheNodesOwn)
        }
      }
    }
  },
  logLevel: 'warn'
})
