import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { ApiError } from '../api/index.js'
import { requestApi } from './http.js'
import type { HttpAnswer } from './http.js'

/** Where client commands keep the token of each node they logged in to. */
function configPath (): string {
  return process.env.PARLEY_CLI_CONFIG ?? join(homedir(), '.config', 'parley', 'cli.json')
}

async function readTokens (): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(configPath(), 'utf8'))
  } catch {
    return {}
  }
}

export async function saveToken (api: string, token: string | undefined): Promise<void> {
  const tokens = await readTokens()
  if (token == null) delete tokens[api]
  else tokens[api] = token
  await mkdir(dirname(configPath()), { recursive: true })
  await writeFile(configPath(), JSON.stringify(tokens, null, 2), { mode: 0o600 })
}

export async function loadToken (api: string): Promise<string | undefined> {
  return process.env.PARLEY_TOKEN ?? (await readTokens())[api]
}

/** Calls one API endpoint of the node at `api` (HOST:PORT or unix:PATH); an error answer becomes the ApiError it describes. */
export async function callApi<T = any> (api: string, method: string, path: string, options: { body?: unknown, token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token != null) headers.authorization = `Bearer ${options.token}`
  let response: HttpAnswer
  try {
    response = await requestApi(api, method, path, {
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(60_000)
    })
  } catch (err: any) {
    throw new ApiError(0, 'unreachable', `no node answers at ${api} (${err.code ?? err.cause?.code ?? err.message})`)
  }
  if (response.status === 204) return undefined as T
  const text = response.text
  let body: any
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError(response.status, 'bad_response', `node answered ${response.status} with non-JSON`)
  }
  if (response.status < 200 || response.status > 299) throw new ApiError(response.status, body?.error?.code ?? 'error', body?.error?.message ?? `HTTP ${response.status}`)
  return body as T
}

/**
 * Like `callApi` for routes whose body or answer is bytes (backup, restore): resolves to
 * the answer (its bytes and headers) when it is a success, else throws its ApiError.
 */
export async function callApiBytes (api: string, path: string, options: { body?: Uint8Array, json?: unknown, token?: string, headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  headers['content-type'] = options.body != null ? 'application/octet-stream' : 'application/json'
  if (options.token != null) headers.authorization = `Bearer ${options.token}`
  let response: HttpAnswer
  try {
    response = await requestApi(api, 'POST', path, { headers, body: options.body ?? JSON.stringify(options.json ?? {}), signal: AbortSignal.timeout(300_000) })
  } catch (err: any) {
    throw new ApiError(0, 'unreachable', `no node answers at ${api} (${err.code ?? err.cause?.code ?? err.message})`)
  }
  if (response.status >= 200 && response.status <= 299) return response
  let body: any
  try { body = JSON.parse(response.text) } catch {}
  throw new ApiError(response.status, body?.error?.code ?? 'error', body?.error?.message ?? `HTTP ${response.status}`)
}
