import { writeFile } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { z } from 'zod'
import { ApiError } from './errors.js'
import { parse } from './schemas.js'
import { userOf } from './routes.js'
import type { RouteInputs } from './schemas.js'
import type { RouteModule } from './auth.js'
import { MAX_BACKUP_BYTES } from '../app/index.js'

const backupBody = z.strictObject({
  // a file on the node's machine to write the backup to instead of answering it
  out: z.string().min(1).max(4096).refine(isAbsolute, 'out: an absolute path on the node\'s machine').optional()
})

/** What each backup route validates (docs/openapi.yaml is generated from it). */
export const BACKUP_INPUTS: RouteInputs = {
  'POST /api/backup': { body: backupBody },
  'POST /api/restore': { rawBody: 'application/octet-stream' }
}

/** The header that carries the recovery phrase: in the backup's answer once, and in a restore's request. */
export const PHRASE_HEADER = 'x-recovery-phrase'

/**
 * Backup and restore (API.md): POST /api/backup answers the encrypted file and, once, its
 * recovery phrase; POST /api/restore takes such a file (application/octet-stream, at most
 * MAX_BACKUP_BYTES) with the phrase on a node without the account, and logs the user in.
 */
export const registerBackupRoutes: RouteModule = (app, { parley, sessions, authed }) => {
  // raw bodies for the restore; every other route keeps the server's JSON limit (64 KiB)
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  app.post('/api/backup', async (request, reply) => {
    authed(request)
    const { out } = parse(backupBody, request.body ?? {})
    const made = await parley.backups.create()
    // the phrase is shown once: nothing between here and the user may keep the answer
    void reply.header(PHRASE_HEADER, made.phrase).header('cache-control', 'no-store')
    if (out != null) {
      await writeFile(out, made.file, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw new ApiError(err.code === 'EEXIST' ? 409 : 400, 'backup_out_unwritable', `cannot write ${out}: ${err.code ?? err.message}`)
      })
      return reply.code(201).send({ out, size: made.file.byteLength, username: made.username })
    }
    const name = `parley-${made.username}-${new Date().toISOString().slice(0, 10)}.backup`
    return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${name}"`).send(Buffer.from(made.file))
  })

  app.post('/api/restore', { bodyLimit: MAX_BACKUP_BYTES }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new ApiError(415, 'unsupported_media_type', 'send the backup file as application/octet-stream')
    const phrase = request.headers[PHRASE_HEADER]
    if (typeof phrase !== 'string' || phrase.trim() === '') throw new ApiError(400, 'backup_phrase_missing', 'send the recovery phrase in the X-Recovery-Phrase header')
    const session = await parley.backups.restore(new Uint8Array(request.body), phrase, { signal: AbortSignal.timeout(30_000) })
    const { token } = await sessions.open(session.username, false)
    return { token, user: userOf(session) }
  })
}
