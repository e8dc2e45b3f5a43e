import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiError } from './errors.js'
import type { RouteModule } from './auth.js'

/** Where `npm run build` puts the web UI (vite's output), relative to dist/src/api/. */
export const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url))

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8'
}

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Parley</title>' +
  '<p>The web UI is not built. Run <code>npm run build</code> and restart the node.</p>'

/**
 * The web UI's own paths (ui/src/App.tsx `page`; a test keeps the two lists equal): a
 * reload there gets index.html, and any other path outside /api/ and the built files is a
 * 404, so that a probe of /metrics or /healthz on a node without them is not told 200.
 */
export const UI_ROUTES = ['/', '/me', '/notifications', '/messages', '/messages/:username', '/groups', '/groups/:id', '/users/:username', '/network', '/sessions', '/backup', '/devices']

/** Whether `urlPath` is one of UI_ROUTES (each `:name` is one non-empty path segment). */
export function isUiRoute (urlPath: string): boolean {
  const have = urlPath.split('/').filter((part) => part !== '')
  return UI_ROUTES.some((route) => {
    const want = route.split('/').filter((part) => part !== '')
    return want.length === have.length && want.every((part, i) => part.startsWith(':') || part === have[i])
  })
}

/** A file under `root` for a URL path, or undefined (missing, a folder, or outside root). */
async function fileFor (root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string
  try { decoded = decodeURIComponent(urlPath) } catch { return undefined }
  if (decoded.includes('\0')) return undefined
  const path = resolve(root, '.' + decoded)
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined
  const info = await stat(path).catch(() => undefined)
  return info?.isFile() === true ? path : undefined
}

/**
 * The web UI: the built files of `dist/ui` with their content types, and index.html for
 * the UI's own paths (UI_ROUTES: /users/bob, /groups/…) so that they load on a reload.
 * Every other path is a JSON 404, as under /api/.
 */
export const registerStaticUi: RouteModule = (app) => {
  const root = resolve(UI_DIR)
  app.get('/*', async (request, reply) => {
    const urlPath = request.url.split('?')[0]
    const notFound = new ApiError(404, 'not_found', `no route GET ${request.url}`)
    if (urlPath === '/api' || urlPath.startsWith('/api/')) throw notFound
    const file = await fileFor(root, urlPath)
    if (file != null) {
      const immutable = urlPath.startsWith('/assets/') // vite names these by content hash
      return reply
        .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(await readFile(file))
    }
    if (!isUiRoute(urlPath)) throw notFound
    const index = await readFile(resolve(root, 'index.html'), 'utf8').catch(() => NOT_BUILT)
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index)
  })
}
