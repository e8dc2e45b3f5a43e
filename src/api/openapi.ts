/**
 * The request side of the OpenAPI document, generated from the zod schemas the routes
 * validate with, so the two cannot drift: `npm run build` (scripts/openapi-json.js) writes
 * the served dist/openapi.json with these parts, `npm run openapi` writes them into
 * docs/openapi.yaml, and test/api/openapi.test.ts fails when the YAML differs.
 *
 * Answers (response schemas and statuses) stay hand-written in the YAML; the test checks
 * that each operation lists every status its route can answer.
 */
import { z } from 'zod'
import { ACCOUNT_INPUTS } from './routes.js'
import { EVENTS_INPUTS } from './events.js'
import { FEED_INPUTS } from './routes-feed.js'
import { MESSAGE_INPUTS } from './routes-messages.js'
import { GROUP_INPUTS } from './routes-groups.js'
import { METRICS_INPUTS } from './routes-metrics.js'
import { BACKUP_INPUTS } from './routes-backup.js'
import { SESSION_INPUTS } from './routes-sessions.js'
import { DEVICE_INPUTS } from './routes-devices.js'
import { LINK_INPUTS } from './routes-link.js'
import type { RouteInput, RouteInputs } from './schemas.js'

/** Every route the server registers besides the web UI's `GET /*`, with what it validates. */
export const ROUTE_INPUTS: RouteInputs = {
  ...METRICS_INPUTS, ...ACCOUNT_INPUTS, ...EVENTS_INPUTS, ...FEED_INPUTS, ...MESSAGE_INPUTS, ...GROUP_INPUTS, ...BACKUP_INPUTS, ...SESSION_INPUTS, ...DEVICE_INPUTS, ...LINK_INPUTS
}

type JsonSchema = Record<string, unknown>
type OpenApiDoc = { paths: Record<string, Record<string, any>>, components: { schemas: Record<string, JsonSchema> } } & Record<string, any>

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). `io: 'input'`: what a
 * client may send, so a field with a default is optional.
 */
export function jsonSchemaOf (schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema
  return rest
}

/** fastify's `/api/users/:username` as OpenAPI's `/api/users/{username}`. */
export function openApiPath (route: string): { method: string, path: string } {
  const [method, path] = route.split(' ')
  return { method: method.toLowerCase(), path: path.replace(/:(\w+)/g, '{$1}') }
}

/**
 * The operation's parameters: those of `input` generated (a description written in the
 * document is kept), those the route reads without a schema (`?ready`, `?token`) as written.
 */
function parametersOf (input: RouteInput, written: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  const generated: Array<Record<string, unknown>> = []
  for (const where of ['path', 'query'] as const) {
    const schema = where === 'path' ? input.params : input.query
    if (schema == null) continue
    const object = jsonSchemaOf(schema) as { properties: Record<string, JsonSchema>, required?: string[] }
    for (const [name, property] of Object.entries(object.properties)) {
      const before = written.find((p) => p.name === name && p.in === where)
      const required = where === 'path' || (object.required ?? []).includes(name)
      generated.push({ name, in: where, required, ...(before?.description != null ? { description: before.description } : {}), schema: property })
    }
  }
  const kept = written.filter((p) => !((p.in === 'path' && input.params != null) || (p.in === 'query' && input.query != null)))
  return [...generated, ...kept]
}

/**
 * `doc` with every operation's request body and parameters replaced by the ones generated
 * from ROUTE_INPUTS (a named body goes to components.schemas and is referenced). Does not
 * change `doc`. An operation missing from the document is left for the test to report.
 */
export function withZodInputs<T extends OpenApiDoc> (doc: T): T {
  const out = structuredClone(doc)
  for (const [route, input] of Object.entries(ROUTE_INPUTS)) {
    const { method, path } = openApiPath(route)
    const operation = out.paths[path]?.[method]
    if (operation == null) continue
    if (input.body != null) {
      const schema = jsonSchemaOf(input.body)
      if (input.bodyName != null) out.components.schemas[input.bodyName] = schema
      const ref = input.bodyName != null ? { $ref: `#/components/schemas/${input.bodyName}` } : schema
      operation.requestBody = { ...operation.requestBody, required: input.bodyOptional !== true, content: { 'application/json': { schema: ref } } }
    } else if (input.rawBody != null) {
      operation.requestBody = { ...operation.requestBody, required: true, content: { [input.rawBody]: { schema: { type: 'string', format: 'binary' } } } }
    } else {
      delete operation.requestBody
    }
    const parameters = parametersOf(input, operation.parameters)
    if (parameters.length > 0) operation.parameters = parameters
    else delete operation.parameters
  }
  return out
}
