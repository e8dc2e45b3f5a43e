/**
 * Summarises a V8 CPU profile (`--cpu-prof`) of a `parley node` process over a time
 * window: self time per function and per module, the bundle's frames mapped back to their
 * sources (dist/src/cli/parley.mjs.map) so a frame is named by its package or src/ file.
 */
import { readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

interface CallFrame { functionName: string, url: string, lineNumber: number, columnNumber: number }
interface ProfileNode { id: number, callFrame: CallFrame }
interface Profile { nodes: ProfileNode[], startTime: number, samples: number[], timeDeltas: number[] }

export interface SelfTime {
  /** package (node_modules/<name>), src/<folder>/<file>, node:<internal> or (gc)/(program)/(idle) */
  module: string
  /** function name and the file line it starts at */
  fn: string
  us: number
}

const maps = new Map<string, SourceMap | null>()

function sourceMapOf (url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null
    try { map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'))) } catch {}
    maps.set(url, map)
  }
  return maps.get(url)!
}

/** `…/node_modules/@scope/name/dist/…` → `@scope/name`; `…/src/dm/service.ts` → `src/dm/service.ts`. */
function moduleOf (source: string): string {
  const nm = source.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const parts = source.slice(nm + 13).split('/')
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
  }
  const src = source.lastIndexOf('src/')
  return src >= 0 ? source.slice(src) : source
}

function locate (frame: CallFrame): { module: string, fn: string } {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName
  if (frame.url === '') return { module: name.startsWith('(') ? name : '(native)', fn: name }
  if (frame.url.startsWith('node:')) return { module: frame.url, fn: name }
  if (!frame.url.startsWith('file:')) return { module: frame.url, fn: name }
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as any
  if (entry?.originalSource == null) return { module: moduleOf(frame.url), fn: name }
  const module = moduleOf(entry.originalSource)
  return { module, fn: `${entry.name ?? name} (${String(entry.originalSource).split("/").at(-1)}:${entry.originalLine + 1})` }
}

/** Self time per function within [fromUs, toUs] (CLOCK_MONOTONIC µs, the profile's clock). */
export function selfTimes (file: string, fromUs = 0, toUs = Infinity): SelfTime[] {
  const profile: Profile = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, SelfTime>()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]
    // a sample's delta is the time up to it: charged to the sampled frame
    if (at < fromUs || at > toUs) continue
    const { module, fn } = locate(byId.get(profile.samples[i])!.callFrame)
    const key = `${module}\u0000${fn}`
    const entry = totals.get(key) ?? { module, fn, us: 0 }
    entry.us += profile.timeDeltas[i]
    totals.set(key, entry)
  }
  return [...totals.values()].sort((a, b) => b.us - a.us)
}

export function byModule (times: SelfTime[]): Array<{ module: string, us: number }> {
  const totals = new Map<string, number>()
  for (const t of times) totals.set(t.module, (totals.get(t.module) ?? 0) + t.us)
  return [...totals].map(([module, us]) => ({ module, us })).sort((a, b) => b.us - a.us)
}

/** CPU time that was work: everything but (idle) and (program), the time outside JS and GC. */
export function busyUs (times: SelfTime[]): number {
  return times.filter((t) => t.module !== '(idle)').reduce((sum, t) => sum + t.us, 0)
}
