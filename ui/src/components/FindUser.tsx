import { useState } from 'react'
import { navigate } from '../router.tsx'
import type { FormEvent, ReactNode } from 'react'

/** Go to a user's profile by name. */
export function FindUser (): ReactNode {
  const [name, setName] = useState('')
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const username = name.trim().replace(/^@/, '')
    if (username !== '') navigate(`/users/${encodeURIComponent(username)}`)
  }
  return (
    <form className="row find" role="search" onSubmit={submit}>
      <label htmlFor="find-user" className="visually-hidden">Find a user by name</label>
      <input id="find-user" className="grow" type="search" autoCapitalize="none" spellCheck={false} placeholder="Find a user by name"
        value={name} onChange={(e) => { setName(e.target.value) }} />
      <button type="submit" className="secondary">Find</button>
    </form>
  )
}
