import { useEffect, useState } from 'react'
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react'

/** A small history-API router: the node serves index.html for every non-/api path. */

const listeners = new Set<() => void>()

export function navigate (to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return
  if (options.replace === true) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  for (const listener of listeners) listener()
}

export function usePath (): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const update = (): void => { setPath(location.pathname) }
    listeners.add(update)
    addEventListener('popstate', update)
    return () => { listeners.delete(update); removeEventListener('popstate', update) }
  }, [])
  return path
}

/** `pattern` like "/users/:username"; the named parts of `path`, or null when it does not match. */
export function match (pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter((part) => part !== '')
  const have = path.split('/').filter((part) => part !== '')
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try { params[want[i].slice(1)] = decodeURIComponent(have[i]) } catch { return null }
    } else if (want[i] !== have[i]) return null
  }
  return params
}

/** A real link (works with middle-click and the keyboard) that navigates in place. */
export function Link ({ to, children, ...rest }: { to: string, children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>): ReactNode {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={onClick} {...rest}>{children}</a>
}
