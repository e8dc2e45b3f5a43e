/**
 * A record flood from one peer (issue 19, defect 7): valid name claims, each for a new
 * name, put straight at one target with PUT_VALUE, some in flight at once. Used by the DHT
 * flood test and the chaos suite.
 */
import { createUserKeys, nameKey, signRecord } from '../../src/identity/index.js'
import { putRecordTo } from '../../src/net/index.js'
import type { Libp2p, PeerId } from '@libp2p/interface'

/** Runs `work` for 0..n-1, `inFlight` at a time; resolves to how many returned true. */
export async function runInFlight (n: number, inFlight: number, work: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0
  let ok = 0
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) if (await work(next++)) ok++
  }))
  return ok
}

export interface NameClaimFlooder {
  /** puts one claim for `username` at `to`; resolves to whether the target took it */
  put: (to: PeerId, username: string) => Promise<boolean>
  /** puts `count` claims (`<prefix>_0`, ...) at `to`, `inFlight` at a time (default 16); resolves to how many were taken */
  flood: (to: PeerId, count: number, prefix?: string, inFlight?: number) => Promise<number>
}

/** Name claims signed by one made-up user, sent from `from`. */
export function nameClaimFlooder (from: Libp2p): NameClaimFlooder {
  const mallory = createUserKeys()
  const claim = (username: string): Uint8Array => signRecord('name-claim', { username, userKey: mallory.userKey, createdAt: BigInt(Date.now()) }, mallory.signingSecret)
  const put = async (to: PeerId, username: string): Promise<boolean> =>
    putRecordTo(from, to, nameKey(username), claim(username), AbortSignal.timeout(10_000)).catch(() => false)
  return {
    put,
    flood: async (to, count, prefix = 'flood', inFlight = 16) => runInFlight(count, inFlight, async (i) => put(to, `${prefix}_${i}`))
  }
}
