/**
 * A seeded PRNG (mulberry32) in [0, 1): everything that must replay from a seed draws from
 * it (the simulators, the benchmarks' choice of users and nodes).
 */
export function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `seededRandom` with the draws a simulator needs: the group simulator's only source of randomness. */
export class Prng {
  readonly #random: () => number

  constructor (seed: number) {
    this.#random = seededRandom(seed)
  }

  /** uniform in [0, 1) */
  next (): number {
    return this.#random()
  }

  /** integer in [min, max] */
  int (min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance (p: number): boolean {
    return this.next() < p
  }

  pick<T> (items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  shuffle<T> (items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
}
