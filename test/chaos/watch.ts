/**
 * What the chaos suite counts for a scenario besides the data: the node processes that
 * exited unasked (crashes) and their peak resident memory (VmHWM from /proc/<pid>/status,
 * read every `everyMs` while they run, since a process's figure is gone once it exits).
 */
import { memoryOf } from '../support/processes.js'
import type { NodeProcess } from '../support/processes.js'

export class ProcessWatch {
  #peak = 0
  readonly #running = new Set<NodeProcess>()
  readonly #asked = new Set<NodeProcess>()
  readonly #crashed: string[] = []
  readonly #timer: NodeJS.Timeout

  /** `everyMs`: how often VmHWM is read (default 250 ms) */
  constructor (everyMs = 250) {
    this.#timer = setInterval(() => { void this.sample() }, everyMs)
  }

  /** Watches a node process from now until it exits. */
  add (node: NodeProcess, name: string): NodeProcess {
    this.#running.add(node)
    void this.sample()
    void node.exited.then((how) => {
      this.#running.delete(node)
      if (!this.#asked.has(node)) this.#crashed.push(`${name} (${how}): ${node.output.join('').split('\n').filter((line) => line.length < 300).slice(-5).join(' | ')}`)
    })
    return node
  }

  /** Says that this process is about to be stopped on purpose: its exit is no crash. */
  expectExit (node: NodeProcess | null): void {
    if (node != null) this.#asked.add(node)
  }

  async sample (): Promise<void> {
    await Promise.all([...this.#running].map(async (node) => {
      const hwm = await memoryOf(node.child.pid!, 'VmHWM').catch(() => 0)
      this.#peak = Math.max(this.#peak, hwm)
    }))
  }

  /** The highest VmHWM of any watched process, in bytes. */
  get peakRss (): number {
    return this.#peak
  }

  /** What each process that exited unasked last said. */
  get crashes (): string[] {
    return [...this.#crashed]
  }

  /** Takes a last sample and stops sampling; every process still running is expected to be stopped now. */
  async close (): Promise<void> {
    await this.sample()
    clearInterval(this.#timer)
    for (const node of this.#running) this.#asked.add(node)
  }
}
