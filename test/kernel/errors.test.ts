import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toApiError } from '../../src/api/index.js'
import { InvalidCrateError } from '../../src/crate/index.js'
import { InvalidEntryError } from '../../src/feed/index.js'
import { KdfBusyError, KeystoreTooCostlyError, LoginRateLimitedError, NameTakenError } from '../../src/identity/index.js'
import { InvalidInputError, NotLoggedInError, ParleyError } from '../../src/kernel/index.js'
import { AdmissionRequiredError, DepositorQuotaError, HolderFullError, MailboxError, QuotaExceededError, errorForStatus } from '../../src/mailbox/index.js'
import { StorageFullError, StorageIoError, storageFault } from '../../src/store/index.js'

describe('errors: one style, one table', () => {
  it('each class carries its stable name and code, and keeps its cause', () => {
    const cause = new Error('disk')
    const err = new NameTakenError('username "alice" is taken', { cause })
    assert.ok(err instanceof ParleyError)
    assert.equal(err.name, 'NameTakenError')
    assert.equal(err.code, 'name_taken')
    assert.equal(err.cause, cause)
    assert.equal(new InvalidEntryError('future', 'too far ahead').code, 'invalid_input')
    assert.equal(new InvalidEntryError('future', 'too far ahead').reason, 'future')
    assert.equal(new InvalidInputError('x').name, 'InvalidInputError')
  })

  it('a wire status becomes the error of its class, with the API code and the wire status', () => {
    const full = errorForStatus('QUOTA_EXCEEDED' as any, 'mailbox full')
    assert.ok(full instanceof QuotaExceededError)
    assert.deepEqual([full.name, full.code, full.status], ['QuotaExceededError', 'mailbox_full', 'quota_exceeded'])
    for (const [status, type, code] of [['ADMISSION_REQUIRED', AdmissionRequiredError, 'admission_required'], ['DEPOSITOR_QUOTA', DepositorQuotaError, 'depositor_quota'], ['HOLDER_FULL', HolderFullError, 'holder_full']] as const) {
      const err = errorForStatus(status as any, 'refused')
      assert.ok(err instanceof type, status)
      assert.deepEqual([err.code, err.status], [code, code])
    }
    const other = errorForStatus('EXPIRED' as any, 'too old')
    assert.ok(other instanceof MailboxError)
    assert.deepEqual([other.code, other.status], ['mailbox_refused', 'expired'])
  })

  it('the API answers each code with its status and hides what it does not know', () => {
    assert.deepEqual(toApiError(new NameTakenError('taken')), { status: 409, body: { error: { code: 'name_taken', message: 'taken' } } })
    assert.equal(toApiError(new NotLoggedInError('nobody')).status, 401)
    assert.equal(toApiError(new InvalidCrateError('bad')).status, 400)
    assert.equal(toApiError(new QuotaExceededError('full')).status, 507)
    assert.deepEqual([new AdmissionRequiredError('x'), new DepositorQuotaError('x'), new HolderFullError('x')].map((e) => toApiError(e).status), [403, 507, 507])
    // login limits: the wait goes out as Retry-After
    assert.deepEqual(toApiError(new LoginRateLimitedError('wait', 8_000)), { status: 429, body: { error: { code: 'login_rate_limited', message: 'wait' } }, retryAfterMs: 8_000 })
    assert.deepEqual([toApiError(new KdfBusyError('busy')).status, toApiError(new KdfBusyError('busy')).retryAfterMs], [503, 1_000])
    assert.equal(toApiError(new KeystoreTooCostlyError('2 GiB')).status, 422)
    // a code without a status, and any other error: 500 without the message
    assert.deepEqual(toApiError(errorForStatus('EXPIRED' as any, 'secret detail')), { status: 500, body: { error: { code: 'internal', message: 'internal error' } } })
    assert.deepEqual(toApiError(new TypeError('bug')), { status: 500, body: { error: { code: 'internal', message: 'internal error' } } })
  })
  it('a full or failing disk is a storage fault with its reason, answered 507; other SQLite errors stay internal', () => {
    // what node:sqlite throws (errcode: SQLite's result code; 778 is SQLITE_IOERR_WRITE)
    const sqlite = (errcode: number, errstr: string): Error => Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr })
    const full = storageFault(sqlite(13, 'database or disk is full'))
    assert.ok(full instanceof StorageFullError)
    assert.match(full.message, /database or disk is full/)
    assert.ok(storageFault(sqlite(778, 'disk I/O error')) instanceof StorageIoError)
    assert.ok(storageFault(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) instanceof StorageFullError)
    assert.equal(storageFault(sqlite(19, 'UNIQUE constraint failed')), undefined)
    assert.deepEqual(toApiError(sqlite(13, 'database or disk is full')).body.error.code, 'storage_full')
    assert.equal(toApiError(sqlite(13, 'database or disk is full')).status, 507)
    assert.equal(toApiError(new StorageIoError('disk I/O error')).status, 507)
    assert.equal(toApiError(sqlite(19, 'UNIQUE constraint failed')).status, 500)
  })
})
