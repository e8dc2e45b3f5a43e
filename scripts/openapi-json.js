// docs/openapi.yaml as dist/openapi.json, which the node serves at /api/openapi.json; the
// node then neither loads a YAML parser nor parses the document at every start. Request
// bodies and parameters come from the zod schemas the routes validate with (compiled by
// tsc to dist/src/api/openapi.js, so this runs after it), whatever the YAML says.
// With --yaml (`npm run openapi`) it also writes them into docs/openapi.yaml, touching
// only what differs so that the rest keeps its layout.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { isDeepStrictEqual } from 'node:util'
import { isCollection, parseDocument, visit } from 'yaml'

const YAML_URL = new URL('../docs/openapi.yaml', import.meta.url)
const { withZodInputs } = await import(new URL('../dist/src/api/openapi.js', import.meta.url).href)

const document = parseDocument(await readFile(YAML_URL, 'utf8'))
const written = document.toJS()
const generated = withZodInputs(written)
await mkdir(new URL('../dist/', import.meta.url), { recursive: true })
await writeFile(new URL('../dist/openapi.json', import.meta.url), JSON.stringify(generated))

/** A node written as the file writes them: block collections, flow for the short ones. */
function compact (node) {
  visit(node, { Collection (_key, collection) { if (JSON.stringify(collection.toJSON()).length <= 110) collection.flow = true } })
  if (isCollection(node)) node.flow = false
  return node
}

if (process.argv.includes('--yaml')) {
  const changed = []
  const update = (keys, before, after) => {
    if (isDeepStrictEqual(before, after)) return
    changed.push(keys.join(' '))
    if (after === undefined) document.deleteIn(keys)
    else document.setIn(keys, compact(document.createNode(after)))
  }
  for (const [path, operations] of Object.entries(generated.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const part of ['requestBody', 'parameters']) update(['paths', path, method, part], written.paths[path][method][part], operation[part])
    }
  }
  for (const [name, schema] of Object.entries(generated.components.schemas)) update(['components', 'schemas', name], written.components.schemas[name], schema)
  // the file pads flow mappings ({ a: 1 }) but not flow sequences ([a, b]); yaml writes both alike
  const text = document.toString({ lineWidth: 0, flowCollectionPadding: true }).replace(/\[ ([^[\]\n]*?) \]/g, '[$1]')
  await writeFile(YAML_URL, text)
  console.log(changed.length === 0 ? 'docs/openapi.yaml: up to date' : `docs/openapi.yaml: wrote ${changed.join(', ')}`)
}
