import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative, sep } from 'node:path'

/**
 * The layering rules of docs/architecture.md, checked over the source tree: a folder of
 * src/ imports only folders of a lower rank, never one of its own rank, and only through
 * that folder's index.ts (no reaching into another folder's files).
 */
export const LAYER_RANKS: Readonly<Record<string, number>> = {
  kernel: 0,
  clock: 0,
  store: 1,
  net: 2,
  identity: 3,
  crate: 4,
  mailbox: 5,
  feed: 6,
  dm: 6,
  group: 6,
  app: 7,
  api: 8,
  cli: 9
}

export interface LayerViolation {
  file: string
  imports: string
  rule: 'unknown-folder' | 'upward' | 'same-rank' | 'barrel-bypass'
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

/** The relative module specifiers a source file imports or re-exports (static and dynamic). */
export function importsOf (source: string): string[] {
  const found: string[] = []
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]
    if (spec?.startsWith('.') === true) found.push(spec)
  }
  return found
}

/**
 * The violations in `files` (path relative to the repository root, under src/, and the
 * file's text).
 */
export function checkLayers (files: ReadonlyMap<string, string>): LayerViolation[] {
  const violations: LayerViolation[] = []
  for (const [file, source] of files) {
    const from = folderOf(file)
    for (const spec of importsOf(source)) {
      const target = normalize(join(dirname(file), spec))
      const to = folderOf(target)
      if (to === from) continue
      const fromRank = LAYER_RANKS[from]
      const toRank = LAYER_RANKS[to]
      if (fromRank == null || toRank == null) violations.push({ file, imports: spec, rule: 'unknown-folder' })
      else if (toRank > fromRank) violations.push({ file, imports: spec, rule: 'upward' })
      else if (toRank === fromRank) violations.push({ file, imports: spec, rule: 'same-rank' })
      else if (target !== join('src', to, 'index.js')) violations.push({ file, imports: spec, rule: 'barrel-bypass' })
    }
  }
  return violations
}

function folderOf (path: string): string {
  const parts = normalize(path).split(sep)
  return parts[0] === 'src' ? parts[1] : `(outside src: ${path})`
}

/** Every .ts file under `root`/src with its text, keyed by its path relative to `root`. */
export function sourceFiles (root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.set(relative(root, path), readFileSync(path, 'utf8'))
    }
  }
  walk(join(root, 'src'))
  return files
}
