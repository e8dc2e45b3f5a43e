// Regenerates the TypeScript codecs for every .proto file under src/ with protons.
// CI runs it and fails when the committed code differs.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

function findProtos (dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return findProtos(path)
    return name.endsWith('.proto') ? [path] : []
  })
}

const protos = findProtos('src')
execFileSync('npx', ['protons', ...protos], { stdio: 'inherit' })
// Decoded fields are fresh ArrayBuffer-backed arrays, but our own values may come from
// any Uint8Array; the wider type keeps callers free of casts.
for (const proto of protos) {
  const ts = proto.replace(/\.proto$/, '.ts')
  writeFileSync(ts, readFileSync(ts, 'utf8').replaceAll('Uint8Array<ArrayBuffer>', 'Uint8Array'))
}
console.log(`generated ${protos.length} codec(s): ${protos.join(', ')}`)
