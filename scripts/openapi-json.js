// docs/openapi.yaml as dist/openapi.json, which the node serves at /api/openapi.json; the
// node then neither loads a YAML parser nor parses the document at every start.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { parse } from 'yaml'

const doc = parse(await readFile(new URL('../docs/openapi.yaml', import.meta.url), 'utf8'))
await mkdir(new URL('../dist/', import.meta.url), { recursive: true })
await writeFile(new URL('../dist/openapi.json', import.meta.url), JSON.stringify(doc))
