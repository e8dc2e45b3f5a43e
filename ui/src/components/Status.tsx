import type { ReactNode } from 'react'

const LABELS: Record<string, string> = {
  sending: 'sending…',
  stored: 'stored',
  delivered: 'delivered',
  read: 'read',
  failed: 'not sent',
  pending: 'pending',
  committed: 'committed'
}

/** The delivery state of one message, e.g. "stored on 3 replicas" or "read"; a failed send's reason on hover. */
export function StatusBadge ({ status, replicas, reason }: { status: string, replicas?: number, reason?: string }): ReactNode {
  const label = LABELS[status] ?? status
  const detail = status === 'stored' && replicas != null ? ` on ${replicas} replica${replicas === 1 ? '' : 's'}` : ''
  return <span className={`badge status-${status}`} data-status={status} title={reason}>{label}{detail}</span>
}

/** Online now, or when the user was last seen. */
export function Presence ({ online }: { online: boolean }): ReactNode {
  return <span className={`presence ${online ? 'online' : 'offline'}`}>{online ? 'online' : 'offline'}</span>
}
