/** A token bucket per remote peer: `burst` tokens, refilled at `perSecond`. Time is injected. */
export class PeerRateLimit {
  readonly #burst: number
  readonly #perSecond: number
  readonly #buckets = new Map<string, { tokens: number, at: number }>()

  constructor (limit: { burst: number, perSecond: number }) {
    this.#burst = limit.burst
    this.#perSecond = limit.perSecond
  }

  /** Takes `cost` tokens for `peer` at time `now` (ms); false when the bucket is short. */
  take (peer: string, cost: number, now: number): boolean {
    const bucket = this.#buckets.get(peer) ?? { tokens: this.#burst, at: now }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perSecond / 1000)
    bucket.at = now
    this.#buckets.set(peer, bucket)
    if (this.#buckets.size > 10_000) this.#forgetFull(now)
    if (bucket.tokens < cost) return false
    bucket.tokens -= cost
    return true
  }

  #forgetFull (now: number): void {
    for (const [peer, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perSecond / 1000 >= this.#burst) this.#buckets.delete(peer)
    }
  }
}
