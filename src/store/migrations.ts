/**
 * Numbered schema migrations. Each capability owns its migrations in its own folder and
 * exports them; the app hands the whole list to `ParleyDatabase`. Append only: a shipped
 * migration is never edited, a change is a new entry with the next version. One version
 * may have parts from several capabilities (version 3: direct messages and mailbox
 * replicas); the parts of a version run in one transaction with the version bump, in list
 * order, versions in ascending order.
 */
export interface Migration {
  version: number
  sql: string
}

/** The migrations grouped by version, in ascending order; throws on a gap or a version below 1. */
export function migrationPlan (migrations: readonly Migration[]): Array<{ version: number, sql: string[] }> {
  const byVersion = new Map<number, string[]>()
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version < 1) throw new RangeError(`migration version ${m.version} is not a positive integer`)
    const parts = byVersion.get(m.version) ?? []
    parts.push(m.sql)
    byVersion.set(m.version, parts)
  }
  const plan = [...byVersion].sort(([a], [b]) => a - b).map(([version, sql]) => ({ version, sql }))
  plan.forEach((step, i) => { if (step.version !== i + 1) throw new RangeError(`migration versions must run 1..n without gaps; missing ${i + 1}`) })
  return plan
}
