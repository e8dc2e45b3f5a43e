import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { waitFor } from '../support/nodes.js'
import { stopNodeProcess } from '../support/processes.js'
import { Ledger, call, comparableMessage, conversations, duplicates, launch, removeSoakNodes, soakNode, wholeConversation, wholeGroup, wholeTimeline } from '../support/soak.js'
import type { SoakNode } from '../support/soak.js'
import { Prng } from '../../src/group/sim/prng.js'

/** how long the mixed use lasts (PARLEY_SOAK_MS, default 10 minutes as issue 20 asks) */
const SOAK_MS = Number(process.env.PARLEY_SOAK_MS ?? 600_000)
/** the schedule's seed (PARLEY_SOAK_SEED replays one; default: a new one, printed) */
const SEED = Number(process.env.PARLEY_SOAK_SEED ?? randomInt(2 ** 31))
/** how long everything may take to arrive once the use stops */
const QUIET_MS = 180_000
/** how often the end state is read while waiting for it (each read pages through everything) */
const POLL_MS = 1_000
const PASSWORD = (user: string): string => `${user}-soak-password`

type Action = 'post' | 'dm' | 'read' | 'group'
/** what each person does how often (weights) */
const ALICE_ACTIONS: Array<[Action, number]> = [['post', 3], ['dm', 3], ['read', 2], ['group', 2]]
const BOB_ACTIONS: Array<[Action, number]> = [['dm', 4], ['read', 2], ['group', 2]]

function pick (rng: Prng, actions: Array<[Action, number]>): Action {
  let r = rng.next() * actions.reduce((sum, [, w]) => sum + w, 0)
  for (const [action, weight] of actions) if ((r -= weight) < 0) return action
  return actions[0][0]
}

/**
 * Issue 20, must-show 1: alice on two `parley node` processes (laptop, and a phone linked
 * by code) for PARLEY_SOAK_MS of mixed use with bob (DM partner, group member, follower)
 * and carol (follower): posts from both devices, DMs both ways on both, reads on either,
 * group messages from laptop, phone and bob, and the phone SIGKILLed and restarted midway
 * (it stayed signed in). Afterwards each follower holds every post once in HLC order, both
 * devices hold the same conversation with the same states and read flags, laptop, phone
 * and bob the same group messages; nothing the API accepted is lost.
 */
describe('two devices of one account under ten minutes of mixed use', () => {
  const nodes: SoakNode[] = []
  let boot: SoakNode, laptop: SoakNode, phone: SoakNode, bob: SoakNode, carol: SoakNode
  let bootstrap: string[]
  let groupId = ''
  const posts = new Ledger()
  const dms = new Ledger()
  const group = new Ledger()
  /** posts, DMs and reads not answered as accepted, and requests that failed: none is expected */
  const unexpected: string[] = []
  let soakTook = 0
  /** set when the phone's user puts it away to kill it, cleared once it is back */
  let phoneAway = false

  before(async () => {
    for (const name of ['boot', 'alice-laptop', 'alice-phone', 'bob', 'carol']) nodes.push(await soakNode(name))
    ;[boot, laptop, phone, bob, carol] = nodes
    try {
      bootstrap = [(await launch(boot, [])).addr]
      await Promise.all([laptop, phone, bob, carol].map(async (n) => launch(n, bootstrap)))
      for (const [node, user] of [[laptop, 'alice'], [bob, 'bob'], [carol, 'carol']] as const) {
        await waitFor(async () => {
          const answer = await call(node, 'POST', '/api/register', { username: user, password: PASSWORD(user) })
          node.token = answer.body?.token ?? ''
          return answer.status === 201
        }, 60_000, `${user} to register`, 200)
      }
      for (const follower of [bob, carol]) {
        await waitFor(async () => (await call(follower, 'POST', '/api/follow', { username: 'alice' })).status === 204, 60_000, `${follower.name} to follow alice`, 200)
      }
      // bob's group with alice, made while the laptop is her only device
      await waitFor(async () => {
        const created = await call(bob, 'POST', '/api/groups', { name: 'soak', members: ['alice'] })
        groupId = created.body?.id ?? ''
        return created.status === 201
      }, 60_000, 'bob to create the group', 200)
      await waitFor(async () => (await call(laptop, 'GET', `/api/groups/${groupId}`)).status === 200, 60_000, 'the laptop to be invited')
      const started = await call(bob, 'POST', `/api/groups/${groupId}/start`)
      assert.equal(started.status, 200, JSON.stringify(started.body))

      // the phone joins the account by a code from the laptop, as a user links a phone
      const code = await call(laptop, 'POST', '/api/devices/link')
      assert.equal(code.status, 201, JSON.stringify(code.body))
      const linked = await call(phone, 'POST', '/api/link', { username: 'alice', code: code.body.code, deviceName: 'alice-phone' })
      assert.equal(linked.status, 200, JSON.stringify(linked.body))
      phone.token = linked.body.token
      await waitFor(async () => (await call(bob, 'GET', `/api/groups/${groupId}`)).body?.host != null, 60_000, 'the group to have a host')
    } catch (err) {
      await removeSoakNodes(nodes)
      throw err
    }
  }, { timeout: 300_000 })

  after(async () => {
    await removeSoakNodes(nodes)
  })

  /** One write: accepted, refused (a group send's refusal is judged with the group), or unexpected. */
  async function write (ledger: Ledger, node: SoakNode, path: string, body: any, accepted: (answer: { status: number, body: any }) => boolean): Promise<void> {
    const text = body.text as string
    try {
      const answer = await call(node, 'POST', path, body)
      if (accepted(answer)) ledger.accept({ by: node.name, text, id: answer.body.id, timestamp: answer.body.timestamp })
      else {
        ledger.refused.push({ by: node.name, text, status: answer.status, body: answer.body })
        if (ledger !== group) unexpected.push(`${node.name} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
      }
    } catch (err: any) {
      unexpected.push(`${node.name} ${path}: ${err.message}`)
    }
  }

  async function act (node: SoakNode, action: Action, n: number): Promise<void> {
    const text = `${node.name} ${action} ${n}`
    if (action === 'post') await write(posts, node, '/api/posts', { text }, (a) => a.status === 201)
    if (action === 'dm') await write(dms, node, '/api/messages', { to: [node === bob ? 'alice' : 'bob'], text }, (a) => a.status === 201 && a.body.status !== 'failed')
    if (action === 'group') await write(group, node, `/api/groups/${groupId}/messages`, { text }, (a) => a.status === 200)
    if (action === 'read') {
      const answer = await call(node, 'GET', `/api/messages?with=${node === bob ? 'alice' : 'bob'}&limit=10000`).catch((err) => ({ status: 0, body: err.message }))
      if (answer.status !== 200) unexpected.push(`${node.name} read: ${answer.status} ${JSON.stringify(answer.body)}`)
    }
  }

  it(`${SOAK_MS} ms of posts, DMs, reads and group messages from both devices, the phone killed and restarted midway`, { timeout: SOAK_MS + 10 * 60_000 }, async (t) => {
    t.diagnostic(`seed ${SEED} (PARLEY_SOAK_SEED=${SEED} replays the schedule), ${SOAK_MS} ms (PARLEY_SOAK_MS)`)
    const start = Date.now()
    const end = start + SOAK_MS
    let stopped = false
    let phoneIdle = (): void => {}
    const user = async (node: SoakNode, seed: number, actions: Array<[Action, number]>): Promise<void> => {
      const rng = new Prng(seed)
      for (let n = 1; !stopped && Date.now() < end; n++) {
        await sleep(rng.int(100, 500))
        const action = pick(rng, actions)
        if (node === phone && phoneAway) {
          phoneIdle()
          while (phoneAway && !stopped && Date.now() < end) await sleep(100)
        }
        if (!stopped && Date.now() < end) await act(node, action, n)
      }
      if (node === phone) phoneIdle()
    }
    const killer = async (): Promise<void> => {
      await sleep(SOAK_MS / 2)
      // the user puts the phone away, and it is killed a little later: a send's copy to the
      // other device goes out after its answer, and one the kill cuts off is not retried
      // (docs/protocols/dm.md, "Limits of this design")
      await Promise.race([new Promise<void>((resolve) => { phoneIdle = resolve; phoneAway = true }), sleep(Math.max(0, end - Date.now()))])
      await sleep(2_000)
      await stopNodeProcess(phone.process!, 'SIGKILL')
      phone.process = null
      // off for a while: bob and the laptop go on writing to it
      await sleep(Math.min(10_000, SOAK_MS / 10))
      const again = await launch(phone, bootstrap)
      assert.ok(again.stdout.includes('signed in: alice (stayed signed in)'), again.stdout.join('\n'))
      phoneAway = false
    }
    try {
      await Promise.all([user(laptop, SEED, ALICE_ACTIONS), user(phone, SEED + 1, ALICE_ACTIONS), user(bob, SEED + 2, BOB_ACTIONS), killer()])
    } finally {
      // a failed kill or restart must not leave the users writing
      stopped = true
    }
    soakTook = Date.now() - start
    t.diagnostic(`accepted in ${soakTook} ms: ${posts.accepted.size} posts, ${dms.accepted.size} DMs, ${group.accepted.size} group messages (${group.refused.length} refused)`)
    assert.deepEqual(unexpected, [], 'every post and DM answered as accepted')
  })

  it('carol and bob see every post of alice\'s exactly once, in HLC order, as both devices do', { timeout: 2 * QUIET_MS }, async (t) => {
    const ids = [...posts.accepted.keys()]
    const viewers = [carol, bob, laptop, phone]
    await waitFor(async () => (await Promise.all(viewers.map(wholeTimeline))).every((timeline) => ids.every((id) => timeline.some((p) => p.id === id))), QUIET_MS, 'every post on every viewer', POLL_MS)
    const timelines = await Promise.all(viewers.map(async (v) => (await wholeTimeline(v)).filter((p) => p.author === 'alice')))
    const expected = timelines[0]
    for (const [i, timeline] of timelines.entries()) {
      const name = viewers[i].name
      assert.deepEqual(duplicates(timeline.map((p) => p.id)), [], `${name}: no post twice`)
      for (const p of timeline) assert.ok(posts.accepted.has(p.id), `${name}: ${p.text} was written`)
      for (let k = 1; k < timeline.length; k++) assert.ok(timeline[k - 1].timestamp >= timeline[k].timestamp, `${name}: post ${k} newer than the one before it`)
      // each device's posts in the order it wrote them (its HLC only grows)
      for (const device of [laptop, phone]) {
        const mine = timeline.filter((p) => posts.accepted.get(p.id)?.by === device.name).map((p) => p.id)
        assert.deepEqual(mine, posts.by(device.name).map((w) => w.id).reverse(), `${name}: ${device.name}'s posts in write order`)
      }
      assert.deepEqual(timeline.map((p) => ({ id: p.id, text: p.text, timestamp: p.timestamp })), expected.map((p) => ({ id: p.id, text: p.text, timestamp: p.timestamp })), `${name} holds what carol holds, in the same order`)
    }
    t.diagnostic(`${expected.length} posts (${posts.by(laptop.name).length} from the laptop, ${posts.by(phone.name).length} from the phone) on 4 viewers`)
  })

  it('both devices end with the same conversation with bob: every DM, the same states and read flags', { timeout: 5 * QUIET_MS }, async (t) => {
    const sent = [...dms.accepted.values()]
    const fromAlice = sent.filter((w) => w.by !== bob.name)
    const newest = Math.max(...sent.map((w) => w.timestamp ?? 0))
    // bob has everything alice sent (his reading sends read receipts to both devices)
    await waitFor(async () => { const held = await wholeConversation(bob, 'alice'); return fromAlice.every((w) => held.some((m) => m.id === w.id)) }, QUIET_MS, 'bob to hold every DM from alice', POLL_MS)
    // read state as the devices hold it, unread counts included, before anything here reads
    let lists: unknown[] = []
    await waitFor(async () => {
      lists = await Promise.all([laptop, phone].map(conversations))
      return JSON.stringify(lists[0]) === JSON.stringify(lists[1]) && (lists[0] as any[]).find((c) => c.with === 'bob')?.last >= newest
    }, QUIET_MS, 'the same conversation list, with the same unread count, on both devices', POLL_MS).catch(() => {})
    assert.deepEqual(lists[1], lists[0], 'the phone\'s conversation list (unread count) is the laptop\'s')
    // reading on the laptop reads on the phone too; bob's read receipts reach both
    await wholeConversation(laptop, 'bob')
    await waitFor(async () => (await conversations(phone)).every((c) => c.unread === 0), QUIET_MS, 'the laptop\'s read to reach the phone', POLL_MS)
    let held: any[][] = []
    await waitFor(async () => {
      held = await Promise.all([laptop, phone].map(async (d) => wholeConversation(d, 'bob')))
      return JSON.stringify(held[0].map(comparableMessage)) === JSON.stringify(held[1].map(comparableMessage)) &&
        held[0].filter((m) => m.from === 'alice').every((m) => m.status === 'read')
    }, QUIET_MS, 'both devices to agree, every message of alice\'s read by bob', POLL_MS).catch(() => {})
    const [onLaptop, onPhone] = held
    for (const [name, list] of [['laptop', onLaptop], ['phone', onPhone]] as const) {
      assert.deepEqual(sent.filter((w) => !list.some((m) => m.id === w.id)).map((w) => w.text), [], `${name}: no accepted DM missing`)
      assert.deepEqual(duplicates(list.map((m) => m.id)), [], `${name}: no DM twice`)
      for (const m of list) assert.ok(dms.accepted.has(m.id), `${name}: ${m.text} was written`)
    }
    // the messages on which they differ first (readable), then the whole lists (order too)
    const onPhoneById = new Map(onPhone.map((m) => [m.id, JSON.stringify(comparableMessage(m))]))
    const differing = onLaptop.filter((m) => onPhoneById.get(m.id) !== JSON.stringify(comparableMessage(m)))
      .map((m) => `${m.text}: laptop ${JSON.stringify(comparableMessage(m))}, phone ${onPhoneById.get(m.id)}`)
    assert.deepEqual(differing, [], 'messages the phone holds otherwise than the laptop')
    assert.deepEqual(onPhone.map(comparableMessage), onLaptop.map(comparableMessage), 'the phone\'s conversation is the laptop\'s: ids, texts, direction, states, read flags')
    t.diagnostic(`${onLaptop.length} DMs (${sent.filter((w) => w.by === laptop.name).length} from the laptop, ${sent.filter((w) => w.by === phone.name).length} from the phone, ${sent.filter((w) => w.by === bob.name).length} from bob)`)
  })

  it('laptop, phone and bob end with the same group messages: every one sent, none twice, none pending', { timeout: 2 * QUIET_MS }, async (t) => {
    const members = [laptop, phone, bob]
    let lists: any[][] = []
    // accepted messages not committed here, counted by who sent them
    const missing = (list: any[]): Record<string, number> => {
      const counts: Record<string, number> = {}
      for (const w of group.accepted.values()) if (!list.some((m) => m.id === w.id && m.status === 'committed')) counts[w.by] = (counts[w.by] ?? 0) + 1
      return counts
    }
    const summary = (list: any[]): unknown => ({ missing: missing(list), pending: list.filter((m) => m.status !== 'committed').length, twice: duplicates(list.map((m) => m.id)).length })
    await waitFor(async () => {
      lists = await Promise.all(members.map(async (m) => wholeGroup(m, groupId).catch(() => [])))
      return lists.every((l) => JSON.stringify(summary(l)) === JSON.stringify(summary(lists[0])) && JSON.stringify(l) === JSON.stringify(lists[0])) && Object.keys(missing(lists[0])).length === 0
    }, QUIET_MS, 'the same group messages everywhere', POLL_MS).catch(() => {})
    t.diagnostic(`group messages held: laptop ${lists[0].length}, phone ${lists[1].length}, bob ${lists[2].length}; accepted ${group.accepted.size}, refused ${group.refused.length} (${[...new Set(group.refused.map((r) => `${r.by} ${r.status}`))].join(', ')})`)
    for (const [i, m] of members.entries()) assert.deepEqual(summary(lists[i]), { missing: {}, pending: 0, twice: 0 }, `${m.name}: every accepted group message committed, once`)
    assert.deepEqual(group.refused.map((r) => `${r.by} ${r.status} ${JSON.stringify(r.body)}`), [], 'every group send accepted')
    const view = (l: any[]): unknown[] => l.map((m) => ({ id: m.id, seq: m.seq, from: m.from, text: m.text }))
    assert.deepEqual(view(lists[1]), view(lists[0]), 'the phone holds the laptop\'s group messages')
    assert.deepEqual(view(lists[2]), view(lists[0]), 'bob holds the laptop\'s group messages')
  })
})
