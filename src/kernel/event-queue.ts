/**
 * A min-heap of timed events; equal times keep insertion order, so runs are deterministic.
 * The virtual clock keeps its timers in one, and the simulators their events.
 */
export class EventQueue<T> {
  readonly #heap: Array<{ at: number, seq: number, item: T }> = []
  #seq = 0

  get size (): number {
    return this.#heap.length
  }

  /** the earliest event, without taking it */
  peek (): { at: number, item: T } | undefined {
    return this.#heap[0]
  }

  push (at: number, item: T): void {
    const heap = this.#heap
    heap.push({ at, seq: this.#seq++, item })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#less(i, parent)) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  pop (): { at: number, item: T } | undefined {
    const heap = this.#heap
    if (heap.length === 0) return undefined
    const top = heap[0]
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let smallest = i
        if (l < heap.length && this.#less(l, smallest)) smallest = l
        if (r < heap.length && this.#less(r, smallest)) smallest = r
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest], heap[i]]
        i = smallest
      }
    }
    return { at: top.at, item: top.item }
  }

  #less (a: number, b: number): boolean {
    const x = this.#heap[a]
    const y = this.#heap[b]
    return x.at < y.at || (x.at === y.at && x.seq < y.seq)
  }
}
