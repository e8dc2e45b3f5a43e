import type { Transport, Upgrader } from '@libp2p/interface'

/**
 * Wraps a transport so that `wrap` sees every raw connection (the multiaddr connection,
 * before Noise and Yamux) it makes or accepts, and may change how it writes.
 */
export function mapConnections<C> (factory: (components: C) => Transport, wrap: (maConn: any) => any): (components: C) => Transport {
  return (components) => {
    const inner = factory(components)
    const wrapUpgrader = (upgrader: Upgrader): Upgrader => new Proxy(upgrader, {
      get (target: any, prop) {
        if (prop === 'upgradeOutbound' || prop === 'upgradeInbound') return async (maConn: any, opts: any) => target[prop](wrap(maConn), opts)
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

/**
 * Test and benchmark aid: wraps a transport so that every connection it makes or accepts
 * delays its writes by `delayMs` (in order), as a slow link would. There is no tc netem
 * on the machines the tests run on, so the extra latency is injected here.
 */
export function withWriteDelay<C> (factory: (components: C) => Transport, delayMs: number): (components: C) => Transport {
  return mapConnections(factory, (maConn) => {
    const send = maConn.send.bind(maConn)
    maConn.send = (data: unknown) => {
      setTimeout(() => { try { send(data) } catch {} }, delayMs)
      return true
    }
    return maConn
  })
}

/**
 * Wraps the TCP transport so that each chunk list a connection sends leaves in one system
 * call. @libp2p/tcp writes a list's buffers one `socket.write` each, and Noise hands it
 * every frame as two (its 2-byte length, then the ciphertext): two `write`s per frame, and
 * with TCP_NODELAY two segments, so the peer wakes to read the 2 bytes alone. Corking the
 * socket around the list makes Node send it as one `writev` (bench path: a DM's crate,
 * acknowledgement and Yamux window updates are 4 frames each way).
 */
export function withCorkedWrites<C> (factory: (components: C) => Transport): (components: C) => Transport {
  return mapConnections(factory, (maConn) => {
    const socket = maConn.socket
    if (typeof socket?.cork !== 'function' || typeof maConn.sendData !== 'function') return maConn
    const sendData = maConn.sendData.bind(maConn)
    maConn.sendData = (data: unknown) => {
      socket.cork()
      try {
        return sendData(data)
      } finally {
        socket.uncork()
      }
    }
    return maConn
  })
}
