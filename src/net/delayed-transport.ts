import type { Transport, Upgrader } from '@libp2p/interface'

/**
 * Test and benchmark aid: wraps a transport so that every connection it makes or accepts
 * delays its writes by `delayMs` (in order), as a slow link would. There is no tc netem
 * on the machines the tests run on, so the extra latency is injected here.
 */
export function withWriteDelay<C> (factory: (components: C) => Transport, delayMs: number): (components: C) => Transport {
  return (components) => {
    const inner = factory(components)
    const delayed = (maConn: any): any => {
      const send = maConn.send.bind(maConn)
      maConn.send = (data: unknown) => {
        setTimeout(() => { try { send(data) } catch {} }, delayMs)
        return true
      }
      return maConn
    }
    const wrapUpgrader = (upgrader: Upgrader): Upgrader => new Proxy(upgrader, {
      get (target: any, prop) {
        if (prop === 'upgradeOutbound' || prop === 'upgradeInbound') return async (maConn: any, opts: any) => target[prop](delayed(maConn), opts)
        const value = target[prop]
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    return new Proxy(inner, {
      get (target: any, prop) {
        if (prop === 'dial') return async (ma: any, opts: any) => target.dial(ma, { ...opts, upgrader: wrapUpgrader(opts.upgrader) })
        if (prop === 'createListener') return (opts: any) => target.createListener({ ...opts, upgrader: wrapUpgrader(opts.upgrader) })
        const value = target[prop]
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
  }
}
