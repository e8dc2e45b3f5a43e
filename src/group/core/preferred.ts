/**
 * Host choice by latency centrality: each member reports its round-trip times to the
 * others; members are ranked by their mean RTT to all others (lower first), ties by id.
 * A pair measured from both ends counts both samples; a missing measurement counts as
 * `missingRttMs`, so a member nobody could reach ends last.
 */
export type LatencyMaps = Record<string, Record<string, number>>

export function rankPreferredHosts (members: readonly string[], maps: LatencyMaps, missingRttMs = 10_000): string[] {
  const mean = new Map<string, number>()
  for (const m of members) {
    let sum = 0
    let count = 0
    for (const other of members) {
      if (other === m) continue
      for (const rtt of [maps[m]?.[other], maps[other]?.[m]]) {
        sum += rtt != null && Number.isFinite(rtt) && rtt >= 0 ? rtt : missingRttMs
        count++
      }
    }
    mean.set(m, count === 0 ? 0 : sum / count)
  }
  return [...members].sort((a, b) => (mean.get(a)! - mean.get(b)!) || (a < b ? -1 : a > b ? 1 : 0))
}
