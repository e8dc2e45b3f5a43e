import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startProcessNetwork, stopNodeProcess } from '../support/processes.js'
import type { ProcessMember, ProcessNetwork } from '../support/processes.js'
import { callHttp, waitFor } from '../support/nodes.js'
import { runCli } from '../support/processes.js'
import { requestApi } from '../../src/cli/http.js'

/** One sample of the Prometheus text format: `name{label="value",...} 12.5`. */
interface Sample { name: string, labels: Record<string, string>, value: number }

/** Parses the text exposition format (version 0.0.4): comments skipped, one sample per line. */
function parseMetrics (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line)
    assert.ok(match != null, `not a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value
    samples.push({ name: match[1], labels, value: Number(match[3]) })
  }
  return samples
}

/** The sum of the samples named `name` whose labels include `labels`. */
function total (samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0)
}

async function scrape (m: ProcessMember): Promise<Sample[]> {
  const answer = await requestApi(m.api, 'GET', '/metrics')
  assert.equal(answer.status, 200, answer.text)
  return parseMetrics(answer.text)
}

describe('GET /metrics of a real node (parley node processes)', () => {
  let net: ProcessNetwork
  let alice: ProcessMember, bob: ProcessMember, carol: ProcessMember
  const call = async (m: ProcessMember, method: string, path: string, body?: unknown): Promise<any> => {
    const answer = await callHttp(m.api, method, path, body, m.token)
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  before(async () => {
    net = await startProcessNetwork(['alice', 'bob', 'carol'], { password: (u) => `${u}-password-1`, prefix: 'parley-metrics-' })
    ;[alice, bob, carol] = net.members
  })
  after(async () => { await net?.remove() })

  it('answers the Prometheus text format without a token, only to its own host names', async () => {
    const answer = await fetch(`http://${alice.api}/metrics`)
    assert.equal(answer.status, 200)
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const samples = parseMetrics(await answer.text())
    // libp2p's (@libp2p/prometheus-metrics), the process's, and Parley's own
    assert.ok(samples.some((s) => s.name === 'libp2p_data_transfer_bytes_total'), 'libp2p data transfer')
    assert.ok(samples.some((s) => s.name.startsWith('libp2p_kad_dht')), 'kad-dht metrics')
    assert.ok(samples.some((s) => s.name === 'process_cpu_user_seconds_total'), 'process metrics')
    assert.ok(samples.some((s) => s.name === 'parley_mailbox_crates_held'), 'crates held')
    assert.ok(samples.some((s) => s.name === 'parley_dht_lookup_seconds_count'), 'lookup histogram')
    // a page whose name resolves to 127.0.0.1 (DNS rebinding) is not answered
    const rebound = await requestApi(alice.api, 'GET', '/metrics', { headers: { host: `evil.example:${alice.api.split(':')[1]}` } })
    assert.equal(rebound.status, 403)
    // and from the command line
    const cli = await runCli(['metrics', '--api', alice.api])
    assert.equal(cli.code, 0, cli.stderr)
    assert.ok(parseMetrics(cli.stdout).some((s) => s.name === 'parley_mailbox_crates_held'), cli.stdout.slice(0, 200))
  })

  it('counts a DM (direct and to the mailbox), a post, a follow\'s sync and a group message as they happen', async () => {
    const a0 = await scrape(alice)
    const b0 = await scrape(bob)

    // a DM to bob, online: delivered on a direct connection
    const dm = await call(alice, 'POST', '/api/messages', { to: ['bob'], text: 'hello bob' })
    assert.equal(dm.recipients.bob.status, 'delivered')
    // bob follows alice (a sync of her feed), then alice posts: gossiped to bob
    await call(bob, 'POST', '/api/follow', { username: 'alice' })
    await call(alice, 'POST', '/api/posts', { text: 'hello followers' })
    // a group of alice and bob, started, one message committed
    const group = await call(alice, 'POST', '/api/groups', { name: 'metrics', members: ['bob'] })
    await waitFor(async () => (await callHttp(bob.api, 'GET', `/api/groups/${group.id}`, undefined, bob.token)).status === 200, 30_000, 'bob to have the invitation')
    await call(alice, 'POST', `/api/groups/${group.id}/start`)
    await waitFor(async () => (await call(alice, 'POST', `/api/groups/${group.id}/messages`, { text: 'hello group' })).status === 'committed', 30_000, 'a committed group message')
    // carol goes offline: a DM to her is held by the mailbox holders
    await stopNodeProcess(carol.node!)
    carol.node = null
    const held = await call(alice, 'POST', '/api/messages', { to: ['carol'], text: 'while you were away' })
    assert.equal(held.recipients.carol.status, 'stored', JSON.stringify(held))

    const a1 = await scrape(alice)
    const dmDirect = { path: 'direct', state: 'delivered' }
    assert.equal(total(a1, 'parley_dm_sent_total', dmDirect) - total(a0, 'parley_dm_sent_total', dmDirect), 1, 'direct DM')
    const dmStored = { path: 'mailbox', state: 'stored' }
    assert.equal(total(a1, 'parley_dm_sent_total', dmStored) - total(a0, 'parley_dm_sent_total', dmStored), 1, 'mailbox DM')
    assert.ok(total(a1, 'parley_feed_gossip_published_total', { outcome: 'ok' }) > total(a0, 'parley_feed_gossip_published_total', { outcome: 'ok' }), 'post gossiped')
    assert.ok(total(a1, 'parley_group_entries_committed_total') > total(a0, 'parley_group_entries_committed_total'), 'group commit')
    assert.ok(total(a1, 'parley_dht_lookup_seconds_count') > total(a0, 'parley_dht_lookup_seconds_count'), 'DHT lookups timed')
    assert.ok(total(a1, 'parley_dht_lookup_seconds_bucket', { le: '+Inf' }) === total(a1, 'parley_dht_lookup_seconds_count'), 'histogram buckets')

    // bob: the DM received, alice's feed synced at the follow, her post by gossip (or a sync), the group's commits
    await waitFor(async () => {
      const b = await scrape(bob)
      return total(b, 'parley_feed_gossip_received_total') + total(b, 'parley_feed_sync_seconds_count') > total(b0, 'parley_feed_gossip_received_total') + total(b0, 'parley_feed_sync_seconds_count') + 1 &&
        total(b, 'parley_group_entries_committed_total') > total(b0, 'parley_group_entries_committed_total')
    }, 30_000, "bob's feed and group counters")
    const b1 = await scrape(bob)
    assert.equal(total(b1, 'parley_dm_received_total') - total(b0, 'parley_dm_received_total'), 1, 'DM received')
    assert.ok(total(b1, 'parley_feed_sync_seconds_count') > total(b0, 'parley_feed_sync_seconds_count'), 'a feed sync timed')
    // the group's first host, alice or bob, won an election: a failover would count there too
    assert.equal(total(a1, 'parley_group_role_changes_total', { role: 'host' }) + total(b1, 'parley_group_role_changes_total', { role: 'host' }), 1, 'a host elected')
    // the crate for carol is held by alice or bob (the mailbox holders among the two left)
    assert.ok(total(a1, 'parley_mailbox_crates_held') + total(b1, 'parley_mailbox_crates_held') >= 1, 'crates held')
  })

  it('answers 404 on paths that are neither the API, the UI\'s routes nor its files', async () => {
    for (const path of ['/healthz', '/metrics/x', '/wp-admin', '/users', '/groups/a/b']) {
      const answer = await requestApi(alice.api, 'GET', path)
      assert.equal(answer.status, 404, path)
      assert.equal(JSON.parse(answer.text).error.code, 'not_found', path)
    }
  })
})
