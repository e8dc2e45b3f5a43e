/** Backup and restore through the node's API: the file is bytes, the phrase travels in a header. */
import { ApiFailure } from './api.ts'
import type { User } from './types.ts'

async function failure (response: Response): Promise<ApiFailure> {
  let error: any = {}
  try { error = (await response.json())?.error ?? {} } catch {}
  return new ApiFailure(response.status, String(error.code ?? 'http_' + response.status), String(error.message ?? response.statusText))
}

async function send (path: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetch(path, { method: 'POST', ...init })
  } catch {
    throw new ApiFailure(0, 'unreachable', 'Cannot reach your Parley node. Is it still running?')
  }
  if (!response.ok) throw await failure(response)
  return response
}

/** A new backup of the logged-in user: the file, its name, and the phrase (shown once). */
export async function makeBackup (token: string): Promise<{ file: Blob, name: string, phrase: string }> {
  const response = await send('/api/backup', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'parley.backup'
  return { file: await response.blob(), name, phrase: response.headers.get('x-recovery-phrase') ?? '' }
}

/** Restores the backup in `file` with `phrase` on this node, and logs in. */
export async function restoreBackup (file: Blob, phrase: string): Promise<{ token: string, user: User }> {
  const words = phrase.trim().split(/\s+/).join(' ')
  const response = await send('/api/restore', { headers: { 'content-type': 'application/octet-stream', 'x-recovery-phrase': words }, body: file })
  return response.json()
}
