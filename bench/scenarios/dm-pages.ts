/**
 * `npm run bench dm-pages`: the SQLite pages one DM writes at each end (bench/path/dm-pages.ts):
 * two in-process nodes, DMs sent one at a time through the API, each end's statements and
 * the b-tree of every page its commits appended to the WAL.
 */
import { measureDmPages } from '../path/dm-pages.js'
import type { Progress, Scenario, ScenarioResult } from '../scenario.js'

async function run (progress: Progress): Promise<ScenarioResult> {
  progress('two nodes, 20 DMs to warm up, then each DM measured alone')
  const { sender, receiver, aloneClear } = await measureDmPages()
  const pages = (side: typeof sender): number => Math.max(...side.map((r) => r.commits.reduce((n, c) => n + c.length, 0)))
  const describe = (side: typeof sender): string => side.at(-1)!.commits.map((c, i) => `commit ${i + 1}: ${c.join(', ')}`).join('; ')
  for (const [role, side] of [['sender', sender], ['receiver', receiver]] as const) {
    console.log(`\n  ${role}, statements of one DM:`)
    for (const s of side.at(-1)!.statements) console.log(`    ${s.slice(0, 160)}`)
    console.log(`  ${role}, pages: ${describe(side)}`)
  }
  return {
    summary: [
      { metric: 'sender: pages per DM', value: pages(sender), unit: '', note: describe(sender) },
      { metric: 'receiver: pages per DM', value: pages(receiver), unit: '', note: describe(receiver) },
      { metric: 'sender: pages of the own-device pass after a burst (alone)', value: aloneClear.reduce((n, c) => n + c.length, 0), unit: '', note: aloneClear.map((c) => c.join(', ')).join('; ') }
    ],
    series: { sender, receiver, aloneClear },
    plots: []
  }
}

export const scenario: Scenario = {
  name: 'dm-pages',
  description: 'SQLite pages (WAL frames) and statements of one DM at the sender and at the receiver, by b-tree (PARLEY_DM_PAGES_N DMs measured, default 5)',
  run
}
