/**
 * Backup and restore of one account (docs/backup.md): `create` seals the logged-in user's
 * keys and rows under a fresh recovery phrase; `restore` opens such a file on a node that
 * does not have the account, writes it in one transaction and logs the user in.
 */
import { collectBackup, encodeContent, restoreContent } from './backup-content.js'
import { newRecoveryPhrase, openBackup, sealBackup } from './backup-file.js'
import type { BackupKdfParams } from './backup-file.js'
import { RestoreBusyError } from './errors.js'
import type { AccountService, Session } from '../identity/index.js'
import type { Clock } from '../kernel/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions } from '@libp2p/interface'

export interface BackupComponents {
  database: ParleyDatabase
  accounts: AccountService
  clock: Clock
}

export interface BackupsInit {
  /** scrypt cost of new backups (default BACKUP_SCRYPT: N = 2^15, r = 8, p = 1) */
  scrypt?: BackupKdfParams
}

export interface MadeBackup {
  /** the encrypted file */
  file: Uint8Array
  /** the 24 words that open it, shown to the user once and kept nowhere */
  phrase: string
  username: string
}

export class Backups {
  readonly #components: BackupComponents
  readonly #init: BackupsInit
  #restoring = false

  constructor (components: BackupComponents, init: BackupsInit = {}) {
    this.#components = components
    this.#init = init
  }

  /** A backup of the logged-in user under a new recovery phrase. */
  async create (): Promise<MadeBackup> {
    const session = this.#components.accounts.requireSession()
    const content = collectBackup(this.#components.database, session, this.#components.clock.now())
    const phrase = newRecoveryPhrase()
    const file = await sealBackup(encodeContent(content), phrase, this.#init.scrypt)
    return { file, phrase, username: session.username }
  }

  /**
   * Opens `file` with `phrase`, writes the account's rows (all or none) and logs the user
   * in with the keys it holds. Nothing is written unless the phrase opens an intact file
   * and the account is new to this node.
   */
  async restore (file: Uint8Array, phrase: string, options?: AbortOptions): Promise<Session> {
    // one at a time: a restore is rare, and many at once would each hold scrypt's memory
    if (this.#restoring) throw new RestoreBusyError('a restore is under way on this node: try again when it is done')
    this.#restoring = true
    try {
      // nothing written while another user is signed in here (409 other_user_signed_in)
      const { session } = await restoreContent(this.#components, await openBackup(file, phrase), { ...options, otherUser: 'refuse' })
      return session
    } finally {
      this.#restoring = false
    }
  }
}
