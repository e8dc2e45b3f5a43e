/**
 * Parley between people behind home routers (issue 17): the NAT lab of test/net/nat.test.ts
 * (network namespaces, nftables routers doing port-preserving, random and full-cone NAT,
 * two public bootstrap/relay nodes, `parley node` processes). For every ordered pair of
 * the five users: the path of the first DM (direct, relayed, mailbox), the time until the
 * sender sees it delivered, and whether the two ended up directly connected (hole punched)
 * after 10 s. Needs root, `ip` and `nft`.
 */
import { loadavg } from 'node:os'
import { canBuildLab } from '../../test/support/nat-lab.js'
import { formatPairTable, measurePairs, observeConnections, startNatNetwork } from '../../test/support/nat-network.js'
import { percentile, round } from '../stats.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'

const DELIVERY_TIMEOUT_MS = 5_000
const PUNCH_WAIT_MS = 10_000

async function run (progress: Progress): Promise<ScenarioResult> {
  if (!canBuildLab()) throw new Error('the NAT bench needs root, `ip` and `nft` (Debian: iproute2, nftables)')
  progress(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const net = await startNatNetwork(progress)
  try {
    const results = await measurePairs(net.users, DELIVERY_TIMEOUT_MS)
    progress(`waiting ${PUNCH_WAIT_MS / 1000} s for hole punching`)
    await new Promise((resolve) => setTimeout(resolve, PUNCH_WAIT_MS))
    await observeConnections(net.users, results)
    const natOf = (name: string): string => net.byName.get(name)!.nat
    progress('\n' + formatPairTable(results, natOf))
    const delivered = results.filter((r) => !Number.isNaN(r.deliveredMs))
    const byPath = (path: string): number[] => delivered.filter((r) => r.path === path).map((r) => r.deliveredMs)
    const p50 = (samples: number[]): number | null => samples.length === 0 ? null : round(percentile(samples, 50))
    // a pair where one side can be dialled may end up direct by an ordinary dial; hole
    // punching is what joins two users that nobody can dial in to
    const hidden = (name: string): boolean => ['port-preserving', 'random'].includes(natOf(name))
    const hiddenPairs = results.filter((r) => hidden(r.from) && hidden(r.to))
    const punched = hiddenPairs.filter((r) => r.connection === 'direct').length
    return {
      summary: [
        { metric: 'pairs delivered within 5 s', value: delivered.length, unit: `of ${results.length}`, target: { atLeast: results.length } },
        { metric: 'pairs via mailbox', value: results.filter((r) => r.path === 'mailbox').length, unit: '', target: { atMost: 0 } },
        { metric: 'direct: delivered p50', value: p50(byPath('direct')), unit: 'ms', note: `${byPath('direct').length} pairs` },
        { metric: 'relayed: delivered p50', value: p50(byPath('relayed')), unit: 'ms', note: `${byPath('relayed').length} pairs` },
        { metric: 'pairs behind NATs hole-punched after 10 s', value: punched, unit: `of ${hiddenPairs.length}`, note: 'DCUtR over TCP' },
        { metric: 'load average (1 min) after', value: round(loadavg()[0]), unit: '' }
      ],
      series: { pairs: results.map((r) => ({ ...r, fromNat: natOf(r.from), toNat: natOf(r.to) })) },
      plots: [{
        kind: 'bars',
        title: 'Time to the first delivered DM, per ordered pair of users',
        y: { label: 'delivered after', unit: 'ms' },
        groups: results.map((r) => `${r.from}→${r.to}`),
        series: [
          { name: 'direct', values: results.map((r) => r.path === 'direct' ? r.deliveredMs : 0) },
          { name: 'relayed', values: results.map((r) => r.path === 'relayed' ? r.deliveredMs : 0) }
        ]
      }]
    }
  } finally {
    await net.remove()
  }
}

export const scenario: Scenario = {
  name: 'nat',
  description: 'DMs between five users behind four kinds of NAT in network namespaces: path and time per pair',
  run
}
