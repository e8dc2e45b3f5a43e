import { ParleyError } from '../kernel/index.js'

/** The recovery phrase is not one: a word outside the BIP-39 English list, the wrong count, or a failed checksum (a typo). */
export class BackupPhraseInvalidError extends ParleyError {
  static override readonly code = 'backup_phrase_invalid'
  override readonly name = 'BackupPhraseInvalidError'
}

/** A well-formed recovery phrase, but not the one this backup was made with. Nothing was written. */
export class BackupPhraseWrongError extends ParleyError {
  static override readonly code = 'backup_phrase_wrong'
  override readonly name = 'BackupPhraseWrongError'
}

/** The file is not a Parley backup, or it is truncated or damaged (its authentication failed). Nothing was written. */
export class BackupCorruptError extends ParleyError {
  static override readonly code = 'backup_corrupt'
  override readonly name = 'BackupCorruptError'
}

/** The backup's account is on this node already: a restore only goes to a node that does not have it. */
export class BackupAccountExistsError extends ParleyError {
  static override readonly code = 'backup_account_exists'
  override readonly name = 'BackupAccountExistsError'
}

/** The backup (or its content once decompressed) is larger than a node accepts (MAX_BACKUP_BYTES, MAX_BACKUP_CONTENT_BYTES). */
export class BackupTooLargeError extends ParleyError {
  static override readonly code = 'backup_too_large'
  override readonly name = 'BackupTooLargeError'
}

/** A row of the backup clashes with one this node holds (a group another user of this node is in). Nothing was written. */
export class BackupConflictError extends ParleyError {
  static override readonly code = 'backup_conflict'
  override readonly name = 'BackupConflictError'
}

/** A restore is under way on this node already: one at a time (each holds the file and 32 MiB of scrypt). */
export class RestoreBusyError extends ParleyError {
  static override readonly code = 'restore_busy'
  override readonly name = 'RestoreBusyError'
}
