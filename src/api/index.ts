/** The HTTP + WebSocket API of API.md, with JSON errors and bearer tokens. */
export { startApiServer } from './server.js'
export type { ApiServer, ApiServerInit } from './server.js'
export { toApiError, ApiError } from './errors.js'
export { API_VERSION } from './routes.js'
export { SESSION_IDLE_MS } from './tokens.js'
