import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NodeMetrics } from '../../src/app/index.js'

describe('NodeMetrics (the registry behind GET /metrics)', () => {
  it('writes counters, histograms and gauges in the text format, one registry per node', async () => {
    const a = new NodeMetrics()
    const b = new NodeMetrics()
    const sent = a.counter({ name: 'parley_test_sent_total', help: 'sent', labelNames: ['path'] })
    sent.inc({ path: 'direct' })
    sent.inc({ path: 'direct' }, 2)
    // the same name again (a service built twice on one node) is the same counter, not a throw
    a.counter({ name: 'parley_test_sent_total', help: 'sent', labelNames: ['path'] }).inc({ path: 'mailbox' })
    a.counter({ name: 'parley_test_plain_total', help: 'plain' }).inc(undefined, 5)
    a.histogram({ name: 'parley_test_seconds', help: 'time', labelNames: ['outcome'], buckets: [0.1, 1] }).observe({ outcome: 'ok' }, 0.5)
    let held = 7
    a.gauge({ name: 'parley_test_held', help: 'held', collect: () => held })
    b.counter({ name: 'parley_test_sent_total', help: 'sent', labelNames: ['path'] })
    const text = await a.text()
    assert.match(text, /^parley_test_sent_total\{path="direct"\} 3$/m)
    assert.match(text, /^parley_test_sent_total\{path="mailbox"\} 1$/m)
    assert.match(text, /^parley_test_plain_total 5$/m)
    assert.match(text, /^parley_test_seconds_bucket\{le="0.1",outcome="ok"\} 0$/m)
    assert.match(text, /^parley_test_seconds_bucket\{le="1",outcome="ok"\} 1$/m)
    assert.match(text, /^parley_test_held 7$/m)
    held = 8
    assert.match(await a.text(), /^parley_test_held 8$/m)
    assert.doesNotMatch(await b.text(), /path="direct"/)
    assert.match(a.contentType, /^text\/plain; version=0\.0\.4/)
  })

  it('a gauge whose source fails (a database closed while the node stops) leaves the scrape whole', async () => {
    const m = new NodeMetrics()
    m.counter({ name: 'parley_test_ok_total', help: 'ok' }).inc()
    m.gauge({ name: 'parley_test_broken', help: 'broken', collect: () => { throw new Error('database is not open') } })
    const text = await m.text()
    assert.match(text, /^parley_test_ok_total 1$/m)
    // prom-client writes "Nan"; Prometheus reads NaN in any case
    assert.match(text, /^parley_test_broken nan$/im)
  })
})
