/**
 * Where one DM's microseconds go: the DM pattern of `npm run bench path` with both
 * `parley node` processes under V8's CPU profiler (`--cpu-prof`, sampled every 100 µs),
 * summarised over the run's window as self time per DM, per module and per function,
 * sender and receiver. Run as a script it prints the summary as JSON, so the bench can run
 * another checkout's copy (PARLEY_BENCH_PATH_BEFORE) and set the two side by side.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { busyUs, byModule, selfTimes } from './cpu-profile.js'
import { measureParleyPath } from './parley-path.js'
import { BACK_TO_BACK, PACED, summary } from './pattern.js'
import type { PathKind } from './parley-path.js'

const TOP = 12
/** which path to profile: dm (default), post or group (PARLEY_BENCH_PATH_PROFILE_KIND) */
const KIND = (process.env.PARLEY_BENCH_PATH_PROFILE_KIND ?? 'dm') as PathKind
const ROLES = ['sender', 'receiver'] as const

export interface SideProfile {
  /** CPU time per DM, all but idle, µs */
  busyUsPerDm: number
  modules: Array<{ module: string, us: number }>
  functions: Array<{ module: string, fn: string, us: number }>
}

export interface DmProfile {
  kind: PathKind
  p50: number
  p99: number
  backToBackS: number
  /** CPU time (user + system) per message of each node process, from /proc, µs (profiling included) */
  cpuUs?: { sender: number, receiver: number }
  sender: SideProfile
  receiver: SideProfile
}

export async function profileDmPath (progress: (message: string) => void = () => {}): Promise<DmProfile> {
  // PARLEY_BENCH_PATH_PROFILE_DIR keeps the profiles there (default: a temporary folder, removed)
  const kept = process.env.PARLEY_BENCH_PATH_PROFILE_DIR
  const dir = kept ?? join(tmpdir(), `parley-bench-path-prof-${process.pid}`)
  await rm(dir, { recursive: true, force: true })
  try {
    for (const role of ROLES) await mkdir(join(dir, role), { recursive: true })
    const result = await measureParleyPath({
      progress,
      kinds: [KIND],
      memory: false,
      env: (i) => ({ NODE_OPTIONS: `--cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=${join(dir, ROLES[i])}` })
    })
    const [from, to] = result.windowsUs[KIND]!
    const messages = BACK_TO_BACK + PACED
    const side = async (role: string): Promise<SideProfile> => {
      const files = (await readdir(join(dir, role))).filter((f) => f.endsWith('.cpuprofile'))
      if (files.length === 0) throw new Error(`no CPU profile from the ${role}`)
      const times = selfTimes(join(dir, role, files[0]), from, to)
      const per = (us: number): number => Math.round(us / messages * 10) / 10
      return {
        busyUsPerDm: per(busyUs(times)),
        modules: byModule(times).slice(0, TOP).map((m) => ({ ...m, us: per(m.us) })),
        functions: times.slice(0, TOP).map((t) => ({ ...t, us: per(t.us) }))
      }
    }
    if (kept != null) await writeFile(join(dir, 'window.json'), JSON.stringify({ from, to, messages }))
    const s = summary(result.figures[KIND]!)
    return { kind: KIND, p50: s.p50, p99: s.p99, backToBackS: s.backToBackS, cpuUs: result.cpuUsPerMessage[KIND], sender: await side('sender'), receiver: await side('receiver') }
  } finally {
    if (kept == null) await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await profileDmPath((m) => { process.stderr.write(`${m}\n`) })) + '\n')
}
