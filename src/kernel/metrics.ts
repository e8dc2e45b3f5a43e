/**
 * Metrics, injected like the logger: a service asks its `metrics` component for the
 * counters, histograms and gauges it updates where the events happen. The node gives
 * every service one registry (Prometheus text at GET /metrics, src/app/metrics.ts); a
 * service built without one gets `noopMetrics`, so unit tests pass nothing.
 */

/** Label values by label name; every label a metric declares should be set. */
export type MetricLabels = Record<string, string>

export interface MetricInit {
  /** the Prometheus name: `parley_<capability>_<what>_<unit>`, counters ending in `_total` */
  name: string
  help: string
  /** the labels each observation carries (default none) */
  labelNames?: string[]
}

export interface CounterMetric {
  inc: (labels?: MetricLabels, value?: number) => void
}

export interface HistogramMetric {
  observe: (labels: MetricLabels | undefined, value: number) => void
  /** starts timing; the function it returns observes the seconds since, with the labels given then */
  startTimer: (labels?: MetricLabels) => (labels?: MetricLabels) => void
}

export interface Metrics {
  counter: (init: MetricInit) => CounterMetric
  /** `buckets`: upper bounds (default: prom-client's, 5 ms to 10 s) */
  histogram: (init: MetricInit & { buckets?: number[] }) => HistogramMetric
  /** a value read when the metrics are scraped (a count in the database, a queue's length) */
  gauge: (init: MetricInit & { collect: () => number }) => void
}

const noopCounter: CounterMetric = { inc: () => {} }
const noopHistogram: HistogramMetric = { observe: () => {}, startTimer: () => () => {} }

/** Metrics that go nowhere: the default of every service. */
export const noopMetrics: Metrics = {
  counter: () => noopCounter,
  histogram: () => noopHistogram,
  gauge: () => {}
}
