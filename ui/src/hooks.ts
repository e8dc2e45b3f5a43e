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

/** A list kept in localStorage under `key` (newest first, no duplicates, at most `max`). */
export function useRememberedList (key: string, max = 50): [string[], (item: string) => void] {
  const read = (): string[] => {
    try {
      const list = JSON.parse(localStorage.getItem(key) ?? '[]')
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
    } catch { return [] }
  }
  const [items, setItems] = useState(read)
  useEffect(() => { setItems(read()) }, [key]) // eslint-disable-line react-hooks/exhaustive-deps
  const remember = useCallback((item: string) => {
    setItems((current) => {
      const next = [item, ...current.filter((x) => x !== item)].slice(0, max)
      localStorage.setItem(key, JSON.stringify(next))
      return next
    })
  }, [key, max])
  return [items, remember]
}
