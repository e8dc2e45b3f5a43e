import type { RouteModule } from './auth.js'
import type { RouteInputs } from './schemas.js'

export const METRICS_INPUTS: RouteInputs = { 'GET /metrics': {} }

/**
 * GET /metrics: the node's metrics in the Prometheus text format (libp2p's and Parley's,
 * src/app/metrics.ts).
 *
 * No token: Prometheus and most scrapers cannot be given a bearer token that changes at
 * every login, and a node with no one logged in still has metrics worth watching. What the
 * page tells is counts and timings (messages sent, crates held, lookups), never a name, a
 * key or a message. The Host check of guard.ts still applies: only requests addressed to
 * this node's own names are answered, so a web page cannot read it through DNS
 * rebinding, and the API listens on 127.0.0.1 unless `--api` binds it elsewhere (behind a
 * reverse proxy, restrict /metrics there).
 */
export const registerMetricsRoutes: RouteModule = (app, { parley }) => {
  app.get('/metrics', async (_request, reply) => {
    const text = await parley.metrics.text()
    return reply.type(parley.metrics.contentType).header('cache-control', 'no-store').send(text)
  })
}
