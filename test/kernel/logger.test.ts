import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createLogRoot, pinoLogger, serializeRequest } from '../../src/kernel/index.js'
import type { LogLevel } from '../../src/kernel/index.js'

/** A root whose lines are parsed into `lines`. */
function recordingRoot (level: LogLevel): { root: ReturnType<typeof createLogRoot>, lines: any[] } {
  const lines: any[] = []
  const root = createLogRoot({ level, destination: { write: (line: string) => { lines.push(JSON.parse(line)) } } })
  return { root, lines }
}

describe('logger', () => {
  it('writes JSON lines at and above its level, with the component name and an Error as err', () => {
    const { root, lines } = recordingRoot('info')
    const log = pinoLogger(root, 'parley:test')
    log.debug('dropped')
    log.info('kept', 1, 'two')
    log.error('failed', new Error('disk full'))
    assert.deepEqual(lines.map((l) => [l.level, l.name, l.msg]), [[30, 'parley:test', 'kept'], [50, 'parley:test', 'failed']])
    assert.deepEqual(lines[0].details, [1, 'two'])
    assert.equal(lines[1].err.message, 'disk full')
    assert.match(lines[1].err.stack, /disk full/)
  })

  it('blanks credentials in headers and objects, and tokens in request URLs', () => {
    const { root, lines } = recordingRoot('trace')
    root.info({ headers: { authorization: 'Bearer abc123', cookie: 'sid=1', host: 'x' } }, 'headers')
    // a request is logged through its serializer, which leaves out headers and body altogether
    root.info({ req: { method: 'POST', url: '/api/login', headers: { authorization: 'Bearer abc123' }, body: { password: 'hunter22' } } }, 'request')
    root.info({ body: { username: 'ann', password: 'hunter22' }, token: 'tok456' }, 'body')
    root.info({ req: serializeRequest({ method: 'GET', url: '/api/events?a=1&token=tok789&b=2', ip: '127.0.0.1' }) }, 'url')
    pinoLogger(root, 'parley:test').warn('options', { username: 'ann', password: 'hunter33' })
    const text = lines.map((l) => JSON.stringify(l)).join('\n')
    for (const secret of ['abc123', 'sid=1', 'hunter22', 'tok456', 'tok789', 'hunter33']) assert.ok(!text.includes(secret), `${secret} logged`)
    assert.equal(lines[0].headers.host, 'x')
    assert.deepEqual(Object.keys(lines[1].req), ['method', 'url'])
    assert.equal(lines[2].body.username, 'ann')
    assert.equal(lines[3].req.url, '/api/events?a=1&token=[redacted]&b=2')
    assert.deepEqual(lines[4].details, [{ username: 'ann', password: '[redacted]' }])
  })
})
