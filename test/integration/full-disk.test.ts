import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { callHttp, tempDir, waitFor } from '../support/nodes.js'
import { runCli, startNodeProcess, stopNodeProcess } from '../support/processes.js'
import type { NodeProcess } from '../support/processes.js'
import { canMountTmpfs, mountTmpfs } from '../support/tmpfs.js'

const PASSWORD = 'full-disk-password'
// the largest post: every acknowledged one adds pages the checkpoint must append to the database file
const TEXT = 'x'.repeat(1_900)

/** Every post in the user's timeline, all pages of it. */
async function timelineIds (node: NodeProcess, token: string): Promise<Set<string>> {
  const ids = new Set<string>()
  let before: string | null = null
  do {
    const page = await callHttp(node.api, 'GET', `/api/timeline?limit=500${before == null ? '' : `&before=${encodeURIComponent(before)}`}`, undefined, token)
    assert.equal(page.status, 200)
    for (const post of page.body.posts) ids.add(post.id)
    before = page.body.next
  } while (before != null)
  return ids
}

describe('a full disk (issue 19, defect 4)', { skip: !canMountTmpfs() && 'needs root to mount a tmpfs' }, () => {
  it('is answered 507 storage_full with the reason, the node keeps running and resumes when space is back; nothing acknowledged is lost', async (t) => {
    const disk = await mountTmpfs(8 * 1024 * 1024)
    const bootData = await tempDir()
    const data = join(disk.path, 'data')
    const boot = await startNodeProcess({ data: bootData })
    let node = await startNodeProcess({ data, bootstrap: [boot.addr] })
    t.after(async () => {
      await stopNodeProcess(node)
      await stopNodeProcess(boot)
      await disk.unmount()
      await rm(bootData, { recursive: true, force: true })
    })
    let token = ''
    await waitFor(async () => {
      const answer = await callHttp(node.api, 'POST', '/api/register', { username: 'alice', password: PASSWORD })
      token = answer.body?.token ?? ''
      return answer.status === 201
    }, 30_000, 'alice to register')

    const acknowledged: string[] = []
    for (let i = 0; i < 20; i++) {
      const answer = await callHttp(node.api, 'POST', '/api/posts', { text: `before ${i} ${TEXT}` }, token)
      assert.equal(answer.status, 201)
      acknowledged.push(answer.body.id)
    }
    disk.fill()
    // the WAL keeps taking writes into space it already has; it refuses once it must grow
    let refused: { status: number, body: any } | undefined
    for (let i = 0; i < 2_000 && refused == null; i++) {
      const answer = await callHttp(node.api, 'POST', '/api/posts', { text: `${i} ${TEXT}` }, token)
      if (answer.status === 201) acknowledged.push(answer.body.id)
      else refused = answer
    }
    assert.ok(refused != null, 'the full disk refused a post')
    assert.equal(refused.status, 507, JSON.stringify(refused.body))
    assert.equal(refused.body.error.code, 'storage_full')
    assert.match(refused.body.error.message, /disk is full/)
    const output = (): string => node.output.join('')
    assert.doesNotMatch(output(), /no transaction is active/)

    // the WAL checkpoint timer (every 10 s) meets the full disk: reported, not fatal
    await waitFor(() => /WAL checkpoint failed.*disk is full/.test(output()) || node.child.exitCode != null, 30_000, 'the checkpoint to meet the full disk')
    assert.equal(node.child.exitCode, null, `the node exited: ${output().split('\n').filter((line) => line.length < 300).slice(-20).join('\n')}`)
    assert.equal((await callHttp(node.api, 'POST', '/api/posts', { text: 'still full' }, token)).status, 507)
    // the CLI says why
    const cli = await runCli(['post', 'still full', '--api', node.api], { PARLEY_TOKEN: token })
    assert.equal(cli.code, 1)
    assert.match(cli.stderr, /storage full: .*disk is full.*\(storage_full\)/)

    await disk.free()
    let resumed = ''
    await waitFor(async () => {
      const answer = await callHttp(node.api, 'POST', '/api/posts', { text: 'space is back' }, token)
      resumed = answer.body?.id ?? ''
      return answer.status === 201
    }, 30_000, 'posting to work again')
    acknowledged.push(resumed)
    await waitFor(() => /WAL checkpoint succeeded again/.test(output()), 30_000, 'the checkpoint to succeed again')
    const seen = await timelineIds(node, token)
    assert.deepEqual(acknowledged.filter((id) => !seen.has(id)), [], 'every acknowledged post is in the timeline')
    assert.equal(seen.size, acknowledged.length, 'no refused post was kept')

    // and after a crash: SIGKILL, start again on the same folder, log in
    await stopNodeProcess(node)
    node = await startNodeProcess({ data, bootstrap: [boot.addr] })
    const login = await callHttp(node.api, 'POST', '/api/login', { username: 'alice', password: PASSWORD })
    assert.equal(login.status, 200)
    token = login.body.token
    const after = await timelineIds(node, token)
    assert.deepEqual(acknowledged.filter((id) => !after.has(id)), [], 'every acknowledged post survived the restart')
    console.log(`full disk: ${acknowledged.length - 1} posts acknowledged before the refusal (20 before the fill), 1 after; ${after.size} after the restart`)
  })
})
