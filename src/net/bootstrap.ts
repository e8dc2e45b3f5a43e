import { multiaddr } from '@multiformats/multiaddr'
import { BOOTSTRAP_DIAL_TIMEOUT_MS } from './constants.js'
import type { Libp2p } from '@libp2p/interface'

export interface BootstrapResult {
  reached: string[]
  unreachable: Array<{ addr: string, error: string }>
}

/** Dials every bootstrap address at once; a node that reaches none still runs. */
export async function dialBootstrap (node: Pick<Libp2p, 'dial'>, addrs: string[], signal?: AbortSignal): Promise<BootstrapResult> {
  const result: BootstrapResult = { reached: [], unreachable: [] }
  await Promise.all(addrs.map(async (addr) => {
    try {
      const timeout = AbortSignal.timeout(BOOTSTRAP_DIAL_TIMEOUT_MS)
      await node.dial(multiaddr(addr), { signal: signal == null ? timeout : AbortSignal.any([signal, timeout]) })
      result.reached.push(addr)
    } catch (err: any) {
      result.unreachable.push({ addr, error: err.message ?? String(err) })
    }
  }))
  return result
}
