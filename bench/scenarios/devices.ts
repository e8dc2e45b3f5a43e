/**
 * Linking a third device by code with a full account (issue 20, item 2): alice follows 50
 * users, holds 10,000 DMs in 50 conversations and is in 3 groups with 1,000 committed
 * messages each; a fresh `parley node` process (`--network local`) redeems a code from her
 * laptop through POST /api/link. Reports the answer's time, the bytes and rows copied, and
 * the time until the new device's API shows all of it; then where the time goes (the
 * steps of the link run again in this process on the laptop's rows) and whether the new
 * device can send in a group.
 *
 * Setup: the 50 users, the follows and the groups are real (registered, followed through
 * the API, created, started and sent to through the group service); the 10,000 DMs are
 * written through the laptop's own DM store (MessageStore.addIncoming, as a delivery
 * does), because sealing, stamping and delivering 10,000 crates would take minutes and is
 * not what is measured. The laptop and the users' nodes run in this process, over TCP on
 * 127.0.0.1; the new device is its own process, so its write does not share a thread with
 * the laptop's read.
 */
import { randomUUID } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { collectBackup, decodeContent, encodeContent, keysOf, writeBackup } from '../../src/app/backup-content.js'
import { PARLEY_MIGRATIONS } from '../../src/app/index.js'
import { ParleyDatabase } from '../../src/store/index.js'
import { BENCH_PASSWORD, TEST_SCRYPT, callHttp, get, post, registerUser, removeNodes, startTestNetwork, tempDir, waitFor } from '../../test/support/nodes.js'
import { startNodeProcess, stopNodeProcess } from '../../test/support/processes.js'
import { byModule, selfTimes } from '../path/cpu-profile.js'
import { round } from '../stats.js'
import type { NodeProcess } from '../../test/support/processes.js'
import type { TestNode } from '../../test/support/nodes.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'

const USERS = 50
const DMS = 10_000
const GROUPS = 3
const GROUP_MESSAGES = 1_000
/** concurrent senders per group while filling it */
const LANES = 16
const GOAL_S = 10
/** PARLEY_BENCH_CPU_PROFILE=dir runs the new device under --cpu-prof into dir and prints where its link's time went (default: off) */
/** PARLEY_BENCH_DEVICES_SETTLE_MS: how long the new node runs before the code is typed (default 3000 ms) */
const SETTLE_MS = Number(process.env.PARLEY_BENCH_DEVICES_SETTLE_MS ?? 3_000)
const PROFILE_DIR = process.env.PARLEY_BENCH_CPU_PROFILE ?? ''

/** CLOCK_MONOTONIC in µs: the clock of a V8 CPU profile */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n)

async function summariseProfile (what: string, window: { from: number, to: number }, progress: Progress): Promise<void> {
  const file = (await readdir(PROFILE_DIR)).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1)
  if (file == null) return progress(`no CPU profile in ${PROFILE_DIR}`)
  const times = selfTimes(join(PROFILE_DIR, file), window.from, window.to)
  const ms = (us: number): string => (us / 1000).toFixed(0)
  progress(`new device ${what} (${ms(window.to - window.from)} ms), self time by module: ${byModule(times).slice(0, 12).map((m) => `${m.module} ${ms(m.us)}`).join(', ')}`)
  progress(`by function: ${times.slice(0, 15).map((t) => `${t.fn} [${t.module}] ${ms(t.us)}`).join('; ')}`)
}

function load (): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`
}

const timed = <T>(fn: () => T): [T, number] => {
  const started = performance.now()
  const value = fn()
  return [value, performance.now() - started]
}

/** 50 users on the two user nodes: all but the last on each logged out again (one user signed in per node). */
async function registerUsers (hosts: TestNode[]): Promise<{ names: string[], keys: Map<string, Uint8Array>, online: string[] }> {
  const names = Array.from({ length: USERS }, (_, i) => `friend_${String(i).padStart(2, '0')}`)
  const keys = new Map<string, Uint8Array>()
  const online: string[] = []
  await Promise.all(hosts.map(async (host, h) => {
    const mine = names.filter((_, i) => i % hosts.length === h)
    for (const [i, name] of mine.entries()) {
      const session = await host.parley.accounts.register(name, BENCH_PASSWORD)
      keys.set(name, Uint8Array.from(session.keys.userKey))
      if (i < mine.length - 1) await host.parley.accounts.logout()
      else online.push(name)
    }
  }))
  return { names, keys, online }
}

/** DMS incoming messages, spread over the conversations, written as a delivery writes them. */
function writeDms (laptop: TestNode, names: string[], keys: Map<string, Uint8Array>): void {
  const store = laptop.parley.dm.store
  const start = Date.now() - DMS * 1_000
  const perUser = DMS / names.length
  for (const [u, sender] of names.entries()) {
    const messages = Array.from({ length: perUser }, (_, i) => ({
      senderKey: keys.get(sender)!, sender, id: randomUUID(), to: ['alice'],
      text: `message ${i} from ${sender}: ${'lorem ipsum '.repeat(4)}`, timestamp: start + (i * names.length + u) * 1_000
    }))
    store.addIncoming('alice', messages, Date.now(), true)
  }
}

async function fillGroups (laptop: TestNode, members: TestNode[], online: string[], progress: Progress): Promise<string[]> {
  const ids: string[] = []
  for (let k = 0; k < GROUPS; k++) {
    const { id } = await post(laptop, '/api/groups', { name: `group ${k}`, members: online }, laptop.token!)
    await waitFor(() => members.every((m) => { try { m.parley.groups.view(id); return true } catch { return false } }), 20_000, 'the invitations')
    await post(laptop, `/api/groups/${id}/start`, {}, laptop.token!)
    await waitFor(() => laptop.parley.groups.view(id).host != null, 20_000, 'a host')
    let next = 0
    await Promise.all(Array.from({ length: LANES }, async () => {
      while (next < GROUP_MESSAGES) {
        const n = next++
        await laptop.parley.groups.send(id, `group ${k} message ${n}`)
      }
    }))
    await waitFor(() => committed(laptop, id) >= GROUP_MESSAGES, 60_000, `group ${k}'s messages to commit`)
    progress(`group ${k}: ${GROUP_MESSAGES} messages committed`)
    ids.push(id)
  }
  return ids
}

function committed (node: TestNode, id: string): number {
  return node.parley.groups.messages(id, { limit: GROUP_MESSAGES + 100 }).filter((m: any) => m.status === 'committed' && m.text.startsWith('group ')).length
}

interface Shown { following: number, dms: number, groups: number, groupMessages: number[] }

/** What the new device's API shows, counted the way a client reads it. */
async function shown (phone: NodeProcess, token: string, names: string[]): Promise<Shown> {
  const call = async (path: string): Promise<any> => {
    const answer = await callHttp(phone.api, 'GET', path, undefined, token)
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }
  const following = (await call('/api/following')).length
  let dms = 0
  for (const name of names) dms += (await call(`/api/messages?with=${name}&limit=10000`)).messages.length
  const groups = (await call('/api/groups')).groups
  const groupMessages: number[] = []
  for (const g of groups) {
    let count = 0
    let after = 0
    for (;;) {
      const page = (await call(`/api/groups/${g.id}/messages?after=${after}&limit=1000`)).messages
      count += page.filter((m: any) => m.status === 'committed' && typeof m.text === 'string' && m.text.startsWith('group ')).length
      if (page.length < 1000) break
      after = page.at(-1).seq
    }
    groupMessages.push(count)
  }
  return { following, dms, groups: groups.length, groupMessages }
}

const complete = (s: Shown): boolean => s.following === USERS && s.dms === DMS && s.groups === GROUPS && s.groupMessages.every((n) => n === GROUP_MESSAGES)

/** The steps the new device logged for its link (src/app/link.ts), or undefined when it logged none. */
function linkSteps (phone: NodeProcess, answeredAt: number): Record<string, number> | undefined {
  const line = phone.output.join('').split('\n').find((l) => l.includes('link: joined'))
  const steps = line == null ? undefined : /steps (\{[^}]*\})/.exec(line.replace(/\\"/g, '"'))?.[1]
  if (steps == null) return undefined
  // the log line's time (epoch ms) is when the steps were done: the rest is the session and the answer
  const loggedAt = Number(/"time":(\d+)/.exec(line!)?.[1])
  return { ...JSON.parse(steps), ...(Number.isFinite(loggedAt) ? { answerMs: Math.max(0, answeredAt - loggedAt) } : {}) }
}

/** The link's steps again, in this process, on the laptop's rows: where the time goes. */
async function breakdown (laptop: TestNode): Promise<Record<string, number>> {
  const session = laptop.parley.accounts.requireSession()
  const [content, collectMs] = timed(() => collectBackup(laptop.parley.database, session, Date.now()))
  const [bytes, encodeMs] = timed(() => encodeContent(content))
  const [decoded, decodeMs] = timed(() => decodeContent(bytes))
  const dir = await tempDir('parley-bench-devices-write-')
  const database = new ParleyDatabase(join(dir, 'parley.sqlite'), PARLEY_MIGRATIONS)
  try {
    const [, writeMs] = timed(() => { writeBackup(database, decoded, keysOf(decoded).userKey) })
    return { collectMs, encodeMs, decodeMs, writeMs, bytes: bytes.byteLength }
  } finally {
    database.close()
    await rm(dir, { recursive: true, force: true })
  }
}

const scenario: Scenario = {
  name: 'devices',
  description: `a third device linked by code receives ${USERS} follows, ${DMS} DMs and ${GROUPS} groups of ${GROUP_MESSAGES} messages`,
  async run (progress: Progress): Promise<ScenarioResult> {
    const loadAtStart = load()
    progress(loadAtStart)
    // node 0 bootstraps and hosts users, node 1 hosts users, node 2 is alice's laptop
    const nodes = await startTestNetwork(3, { scrypt: TEST_SCRYPT, presenceIntervalMs: 3_600_000, prefix: 'parley-bench-devices-' })
    const laptop = nodes[2]
    const phoneData = await tempDir('parley-bench-devices-phone-')
    let phone: NodeProcess | undefined
    const window = { from: 0, to: 0, after: 0 }
    try {
      const setupStarted = performance.now()
      laptop.token = await registerUser(laptop, 'alice')
      const { names, keys, online } = await registerUsers(nodes.slice(0, 2))
      progress(`${USERS} users registered`)
      for (const name of names) await post(laptop, '/api/follow', { username: name }, laptop.token)
      writeDms(laptop, names, keys)
      progress(`${USERS} follows through the API, ${DMS} DMs through the DM store`)
      const groupIds = await fillGroups(laptop, nodes.slice(0, 2), online, progress)
      const setupS = (performance.now() - setupStarted) / 1000
      progress(`setup done in ${setupS.toFixed(1)} s; starting the new device`)

      phone = await startNodeProcess({ data: phoneData, bootstrap: [nodes[0].addr], env: PROFILE_DIR === '' ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-interval=200 --cpu-prof-dir=${PROFILE_DIR}` } })
      // a person reads the code off the laptop and types it: the new node has a few seconds to settle
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
      const healthStarted = performance.now()
      await callHttp(phone.api, 'GET', '/api/health')
      const healthMs = performance.now() - healthStarted
      const { code } = await post(laptop, '/api/devices/link', {}, laptop.token)
      const loadBefore = load()
      let answer: { status: number, body: any }
      let started: number
      // the new node may not find alice's records until its routing table fills: an unknown
      // user is refused before any code is tried, so asking again costs no try
      let unknown = 0
      for (;; unknown++) {
        started = performance.now()
        answer = await callHttp(phone.api, 'POST', '/api/link', { username: 'alice', code })
        if (answer.status !== 404) break
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const answerMs = performance.now() - started
      const answeredAt = Date.now()
      window.to = monotonicUs()
      window.from = window.to - answerMs * 1000
      if (answer.status !== 200) throw new Error(`POST /api/link: ${answer.status} ${JSON.stringify(answer.body)}`)
      let seen: Shown = { following: 0, dms: 0, groups: 0, groupMessages: [] }
      await waitFor(async () => complete(seen = await shown(phone!, answer.body.token, names)), 60_000, `the new device to show everything (last seen ${JSON.stringify(seen)})`, 100)
      const allMs = performance.now() - started
      const loadAfter = load()
      progress(`GET /api/health on the new device ${healthMs.toFixed(0)} ms before the link; ${unknown} tries answered "unknown user" first`)
      progress(`linked: answer after ${answerMs.toFixed(0)} ms, everything shown after ${allMs.toFixed(0)} ms; ${answer.body.copied.bytes} bytes, ${answer.body.copied.rows} rows (${loadAfter})`)

      // can the new device send in a group? (membership is listed by device in the group config)
      const send = await callHttp(phone.api, 'POST', `/api/groups/${groupIds[0]}/messages`, { text: 'from the new device' }, answer.body.token)
      let groupSend = `${send.status} ${JSON.stringify(send.body).slice(0, 200)}`
      if (send.status === 200 || send.status === 201) {
        const seenOnLaptop = async (): Promise<boolean> => laptop.parley.groups.messages(groupIds[0], { after: GROUP_MESSAGES - 5, limit: 100 }).some((m: any) => m.status === 'committed' && m.text === 'from the new device')
        const ok = await waitFor(seenOnLaptop, 15_000, 'the send to commit').then(() => true, () => false)
        groupSend += ok ? '; committed, the laptop shows it' : '; not committed at the laptop within 15 s'
      }
      progress(`a group send from the new device: ${groupSend}`)
      const phoneSteps = linkSteps(phone, answeredAt)
      progress(`the new device's own steps (its log): ${JSON.stringify(phoneSteps)}`)
      window.after = phoneSteps?.answerMs ?? 0
      const steps = await breakdown(laptop)
      progress(`in this process: collect ${steps.collectMs.toFixed(0)} ms, encode ${steps.encodeMs.toFixed(0)} ms, decode ${steps.decodeMs.toFixed(0)} ms, write in one transaction ${steps.writeMs.toFixed(0)} ms`)
      const stepRow = (metric: string, ms: number, note?: string) => ({ metric, value: round(ms), unit: 'ms', ...(note != null ? { note } : {}) })
      return {
        summary: [
          { metric: 'POST /api/link answered', value: round(answerMs / 1000, 2), unit: 's', target: { atMost: GOAL_S }, note: loadBefore },
          { metric: 'until the new device shows everything', value: round(allMs / 1000, 2), unit: 's', target: { atMost: GOAL_S }, note: `${USERS} following, ${DMS} DMs, ${GROUPS} groups × ${GROUP_MESSAGES}; ${loadAfter}` },
          { metric: 'bytes sent', value: round(answer.body.copied.bytes / 2 ** 20, 2), unit: 'MiB', note: `${answer.body.copied.bytes} bytes` },
          { metric: 'rows written', value: answer.body.copied.rows, unit: 'rows' },
          ...Object.entries(phoneSteps ?? {}).map(([step, ms]) => stepRow(`new device: ${step.replace(/Ms$/, '')}`, ms, step === 'exchangeMs' ? 'dial, code, collect + encode on the laptop, 256 KiB frames' : step === 'resolveMs' ? 'the account\'s records from the DHT' : step === 'answerMs' ? 'from the steps\' log line to the answer at the bench: the session, the HTTP answer' : undefined)),
          stepRow('step: collect the rows (laptop)', steps.collectMs, 'the steps again in the bench process'),
          stepRow('step: encode JSON (laptop)', steps.encodeMs),
          stepRow('step: decode JSON (new device)', steps.decodeMs),
          stepRow('step: write in one transaction (new device)', steps.writeMs, 'into a fresh database'),
          { metric: 'a group message sent from the new device', value: null, unit: '', note: groupSend },
          { metric: 'setup', value: round(setupS, 1), unit: 's', note: loadAtStart + ' at start' }
        ],
        series: { answerMs, allMs, copied: answer.body.copied, seen, steps, phoneSteps, groupSend, loadAtStart, loadBefore, loadAfter },
        plots: []
      }
    } finally {
      if (phone != null) await stopNodeProcess(phone, 'SIGTERM', 10_000)
      if (PROFILE_DIR !== '' && window.to > 0) {
        await summariseProfile('during POST /api/link', window, progress)
        if (window.after > 0) await summariseProfile('from its steps\' log line to the answer', { from: window.to - window.after * 1000, to: window.to }, progress)
      }
      await rm(phoneData, { recursive: true, force: true })
      await removeNodes(nodes)
    }
  }
}

export default scenario
