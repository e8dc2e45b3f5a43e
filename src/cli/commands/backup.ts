import { readFile, writeFile } from 'node:fs/promises'
import { UsageError, readStdinText } from '../args.js'
import { callApiBytes, saveToken } from '../client.js'
import { readSecretLine } from '../password.js'
import type { CommandTable } from './types.js'

/** The phrase as numbered words, six to a line: easier to copy onto paper without a slip. */
function phraseLines (phrase: string): string {
  const words = phrase.split(' ').map((w, i) => `${String(i + 1).padStart(2)}. ${w.padEnd(9)}`)
  const lines: string[] = []
  for (let i = 0; i < words.length; i += 6) lines.push('  ' + words.slice(i, i + 6).join(' ').trimEnd())
  return lines.join('\n')
}

/** The recovery phrase: from --phrase-file (`-` for standard input), else asked on the terminal, else standard input. */
async function readPhrase (file: string | undefined): Promise<string> {
  if (file === '-') return readStdinText()
  if (file != null) return (await readFile(file, 'utf8')).trim()
  return readSecretLine('recovery phrase (24 words)')
}

/** Backup and restore of the logged-in account. */
export const backupCommands: CommandTable = {
  backup: {
    usage: ['backup --out FILE                  an encrypted backup of the account, and its recovery phrase (shown once)'],
    options: { out: { type: 'string' } },
    run: async (ctx) => {
      const out = ctx.values.out
      if (out == null) throw new UsageError('backup needs --out FILE')
      const answer = await callApiBytes(ctx.api, '/api/backup', { token: ctx.token, json: {} })
      const phrase = String(answer.headers['x-recovery-phrase'] ?? '')
      // never over another file (an older backup whose phrase is the only one written down)
      await writeFile(out, answer.bytes, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(err.code === 'EEXIST' ? `${out} exists: choose another file` : `cannot write ${out}: ${err.message}`)
      })
      ctx.print([
        `backup written to ${out} (${answer.bytes.byteLength} bytes, readable by you only)`,
        '',
        'Recovery phrase. Write it down now, on paper, and keep it apart from the file:',
        'it is shown only this once, and without it the backup cannot be opened.',
        'Whoever has both the file and the phrase has your account.',
        '',
        phraseLines(phrase)
      ].join('\n'), { out, size: answer.bytes.byteLength, phrase })
    }
  },
  restore: {
    usage: ['restore FILE [--phrase-file F|-]   restore an account from a backup on a node without it, and log in'],
    options: { 'phrase-file': { type: 'string' } },
    run: async (ctx) => {
      const file = ctx.need(0, 'FILE')
      const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => { throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`) })
      const phrase = (await readPhrase(ctx.values['phrase-file'])).replace(/\s+/g, ' ').trim()
      const answer = await callApiBytes(ctx.api, '/api/restore', { body: bytes, headers: { 'x-recovery-phrase': phrase } })
      const body = JSON.parse(answer.text)
      await saveToken(ctx.api, body.token)
      ctx.print(`restored ${body.user.username} (${body.user.userId}) and logged in`, body)
    }
  }
}
