/**
 * The client's side of `npm run bench path`: requests to a node's HTTP API over one
 * keep-alive connection (as a browser or app would hold it), and the receiver's events
 * WebSocket, where the arrival of each benchmark text is stamped.
 */
import { Agent, request } from 'node:http'
import { WebSocket } from 'ws'

/** One keep-alive connection per API, as a client keeps it. */
export class ApiClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 })

  constructor (readonly api: string, public token = '') {}

  async call (method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> {
    const [host, port] = [this.api.slice(0, this.api.lastIndexOf(':')), Number(this.api.slice(this.api.lastIndexOf(':') + 1))]
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = { host: this.api }
    if (payload !== undefined) headers['content-type'] = 'application/json'
    if (this.token !== '') headers.authorization = `Bearer ${this.token}`
    return await new Promise((resolve, reject) => {
      const req = request({ method, path, host, port, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => { chunks.push(chunk) })
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) })
        })
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(payload)
    })
  }

  /** `call`, failing on any status but the expected ones. */
  async expect (method: string, path: string, body: unknown, ok: number[] = [200, 201, 204]): Promise<any> {
    const answer = await this.call(method, path, body)
    if (!ok.includes(answer.status)) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  close (): void {
    this.#agent.destroy()
  }
}

/** The text an event carries: a message's, a post's or a group message's. */
function textOf (event: any): string | undefined {
  const data = event?.data
  return data?.text ?? data?.message?.text
}

/**
 * The receiver's /api/events WebSocket: the first time each text is seen, stamped with
 * performance.now() in this process (the clock the sends are timed with).
 */
export class EventWatcher {
  readonly seen = new Map<string, number>()
  readonly #waiters = new Map<string, () => void>()

  private constructor (readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const at = performance.now()
      const text = textOf(JSON.parse(raw.toString()))
      if (text == null || this.seen.has(text)) return
      this.seen.set(text, at)
      this.#waiters.get(text)?.()
    })
  }

  static async open (api: string, token: string): Promise<EventWatcher> {
    const socket = new WebSocket(`ws://${api}/api/events?token=${encodeURIComponent(token)}`, { headers: { host: api } })
    await new Promise<void>((resolve, reject) => { socket.once('open', () => { resolve() }); socket.once('error', reject) })
    return new EventWatcher(socket)
  }

  /** Resolves with the arrival time of `text`, or rejects after `timeoutMs`. */
  async arrival (text: string, timeoutMs = 30_000): Promise<number> {
    const at = this.seen.get(text)
    if (at != null) return at
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => { this.#waiters.delete(text); reject(new Error(`"${text.slice(0, 30)}…" not seen at the receiver in ${timeoutMs} ms`)) }, timeoutMs)
      this.#waiters.set(text, () => { clearTimeout(timer); this.#waiters.delete(text); resolve(this.seen.get(text)!) })
    })
  }

  close (): void {
    this.socket.close()
  }
}
