/**
 * Hand-written SVG charts for benchmark results: grouped bars and lines, with axes,
 * ticks, a title, a legend and units. No dependencies, so the output is stable and
 * reviewable as text in a diff.
 */

/** A dashed horizontal line across the plot, e.g. a target. */
export interface ReferenceLine {
  value: number
  label: string
}

export interface Axis {
  label: string
  /** shown in parentheses after the label; '' for none */
  unit: string
  /** logarithmic scale, for spreads over orders of magnitude (default false; lines' x only) */
  log?: boolean
}

export interface BarChart {
  kind: 'bars'
  title: string
  /** what the bar values are */
  y: Axis
  /** one group of bars per category along the x axis */
  groups: string[]
  /** one bar per series in every group; values[i] belongs to groups[i] */
  series: Array<{ name: string, values: number[] }>
  reference?: ReferenceLine
}

export interface LineChart {
  kind: 'lines'
  title: string
  x: Axis
  y: Axis
  series: Array<{ name: string, points: Array<[number, number]> }>
  reference?: ReferenceLine
}

export type PlotSpec = BarChart | LineChart

const WIDTH = 800
const HEIGHT = 380
const MARGIN = { left: 72, right: 24, top: 64, bottom: 56 }
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1']

/** All charts stacked in one SVG document, one under the other. */
export function renderFigure (plots: PlotSpec[]): string {
  const height = HEIGHT * plots.length
  const charts = plots.map((plot, i) => `<g transform="translate(0 ${i * HEIGHT})">\n${renderChart(plot)}</g>`)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...charts,
    '</svg>',
    ''
  ].join('\n')
}

function renderChart (plot: PlotSpec): string {
  return plot.kind === 'bars' ? renderBars(plot) : renderLines(plot)
}

interface Frame {
  /** maps a data value to a pixel position */
  x: (value: number) => number
  y: (value: number) => number
  left: number
  right: number
  top: number
  bottom: number
}

function frame (xDomain: [number, number], yDomain: [number, number], xLog = false): Frame {
  const left = MARGIN.left
  const right = WIDTH - MARGIN.right
  const top = MARGIN.top
  const bottom = HEIGHT - MARGIN.bottom
  const scale = (domain: [number, number], from: number, to: number, log: boolean) => {
    const t = log ? Math.log10 : (v: number) => v
    const [d0, d1] = [t(domain[0]), t(domain[1])]
    return (value: number) => from + ((t(value) - d0) / ((d1 - d0) || 1)) * (to - from)
  }
  return { x: scale(xDomain, left, right, xLog), y: scale(yDomain, bottom, top, false), left, right, top, bottom }
}

function renderBars (plot: BarChart): string {
  const values = plot.series.flatMap((s) => s.values).concat(plot.reference?.value ?? 0)
  const yTicks = niceTicks(0, Math.max(...values, 0))
  const f = frame([0, plot.groups.length], [0, yTicks[yTicks.length - 1]])
  const groupWidth = (f.right - f.left) / plot.groups.length
  const barWidth = (groupWidth * 0.7) / plot.series.length
  const parts = [title(plot.title), legend(plot.series.map((s) => s.name), 'bar'), yAxis(f, yTicks, axisLabel(plot.y))]
  plot.groups.forEach((group, g) => {
    const start = f.left + g * groupWidth + groupWidth * 0.15
    plot.series.forEach((series, s) => {
      const value = series.values[g]
      const x = start + s * barWidth
      const y = f.y(value)
      parts.push(`<rect x="${px(x)}" y="${px(y)}" width="${px(barWidth - 2)}" height="${px(f.bottom - y)}" fill="${color(s)}"/>`)
      parts.push(`<text x="${px(x + barWidth / 2 - 1)}" y="${px(y - 4)}" text-anchor="middle" font-size="11">${formatNumber(value)}</text>`)
    })
    parts.push(`<text x="${px(f.left + (g + 0.5) * groupWidth)}" y="${f.bottom + 20}" text-anchor="middle">${escape(group)}</text>`)
  })
  parts.push(baseline(f))
  if (plot.reference != null) parts.push(referenceLine(f, plot.reference))
  return parts.join('\n')
}

function renderLines (plot: LineChart): string {
  const points = plot.series.flatMap((s) => s.points)
  const xs = points.map((p) => p[0])
  const xLog = plot.x.log === true
  const xTicks = xLog ? logTicks(Math.min(...xs), Math.max(...xs)) : niceTicks(Math.min(0, ...xs), Math.max(...xs))
  const yTicks = niceTicks(0, Math.max(...points.map((p) => p[1]), plot.reference?.value ?? 0))
  const f = frame([xTicks[0], xTicks[xTicks.length - 1]], [0, yTicks[yTicks.length - 1]], xLog)
  const parts = [title(plot.title), legend(plot.series.map((s) => s.name), 'line'), yAxis(f, yTicks, axisLabel(plot.y))]
  for (const tick of xTicks) {
    parts.push(`<line x1="${px(f.x(tick))}" y1="${f.bottom}" x2="${px(f.x(tick))}" y2="${f.bottom + 5}" stroke="#333"/>`)
    parts.push(`<text x="${px(f.x(tick))}" y="${f.bottom + 18}" text-anchor="middle">${formatNumber(tick)}</text>`)
  }
  parts.push(`<text x="${(f.left + f.right) / 2}" y="${f.bottom + 42}" text-anchor="middle">${escape(axisLabel(plot.x))}</text>`)
  plot.series.forEach((series, s) => {
    const path = series.points.map(([x, y]) => `${px(f.x(x))},${px(f.y(y))}`).join(' ')
    parts.push(`<polyline points="${path}" fill="none" stroke="${color(s)}" stroke-width="2"/>`)
  })
  parts.push(baseline(f))
  if (plot.reference != null) parts.push(referenceLine(f, plot.reference))
  return parts.join('\n')
}

function title (text: string): string {
  return `<text x="${MARGIN.left}" y="24" font-size="16" font-weight="bold">${escape(text)}</text>`
}

function legend (names: string[], mark: 'bar' | 'line'): string {
  return names.map((name, i) => {
    const x = MARGIN.left + i * 160
    const swatch = mark === 'bar'
      ? `<rect x="${x}" y="36" width="12" height="12" fill="${color(i)}"/>`
      : `<line x1="${x}" y1="42" x2="${x + 14}" y2="42" stroke="${color(i)}" stroke-width="3"/>`
    return `${swatch}<text x="${x + 18}" y="46">${escape(name)}</text>`
  }).join('\n')
}

/** Horizontal grid lines with their labels, and the rotated unit label. */
function yAxis (f: Frame, ticks: number[], label: string): string {
  const lines = ticks.map((tick) => [
    `<line x1="${f.left}" y1="${px(f.y(tick))}" x2="${f.right}" y2="${px(f.y(tick))}" stroke="#e5e5e5"/>`,
    `<text x="${f.left - 8}" y="${px(f.y(tick) + 4)}" text-anchor="end">${formatNumber(tick)}</text>`
  ].join('\n'))
  const middle = (f.top + f.bottom) / 2
  lines.push(`<line x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.bottom}" stroke="#333"/>`)
  lines.push(`<text transform="translate(18 ${middle}) rotate(-90)" text-anchor="middle">${escape(label)}</text>`)
  return lines.join('\n')
}

function baseline (f: Frame): string {
  return `<line x1="${f.left}" y1="${f.bottom}" x2="${f.right}" y2="${f.bottom}" stroke="#333"/>`
}

function referenceLine (f: Frame, reference: ReferenceLine): string {
  const y = f.y(reference.value)
  return [
    `<line x1="${f.left}" y1="${px(y)}" x2="${f.right}" y2="${px(y)}" stroke="#c00" stroke-dasharray="6 4"/>`,
    `<text x="${f.right}" y="${px(y - 5)}" text-anchor="end" fill="#c00">${escape(reference.label)}</text>`
  ].join('\n')
}

function axisLabel (axis: Axis): string {
  const text = axis.unit === '' ? axis.label : `${axis.label} (${axis.unit})`
  return axis.log === true ? `${text}, log scale` : text
}

/** Ticks at 1, 2 or 5 × 10^n spacing that cover [min, max] in about `count` steps. */
export function niceTicks (min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + 1
  const raw = (max - min) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  for (let tick = Math.floor(min / step) * step; tick < max + step; tick += step) {
    ticks.push(Number(tick.toPrecision(12)))
    if (tick >= max) break
  }
  return ticks
}

/** Ticks at 1, 2, 5 × 10^n (only powers of ten past three decades) covering [min, max] > 0. */
export function logTicks (min: number, max: number): number[] {
  if (!(min > 0)) throw new RangeError('a log axis needs positive values')
  const low = Math.floor(Math.log10(min))
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)))
  const multiples = high - low <= 3 ? [1, 2, 5] : [1]
  const all: number[] = []
  for (let e = low; e <= high; e++) for (const m of multiples) all.push(Number((m * 10 ** e).toPrecision(12)))
  const first = all.findLastIndex((t) => t <= min)
  const last = all.findIndex((t) => t >= max)
  return all.slice(Math.max(first, 0), last < 0 ? all.length : last + 1)
}

function formatNumber (value: number): string {
  if (!Number.isFinite(value)) return '–'
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 })
}

function color (index: number): string {
  return COLORS[index % COLORS.length]
}

function px (value: number): string {
  return value.toFixed(1)
}

function escape (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
