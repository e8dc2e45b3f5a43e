/** Small statistics over benchmark samples. */

export { seededRandom } from '../src/group/sim/prng.js'

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile (samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function mean (samples: number[]): number {
  if (samples.length === 0) return Number.NaN
  return samples.reduce((sum, x) => sum + x, 0) / samples.length
}

/** Empirical CDF as [value, percent of samples ≤ value] points, ready to plot. */
export function cdf (samples: number[]): Array<[number, number]> {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted.map((x, i) => [x, ((i + 1) / sorted.length) * 100])
}

/** Rounds for reports: figures with more digits than that are noise. */
export function round (value: number, decimals = 2): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

export function pick<T> (items: readonly T[], random: () => number): T {
  if (items.length === 0) throw new RangeError('cannot pick from an empty list')
  return items[Math.floor(random() * items.length)]
}
