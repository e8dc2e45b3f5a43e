import { useEffect } from 'react'
import { api } from '../api.ts'
import { useLoad } from '../hooks.ts'
import type { HealthView } from '../types.ts'
import type { ReactNode } from 'react'

/** How often the node's health is asked again while the UI is open. */
const HEALTH_POLL_MS = 60_000

/**
 * What keeps this node from serving its user (its clock far off its peers', nobody able
 * to dial it, no peers), from GET /api/health, on every page: such a node otherwise fails
 * quietly (nobody finds the user, messages wait in mailboxes).
 */
export function HealthNotice (): ReactNode {
  const health = useLoad(async () => api<HealthView>('GET', '/api/health'), 'health')
  useEffect(() => {
    const timer = setInterval(health.reload, HEALTH_POLL_MS)
    return () => { clearInterval(timer) }
  }, [health.reload])
  const reasons = health.data?.reasons ?? []
  if (reasons.length === 0) return null
  return (
    <div className="note warning health" role="alert" data-testid="health-notice">
      <ul className="plain">
        {reasons.map((r) => <li key={r.code} data-code={r.code}>{r.message}</li>)}
      </ul>
    </div>
  )
}
