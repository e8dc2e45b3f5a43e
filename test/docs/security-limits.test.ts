import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'

/**
 * docs/security.md's table of limits against the code: every row whose "where set" cell
 * names a constant and its file (`` `DEFAULT_MAILBOX_QUOTA.bytes` (src/mailbox/constants.ts) ``)
 * must state that constant's value, so a limit changed in the code and not in the threat
 * model (or the other way round) fails here. Rows without a constant (libp2p defaults,
 * numbers written inline) are checked by reading.
 */

const DOC = new URL('../../../docs/security.md', import.meta.url)

/** Bytes and milliseconds per unit word of the "default" column. */
const UNITS: Record<string, number> = {
  B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3,
  ms: 1, s: 1000, min: 60_000, h: 3_600_000, days: 86_400_000
}

/** `16 MiB`, `64 KiB + 64 B`, `64 × 513 KiB`, `2^21`, `1,000`, `0.5` → the number they say. */
export function parseQuantity (text: string): number {
  return text.split('+').reduce((sum, term) => sum + term.split('×').reduce((product, factor) => {
    const match = /^\s*(\d[\d,]*(?:\.\d+)?)(?:\^(\d+))?\s*([A-Za-z]+)?\s*$/.exec(factor)
    if (match == null) throw new Error(`cannot read the quantity "${text}"`)
    const [, digits, power, unit] = match
    const base = Number(digits.replaceAll(',', ''))
    if (unit != null && UNITS[unit] == null) throw new Error(`unknown unit "${unit}" in "${text}"`)
    return product * (power != null ? base ** Number(power) : base) * (unit != null ? UNITS[unit] : 1)
  }, 1), 0)
}

interface LimitRow { limit: string, stated: string, constant: string, file: string }

/** The rows of the table under "## Limits" that name a constant and the file it is in. */
export function limitRows (markdown: string): LimitRow[] {
  const section = markdown.split(/^## Limits$/m)[1]?.split(/^## /m)[0]
  if (section == null) throw new Error('docs/security.md has no "## Limits" section')
  const rows: LimitRow[] = []
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim())
    if (cells.length !== 4) continue
    const named = /^`([A-Z][A-Z0-9_]*(?:\.[A-Za-z0-9_-]+)*)` \((src\/[\w/-]+\.ts)\)/.exec(cells[2])
    if (named != null) rows.push({ limit: cells[0], stated: cells[1], constant: named[1], file: named[2] })
  }
  return rows
}

/** The value of `NAME.path.to.field` exported by `file` (a src/ path, loaded from dist). */
async function valueOf (constant: string, file: string): Promise<number> {
  const module = await import(new URL(`../../${file.replace(/\.ts$/, '.js')}`, import.meta.url).href)
  const [name, ...path] = constant.split('.')
  let value: unknown = module[name]
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key]
  if (typeof value === 'bigint') value = Number(value)
  if (typeof value !== 'number') throw new Error(`${file} exports no number ${constant}`)
  return value
}

describe('docs/security.md limits', () => {
  it('reads the quantities the table uses', () => {
    assert.equal(parseQuantity('64 KiB + 64 B'), 65_600)
    assert.equal(parseQuantity('64 × 513 KiB + 64 KiB'), 64 * 513 * 1024 + 64 * 1024)
    assert.equal(parseQuantity('2^21'), 2 ** 21)
    assert.equal(parseQuantity('100,000'), 100_000)
    assert.equal(parseQuantity('15 min'), 900_000)
    assert.equal(parseQuantity('512.5 KiB'), 524_800)
    assert.throws(() => parseQuantity('a lot'), /cannot read/)
  })

  it('states the value of every constant it names', async () => {
    const rows = limitRows(await readFile(DOC, 'utf8'))
    // the table names about 70 constants; far fewer means the parser stopped finding them
    assert.ok(rows.length >= 60, `only ${rows.length} rows name a constant`)
    const wrong: string[] = []
    for (const row of rows) {
      const actual = await valueOf(row.constant, row.file)
      const stated = parseQuantity(row.stated)
      if (stated !== actual) wrong.push(`"${row.limit}": the doc says ${row.stated} (${stated}), ${row.constant} in ${row.file} is ${actual}`)
    }
    assert.deepEqual(wrong, [])
  })
})
