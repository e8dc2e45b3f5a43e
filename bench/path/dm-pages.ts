/**
 * What one DM writes to SQLite at each end: two in-process nodes over TCP, alice sends
 * bob DMs through the API (awaited, as `bench path` does), and for each measured DM the
 * statements each node ran and the pages each of its commits appended to the WAL, named
 * by b-tree (test/support/wal-pages.ts). Run as a script (`node dist/bench/path/dm-pages.js`)
 * it prints the table; PARLEY_DM_PAGES_N sets how many DMs are measured (default 5).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { DatabaseSync, StatementSync } from 'node:sqlite'
import { TEST_SCRYPT, registerUser, removeNodes, startTestNetwork, waitFor } from '../../test/support/nodes.js'
import { btreesOf, pageOwners, resetWal, walCommits } from '../../test/support/wal-pages.js'
import type { TestNode } from '../../test/support/nodes.js'

const MEASURED = Number(process.env.PARLEY_DM_PAGES_N ?? 5)
const WARM_UP = 20

/** statements by the connection that prepared them, and what each connection ran while recording */
const connectionOf = new WeakMap<object, DatabaseSync>()
const ran = new Map<DatabaseSync, string[]>()
let recording = false

function record (db: DatabaseSync | undefined, sql: string): void {
  if (!recording || db == null) return
  const list = ran.get(db) ?? []
  list.push(sql.replace(/\s+/g, ' ').trim())
  ran.set(db, list)
}

function instrument (): void {
  const prepare = DatabaseSync.prototype.prepare
  DatabaseSync.prototype.prepare = function (this: DatabaseSync, sql: string) {
    const statement = prepare.call(this, sql)
    connectionOf.set(statement, this)
    return statement
  } as typeof prepare
  const exec = DatabaseSync.prototype.exec
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
    record(this, sql)
    return exec.call(this, sql)
  }
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = StatementSync.prototype[method] as (...args: unknown[]) => unknown
    ;(StatementSync.prototype as any)[method] = function (this: StatementSync, ...args: unknown[]) {
      record(connectionOf.get(this), this.sourceSQL)
      return original.apply(this, args)
    }
  }
}

function walOf (node: TestNode): string {
  return `${node.dataDir}/parley.sqlite-wal`
}

export interface SideReport { statements: string[], commits: string[][] }

function side (node: TestNode): SideReport {
  const db = node.parley.database.db
  const owners = pageOwners(db)
  const statements = (ran.get(db) ?? []).filter((s) => !s.startsWith('SELECT name, pageno FROM dbstat'))
  return { statements, commits: walCommits(walOf(node)).map((c) => btreesOf(c, owners)) }
}

let instrumented = false

export async function measureDmPages (): Promise<{ sender: SideReport[], receiver: SideReport[], aloneClear: string[][] }> {
  if (!instrumented) instrument()
  instrumented = true
  const nodes = await startTestNetwork(3, { scrypt: TEST_SCRYPT, mailbox: { upkeepIntervalMs: 0 } })
  try {
    const [, alice, bob] = nodes
    const aliceToken = await registerUser(alice, 'alice')
    await registerUser(bob, 'bob')
    let arrived = 0
    bob.parley.addEventListener('message', () => { arrived++ })
    const send = async (text: string): Promise<void> => {
      const want = arrived + 1
      const sent = await alice.call('POST', '/api/messages', { to: ['bob'], text }, aliceToken)
      if (sent.status !== 201 || sent.body.status !== 'delivered') throw new Error(`send: ${sent.status} ${JSON.stringify(sent.body)}`)
      await waitFor(() => arrived >= want, 10_000, 'bob has it')
    }
    for (let i = 0; i < WARM_UP; i++) await send(`warm-up ${i}`.padEnd(100, '.'))
    await sleep(1_500) // the own-device pass after the burst (alone: drops the rows) is done
    const sender: SideReport[] = []
    const receiver: SideReport[] = []
    for (let i = 0; i < MEASURED; i++) {
      for (const node of [alice, bob]) resetWal(node.parley.database.db)
      ran.clear()
      recording = true
      await send(`measured ${i}`.padEnd(100, '.'))
      await sleep(50) // anything a turn after the answer or the event writes
      recording = false
      sender.push(side(alice))
      receiver.push(side(bob))
    }
    // the alone pass that drops the rows of a burst (amortized over the burst)
    resetWal(alice.parley.database.db)
    ran.clear()
    recording = true
    await sleep(1_500)
    recording = false
    const aloneClear = side(alice).commits
    return { sender, receiver, aloneClear }
  } finally {
    await removeNodes(nodes)
  }
}

function print (role: string, reports: SideReport[]): void {
  const pages = reports.map((r) => r.commits.reduce((n, c) => n + c.length, 0))
  console.log(`\n${role}: pages per DM ${pages.join(', ')} (commits ${reports.map((r) => r.commits.length).join(', ')})`)
  const last = reports.at(-1)!
  console.log('  statements of the last DM:')
  for (const s of last.statements) console.log(`    ${s.slice(0, 160)}`)
  console.log('  its commits (one entry per page written):')
  last.commits.forEach((c, i) => { console.log(`    commit ${i + 1}: ${c.join(', ')}`) })
}

if (process.argv[1]?.endsWith('dm-pages.js') === true) {
  const result = await measureDmPages()
  print('sender (alice)', result.sender)
  print('receiver (bob)', result.receiver)
  console.log(`\nsender, 1.5 s later (the alone pass of the own-device queue): ${result.aloneClear.map((c) => c.join(', ')).join(' | ') || 'nothing'}`)
  process.exit(0)
}
