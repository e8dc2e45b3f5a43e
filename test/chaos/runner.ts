/** Runs chaos scenarios one after another and makes a row of each. */
import { ProcessWatch } from './watch.js'
import type { ChaosRow } from './report.js'
import type { ChaosScale, ChaosScenario } from './scenario.js'

const MiB = 2 ** 20

export async function runScenario (scenario: ChaosScenario, scale: ChaosScale, log: (line: string) => void = () => {}): Promise<ChaosRow> {
  const watch = new ProcessWatch()
  const started = performance.now()
  const prefixed = (line: string): void => { log(`[${scenario.name}] ${line}`) }
  try {
    const { counts, notes } = await scenario.run({ scale, watch, log: prefixed })
    const crashes = watch.crashes
    for (const crash of crashes) prefixed(`crashed: ${crash}`)
    return { scenario: scenario.name, ...counts, crashes: crashes.length, peakRssMiB: watch.peakRss / MiB, durationS: (performance.now() - started) / 1000, notes }
  } finally {
    await watch.close()
  }
}
