import { describeError } from '../api.ts'
import { isRouteMissing } from '../hooks.ts'
import type { ReactNode } from 'react'

/** An error a person can act on; announced to screen readers. */
export function ErrorNote ({ error }: { error: unknown }): ReactNode {
  if (error == null) return null
  return <p className="note error" role="alert">{typeof error === 'string' ? error : describeError(error)}</p>
}

/** What a page shows when it has nothing yet, and what to do about it. */
export function EmptyState ({ title, children }: { title: string, children?: ReactNode }): ReactNode {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children != null && <p className="muted">{children}</p>}
    </div>
  )
}

export function Loading ({ what }: { what: string }): ReactNode {
  return <p className="muted" role="status">Loading {what}…</p>
}

/**
 * The usual three states of something loaded from the API: an error (or "this node has
 * no such feature yet" when the route is missing), loading, or the content.
 */
export function Loadable<T> ({ data, error, what, feature, children }: {
  data: T | undefined
  error: unknown
  what: string
  /** what to call the feature when this node's API does not offer it */
  feature: string
  children: (data: T) => ReactNode
}): ReactNode {
  if (isRouteMissing(error)) {
    return <EmptyState title={`${feature} are not available on this node yet.`}>This node runs a Parley version without them; they appear here once it is updated.</EmptyState>
  }
  if (data === undefined) return error != null ? <ErrorNote error={error} /> : <Loading what={what} />
  return <>{error != null && <ErrorNote error={error} />}{children(data)}</>
}
