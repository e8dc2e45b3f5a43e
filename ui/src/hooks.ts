import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiFailure } from './api.ts'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  /** fetches again, keeping the current data on screen meanwhile */
  reload: () => void
}

/** Loads `fetcher()` when `key` changes and on `reload()`; the newest call wins. */
export function useLoad<T> (fetcher: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T, error?: unknown, loading: boolean }>({ loading: true })
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const generation = useRef(0)

  const reload = useCallback(() => {
    const mine = ++generation.current
    setState((current) => ({ ...current, loading: true }))
    fetcherRef.current().then(
      (data) => { if (mine === generation.current) setState({ data, loading: false }) },
      (error: unknown) => { if (mine === generation.current) setState((current) => ({ data: current.data, error, loading: false })) }
    )
  }, [])

  useEffect(() => {
    setState({ loading: true })
    reload()
  }, [key, reload])

  return { data: state.data, error: state.error, loading: state.loading, reload }
}

/** Whether an error means "this node does not have that part of the API yet". */
export function isRouteMissing (error: unknown): boolean {
  return error instanceof ApiFailure && error.routeMissing
}
