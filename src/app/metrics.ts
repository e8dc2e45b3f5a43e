import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { CounterMetric, HistogramMetric, MetricInit, MetricLabels, Metrics } from '../kernel/index.js'
import type { Libp2pOptions } from 'libp2p'

/**
 * One node's metrics: one prom-client registry holding libp2p's metrics
 * (@libp2p/prometheus-metrics: connections, streams and bytes by protocol, dials, kad-dht,
 * gossipsub, and the process's CPU, memory and event loop) and Parley's own, which the
 * services register through their `metrics` component. GET /metrics answers `text()`.
 *
 * @libp2p/prometheus-metrics keeps one map of metrics by name for the whole process and,
 * by default, empties it whenever a node is created; a node that registered a metric
 * before another node was created and registers it again after (a lazy registration)
 * would then register the name twice in its registry, which prom-client refuses with a
 * throw. So the map is kept (`preserveExistingMetrics`): with several nodes in one process
 * (tests, benchmarks) each libp2p metric lives in the registry of the first node that
 * registered it. Parley's own metrics are per node whatever runs beside them, and
 * `parley node` runs one node per process.
 */
export class NodeMetrics implements Metrics {
  readonly registry = new Registry()

  /** libp2p's `metrics` option, on this registry */
  libp2p (): NonNullable<Libp2pOptions['metrics']> {
    return prometheusMetrics({ registry: this.registry, preserveExistingMetrics: true }) as NonNullable<Libp2pOptions['metrics']>
  }

  counter (init: MetricInit): CounterMetric {
    const counter = this.#existing<Counter>(init.name) ?? new Counter({ name: init.name, help: init.help, labelNames: init.labelNames ?? [], registers: [this.registry] })
    return {
      inc: (labels, value = 1) => { if (labels == null) counter.inc(value); else counter.inc(labels, value) }
    }
  }

  histogram (init: MetricInit & { buckets?: number[] }): HistogramMetric {
    const histogram = this.#existing<Histogram>(init.name) ??
      new Histogram({ name: init.name, help: init.help, labelNames: init.labelNames ?? [], ...(init.buckets != null ? { buckets: init.buckets } : {}), registers: [this.registry] })
    return {
      observe: (labels, value) => { if (labels == null) histogram.observe(value); else histogram.observe(labels, value) },
      startTimer: (labels?: MetricLabels) => histogram.startTimer(labels)
    }
  }

  gauge (init: MetricInit & { collect: () => number }): void {
    if (this.#existing(init.name) != null) return
    const read = init.collect
    // eslint-disable-next-line no-new
    new Gauge({
      name: init.name,
      help: init.help,
      registers: [this.registry],
      collect () {
        // a scrape while the node stops (its database closed) reports NaN (unknown) rather than failing whole
        try { this.set(read()) } catch { this.set(Number.NaN) }
      }
    })
  }

  /** the Prometheus text exposition format (version 0.0.4) */
  get contentType (): string {
    return this.registry.contentType
  }

  async text (): Promise<string> {
    return this.registry.metrics()
  }

  #existing<T> (name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined
  }
}
