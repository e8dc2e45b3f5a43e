/**
 * The load of `npm run bench path` (issue 21), the same for every system measured:
 * BACK_TO_BACK messages of MESSAGE_BYTES, each awaited before the next, a pause, then
 * PACED at one every INTERVAL_MS. What one figure means:
 *   paced p50 / p99   send start → seen at the receiver, over the paced messages
 *   back to back      first send start → the last back-to-back message seen at the receiver
 */
import { percentile } from '../stats.js'

export const BACK_TO_BACK = Number(process.env.PARLEY_BENCH_PATH_COUNT ?? 1_000)
export const PACED = 200
export const INTERVAL_MS = 10
export const MESSAGE_BYTES = 100

export interface PathFigures {
  pacedMs: number[]
  /** first send → last back-to-back message at the receiver */
  backToBackMs: number
  /** first send → last back-to-back answer (Parley) or publish resolved (gossipsub) */
  answeredMs?: number
}

export function summary (figures: PathFigures): { p50: number, p99: number, backToBackS: number } {
  return { p50: percentile(figures.pacedMs, 50), p99: percentile(figures.pacedMs, 99), backToBackS: figures.backToBackMs / 1000 }
}

/** `label seq ` padded with dots to MESSAGE_BYTES: unique per message, the size of every message. */
export function benchText (label: string, seq: number): string {
  return `${label} ${seq} `.padEnd(MESSAGE_BYTES, '.')
}

async function sleepUntil (at: number): Promise<void> {
  const wait = at - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

/**
 * Runs the pattern through `send` (resolves when the sender answered) and `arrival`
 * (resolves with the performance.now() the receiver's event was seen at).
 */
export async function runPattern (label: string, send: (text: string) => Promise<void>, arrival: (text: string) => Promise<number>): Promise<PathFigures> {
  const started = performance.now()
  for (let i = 0; i < BACK_TO_BACK; i++) await send(benchText(label, i))
  const answeredMs = performance.now() - started
  let last = 0
  for (let i = 0; i < BACK_TO_BACK; i++) last = Math.max(last, await arrival(benchText(label, i)))
  await new Promise((resolve) => setTimeout(resolve, 500))
  const t0 = performance.now()
  const pacedMs: number[] = []
  const pending: Array<Promise<void>> = []
  for (let i = 0; i < PACED; i++) {
    await sleepUntil(t0 + i * INTERVAL_MS)
    const text = benchText(label, BACK_TO_BACK + i)
    const sentAt = performance.now()
    pending.push(arrival(text).then((at) => { pacedMs.push(at - sentAt) }))
    await send(text)
  }
  await Promise.all(pending)
  return { pacedMs, backToBackMs: last - started, answeredMs }
}
