import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toApiError } from '../../src/api/index.js'
import { InvalidCrateError } from '../../src/crate/index.js'
import { InvalidEntryError } from '../../src/feed/index.js'
import { NameTakenError } from '../../src/identity/index.js'
import { InvalidInputError, NotLoggedInError, ParleyError } from '../../src/kernel/index.js'
import { AdmissionRequiredError, DepositorQuotaError, HolderFullError, MailboxError, QuotaExceededError, errorForStatus } from '../../src/mailbox/index.js'

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
    // a code without a status, and any other error: 500 without the message
    assert.deepEqual(toApiError(errorForStatus('EXPIRED' as any, 'secret detail')), { status: 500, body: { error: { code: 'internal', message: 'internal error' } } })
    assert.deepEqual(toApiError(new TypeError('bug')), { status: 500, body: { error: { code: 'internal', message: 'internal error' } } })
  })
})
