import type { ReactNode } from 'react'

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]
]
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

export function formatAgo (ms: number, now = Date.now()): string {
  const diff = ms - now
  if (Math.abs(diff) < 10_000) return 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') return relative.format(Math.round(diff / size), unit)
  }
  return ''
}

/** A timestamp (ms since 1970) shown as "5 minutes ago", exact on hover. */
export function Time ({ ms }: { ms: number }): ReactNode {
  if (!Number.isFinite(ms) || ms <= 0) return <span className="muted">never</span>
  const date = new Date(ms)
  return <time dateTime={date.toISOString()} title={date.toLocaleString()}>{formatAgo(ms)}</time>
}
