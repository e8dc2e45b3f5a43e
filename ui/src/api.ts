/** Calls to this node's HTTP API, with errors turned into sentences a person can act on. */

export class ApiFailure extends Error {
  override readonly name = 'ApiFailure'
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
  }

  /** the node has no such route: the capability is not part of this node's version */
  get routeMissing (): boolean {
    return this.status === 404 && this.code === 'not_found'
  }
}

const FRIENDLY: Record<string, string> = {
  wrong_password: 'Wrong password for this user.',
  name_taken: 'That name is taken. Pick another one, or log in if it is yours.',
  unknown_user: 'There is no user with that name.',
  offline: 'Your node is not connected to the Parley network yet, so it cannot reach other nodes. Check its bootstrap peers, then try again.',
  network_timeout: 'The network did not answer in time. Try again in a moment.',
  unauthorized: 'Your session has ended. Please log in again.',
  not_logged_in: 'Your session has ended. Please log in again.',
  body_too_large: 'That is too long to send.',
  feed_unavailable: 'That feed cannot be fetched right now: no node that holds it answered. Try again in a moment.',
  rate_limited: 'Too many messages at once. Wait a moment, then try again.',
  mailbox_full: 'Their mailbox is full for now. Try again later.',
  unknown_group: 'There is no such group on this node.',
  not_group_creator: 'Only the group\'s creator can do that.',
  group_not_started: 'The group has not started yet: its creator starts it.',
  group_started: 'The group has already started.',
  kdf_busy: 'Your node is busy checking other logins. Try again in a moment.',
  keystore_too_costly: 'This user\'s keystore asks for more memory or work than Parley runs for a login, so it cannot be opened.',
  backup_phrase_invalid: 'That is not a recovery phrase: check each of the 24 words and their order.',
  backup_phrase_wrong: 'That recovery phrase does not open this backup. Use the phrase shown when this backup was made.',
  backup_corrupt: 'This file is not a Parley backup, or it is damaged or cut short. Nothing was restored.',
  backup_account_exists: 'This account is on this node already: log in instead, or restore on another node.',
  backup_conflict: 'Part of this backup clashes with data on this node (a group another user here is in). Nothing was restored; restore on another node.',
  backup_too_large: 'This backup is larger than a node accepts (64 MiB).',
  other_user_signed_in: 'Someone else is signed in on this node. They can log out everywhere first, or you can end their sessions and continue.'
}

/** A message for an error thrown by `api()` or by anything else. */
export function describeError (err: unknown): string {
  if (err instanceof ApiFailure) {
    // the node's message says how long to wait
    if (err.code === 'invalid_body' || err.code === 'invalid_input' || err.code === 'login_rate_limited') return capitalise(err.message.replace(/^[a-z.]+: /, ''))
    return FRIENDLY[err.code] ?? err.message
  }
  return 'Cannot reach your Parley node. Is it still running?'
}

function capitalise (text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.')
}

/** Set by the session: called when a call answers 401 so that the UI signs out. */
let onUnauthorized: ((message: string) => void) | undefined
export function setUnauthorizedHandler (handler: ((message: string) => void) | undefined): void {
  onUnauthorized = handler
}

export async function api<T = unknown> (method: string, path: string, token?: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token != null) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiFailure(0, 'unreachable', 'Cannot reach your Parley node. Is it still running?')
  }
  const text = await response.text()
  let parsed: any
  try { parsed = text === '' ? undefined : JSON.parse(text) } catch { parsed = undefined }
  if (!response.ok) {
    const error = parsed?.error ?? {}
    const failure = new ApiFailure(response.status, String(error.code ?? 'http_' + response.status), String(error.message ?? response.statusText))
    if (response.status === 401 && token != null && failure.code !== 'wrong_password') onUnauthorized?.(failure.message)
    throw failure
  }
  return parsed as T
}
