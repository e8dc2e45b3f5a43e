/**
 * What a post's answer waits for (issue 21, item 2): 100 posts back to back through
 * POST /api/posts, each awaited, on an author with one follower in a network of in-process
 * nodes over TCP. Side by side in one run: the answer as it is now (the post in the local
 * log, gossip and the remote-log publication in the background), and the answer as it was
 * (each post also waited for the remote-log publication naming it, emulated by awaiting
 * `publicationSettled` after each answer). Prints the load average with each figure.
 */
import { cpus, loadavg } from 'node:os'
import { get, post, registerUser, startTestNetwork, waitFor } from '../../test/support/nodes.js'
import { round } from '../stats.js'
import type { TestNode } from '../../test/support/nodes.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'

const NODES = 6
const POSTS = 100

function load (): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

const scenario: Scenario = {
  name: 'post',
  description: `${POSTS} posts back to back through the API: answering from the local log vs waiting for the remote log`,
  async run (progress: Progress): Promise<ScenarioResult> {
    const nodes = await startTestNetwork(NODES)
    try {
      const author = await registerUser(nodes[1], 'poster')
      const follower = await registerUser(nodes[2], 'reader')
      await post(nodes[2], '/api/follow', { username: 'poster' }, follower)
      await waitFor(async () => (await get(nodes[1], '/api/followers', author)).length === 1, 30_000, 'the follow to reach the author')

      const run = async (label: string, waitForRemoteLog: boolean): Promise<{ totalMs: number, publishedMs: number, load: string }> => {
        const started = performance.now()
        for (let i = 0; i < POSTS; i++) {
          await post(nodes[1], '/api/posts', { text: `${label} ${i}` }, author)
          if (waitForRemoteLog) await nodes[1].parley.feed.publicationSettled()
        }
        const totalMs = performance.now() - started
        await nodes[1].parley.feed.publicationSettled()
        const publishedMs = performance.now() - started
        await waitForFollower(nodes[2], follower, `${label} ${POSTS - 1}`)
        const measured = { totalMs, publishedMs, load: load() }
        progress(`${label}: ${POSTS} posts answered in ${totalMs.toFixed(0)} ms, remote log naming all in ${publishedMs.toFixed(0)} ms (${measured.load})`)
        return measured
      }
      const before = await run('waiting', true)
      const after = await run('answering', false)
      return {
        summary: [
          { metric: `${POSTS} posts back to back, each answer waiting for the remote log (main before this change)`, value: round(before.totalMs / 1000, 2), unit: 's', note: before.load },
          { metric: `${POSTS} posts back to back, answered from the local log`, value: round(after.totalMs / 1000, 2), unit: 's', note: after.load },
          { metric: 'speed-up of the back-to-back run', value: round(before.totalMs / after.totalMs, 1), unit: '×' },
          { metric: `answered from the local log: until the remote log names all ${POSTS}`, value: round(after.publishedMs / 1000, 2), unit: 's', note: 'coalesced publications in the background' }
        ],
        series: { before, after },
        plots: []
      }
    } finally {
      await Promise.all(nodes.map(async (node: TestNode) => node.stop()))
    }
  }
}

async function waitForFollower (node: TestNode, token: string, text: string): Promise<void> {
  await waitFor(async () => (await get(node, '/api/timeline?limit=5', token)).posts.some((p: any) => p.text === text), 60_000, `"${text}" at the follower`)
}

export default scenario
