/**
 * A small internet in network namespaces, for tests that need real NAT (issue 17): an
 * "internet" namespace holding one bridge, public hosts on it, and home networks each
 * behind a router namespace that does NAT with nftables. Needs root, `ip` and `nft`.
 *
 * Each host on the internet segment gets an address of its own /8 (21.0.0.1, 22.0.0.1, ...,
 * routed on-link over one bridge): libp2p treats every documentation and private range as
 * private, a node must see its public address as public, and AutoNAT wants confirmations
 * from peers in different /8s for an observed address. The namespaces have no link to the
 * machine's own network: nothing here can reach, or be reached from, anything outside the
 * namespaces the lab creates.
 */
import { execFileSync } from 'node:child_process'

/** How a home router maps its LAN's outgoing connections (RFC 4787 terms). */
export type NatKind =
  /** port-preserving masquerade: endpoint-independent mapping, address-and-port-dependent filtering */
  | 'port-preserving'
  /** `masquerade random`: a new random port per connection, like a symmetric NAT */
  | 'random'
  /** masquerade plus a DNAT of one port to the home host: reachable from anyone on that port */
  | 'full-cone'

/** The first octet of the first internet address, less one. */
export const INTERNET_BASE = 20

export interface LabHost {
  /** namespace name */
  ns: string
  /** the host's own address */
  ip: string
  /** the address others see it from: its own, or its router's WAN address */
  publicIp: string
  /** the router namespace, for hosts behind NAT */
  router?: string
  nat?: NatKind
}

function run (command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function ip (...args: string[]): void {
  run('ip', args)
}

function inNs (ns: string, command: string, ...args: string[]): string {
  return run('ip', ['netns', 'exec', ns, command, ...args])
}

/** Loads an nftables ruleset into a namespace. */
function nft (ns: string, ruleset: string): void {
  execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: ruleset, stdio: ['pipe', 'pipe', 'pipe'] })
}

/** Whether this machine can build a lab: root, with `ip` and `nft`. */
export function canBuildLab (): boolean {
  try {
    if (process.getuid?.() !== 0) return false
    run('nft', ['--version'])
    run('ip', ['-V'])
    return true
  } catch {
    return false
  }
}

export class NatLab {
  readonly prefix: string
  readonly hosts = new Map<string, LabHost>()
  readonly #namespaces: string[] = []
  readonly #internet: string
  #next = 1

  /** `prefix` keeps concurrent labs apart (default: from the process id). */
  constructor (prefix = `pl${process.pid % 100000}`) {
    this.prefix = prefix
    this.#internet = this.#namespace('inet')
    ip('-n', this.#internet, 'link', 'add', 'br0', 'type', 'bridge')
    ip('-n', this.#internet, 'link', 'set', 'br0', 'up')
  }

  #namespace (name: string): string {
    const ns = `${this.prefix}-${name}`
    ip('netns', 'add', ns)
    this.#namespaces.push(ns)
    ip('-n', ns, 'link', 'set', 'lo', 'up')
    return ns
  }

  /** Plugs `ifname` of `ns` into the internet bridge with the next internet address. */
  #plugIntoInternet (ns: string, ifname: string): string {
    const index = this.#next++
    const address = `${INTERNET_BASE + index}.0.0.1`
    const outside = `${this.prefix.slice(0, 8)}i${index}`
    ip('link', 'add', outside, 'netns', this.#internet, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns)
    ip('-n', this.#internet, 'link', 'set', outside, 'master', 'br0')
    ip('-n', this.#internet, 'link', 'set', outside, 'up')
    ip('-n', ns, 'addr', 'add', `${address}/32`, 'dev', ifname)
    ip('-n', ns, 'link', 'set', ifname, 'up')
    ip('-n', ns, 'route', 'add', 'default', 'dev', ifname)
    return address
  }

  /** A host with a public address on the internet segment. */
  addPublicHost (name: string): LabHost {
    const ns = this.#namespace(name)
    const address = this.#plugIntoInternet(ns, 'eth0')
    const host = { ns, ip: address, publicIp: address }
    this.hosts.set(name, host)
    return host
  }

  /**
   * A home network: a router namespace on the internet doing `nat`, and one host behind it
   * at 192.168.<n>.2. For 'full-cone', inbound TCP and UDP to `forwardPort` on the router
   * reach the host at the same port.
   */
  addHome (name: string, nat: NatKind, forwardPort = 4001): LabHost {
    const router = this.#namespace(`${name}-r`)
    const ns = this.#namespace(name)
    const wan = this.#plugIntoInternet(router, 'wan0')
    const subnet = this.#next + 100
    ip('link', 'add', 'lan0', 'netns', router, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns)
    ip('-n', router, 'addr', 'add', `192.168.${subnet}.1/24`, 'dev', 'lan0')
    ip('-n', router, 'link', 'set', 'lan0', 'up')
    ip('-n', ns, 'addr', 'add', `192.168.${subnet}.2/24`, 'dev', 'eth0')
    ip('-n', ns, 'link', 'set', 'eth0', 'up')
    ip('-n', ns, 'route', 'add', 'default', 'via', `192.168.${subnet}.1`)
    inNs(router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1')
    const home = `192.168.${subnet}.2`
    const masquerade = nat === 'random' ? 'masquerade random' : 'masquerade'
    const dnat = nat === 'full-cone'
      ? `chain prerouting {\n type nat hook prerouting priority -100;\n iifname "wan0" meta l4proto { tcp, udp } th dport ${forwardPort} dnat to ${home}:${forwardPort}\n }`
      : ''
    // like a home router: the LAN may go out, and only answers (or forwarded ports) come in
    const forwardIn = nat === 'full-cone' ? `iifname "wan0" ip daddr ${home} meta l4proto { tcp, udp } th dport ${forwardPort} accept` : ''
    nft(router, `table ip nat {
  chain postrouting {
    type nat hook postrouting priority 100;
    oifname "wan0" ${masquerade}
  }
  ${dnat}
}
table ip filter {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "lan0" accept
    ${forwardIn}
  }
}
`)
    const host = { ns, ip: home, publicIp: wan, router, nat }
    this.hosts.set(name, host)
    return host
  }

  /** Cuts a router (or public host) off the internet, or plugs it back in. */
  setOnline (name: string, online: boolean): void {
    const host = this.hosts.get(name)
    if (host == null) throw new Error(`no host ${name}`)
    const ns = host.router ?? host.ns
    const ifname = host.router != null ? 'wan0' : 'eth0'
    ip('-n', ns, 'link', 'set', ifname, online ? 'up' : 'down')
    // taking a link down drops the routes through it, and bringing it up does not restore them
    if (online) ip('-n', ns, 'route', 'replace', 'default', 'dev', ifname)
  }

  /** The command line that runs `argv` inside a host's namespace. */
  wrap (name: string, argv: string[]): string[] {
    const host = this.hosts.get(name)
    if (host == null) throw new Error(`no host ${name}`)
    return ['ip', 'netns', 'exec', host.ns, ...argv]
  }

  /** Deletes every namespace (and with them their interfaces and rules). */
  destroy (): void {
    for (const ns of this.#namespaces.reverse()) {
      try { ip('netns', 'del', ns) } catch {}
    }
    this.#namespaces.length = 0
  }
}
