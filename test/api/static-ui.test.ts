import assert from 'node:assert/strict'
import { readFile, readdir } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { UI_DIR, UI_ROUTES } from '../../src/api/static-ui.js'
import { startTestNode } from '../support/nodes.js'
import type { TestNode } from '../support/nodes.js'

describe('the node serves the built web UI', () => {
  let node: TestNode
  const get = async (path: string): Promise<Response> => fetch(`http://${node.api.address}${path}`)

  before(async () => { node = await startTestNode() })
  after(async () => { await node.stop() })

  it('serves index.html at / and for the UI\'s own paths', async () => {
    for (const path of ['/', '/users/alice', '/groups/abc', '/messages/bob', '/me', '/network?x=1']) {
      const response = await get(path)
      assert.equal(response.status, 200, path)
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8', path)
      const html = await response.text()
      assert.match(html, /<div id="root"><\/div>/, path)
      assert.match(html, /src="\/assets\/index-[\w-]+\.js"/, path)
    }
  })

  it('answers 404, not the UI, on paths that are not the UI\'s own (a probe of /healthz is not told 200)', async () => {
    for (const path of ['/healthz', '/wp-login.php', '/users', '/users/alice/extra', '/groups/a/b', '/assets/none.js']) {
      const response = await get(path)
      assert.equal(response.status, 404, path)
      assert.equal(((await response.json()) as any).error.code, 'not_found', path)
    }
  })

  it('knows the same paths as the UI\'s router (ui/src/App.tsx)', async () => {
    const app = await readFile(new URL('../../../ui/src/App.tsx', import.meta.url), 'utf8')
    const routes = [...app.matchAll(/match\('([^']+)', path\)/g)].map((m) => m[1])
    assert.ok(routes.length > 5, 'the routes of App.tsx')
    assert.deepEqual([...routes].sort(), [...UI_ROUTES].sort())
  })

  it('serves the built assets with their content types', async () => {
    const assets = await readdir(`${UI_DIR}/assets`)
    const js = assets.find((f) => f.endsWith('.js'))
    const css = assets.find((f) => f.endsWith('.css'))
    assert.ok(js != null && css != null, `built assets in ${UI_DIR}: ${assets.join(', ')}`)
    const script = await get(`/assets/${js}`)
    assert.equal(script.status, 200)
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
    assert.match(script.headers.get('cache-control') ?? '', /immutable/)
    assert.ok((await script.text()).length > 1000)
    const style = await get(`/assets/${css}`)
    assert.equal(style.headers.get('content-type'), 'text/css; charset=utf-8')
  })

  it('keeps JSON 404s under /api/ and never serves files outside the UI folder', async () => {
    const missing = await get('/api/no-such-route')
    assert.equal(missing.status, 404)
    assert.equal(((await missing.json()) as any).error.code, 'not_found')
    for (const path of ['/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json', '/%00']) {
      const response = await get(path)
      const text = await response.text()
      assert.doesNotMatch(text, /"devDependencies"/, path)
    }
    const post = await fetch(`http://${node.api.address}/users/alice`, { method: 'POST' })
    assert.equal(post.status, 404)
  })
})
