import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RunState, startAll, stopAll } from '../../src/kernel/index.js'
import type { Startable } from '../../src/kernel/index.js'

function recorder (): { calls: string[], service: (name: string, fail?: 'start' | 'stop') => Startable } {
  const calls: string[] = []
  return {
    calls,
    service: (name, fail) => ({
      start: async () => {
        calls.push(`start ${name}`)
        if (fail === 'start') throw new Error(`${name} cannot start`)
      },
      stop: async () => {
        calls.push(`stop ${name}`)
        if (fail === 'stop') throw new Error(`${name} cannot stop`)
      }
    })
  }
}

describe('start and stop helpers', () => {
  it('start in order and stop in reverse order; values without start/stop are skipped', async () => {
    const { calls, service } = recorder()
    const list = [service('a'), 'not a service', service('b'), service('c')]
    await startAll(list)
    await stopAll(list)
    assert.deepEqual(calls, ['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a'])
  })

  it('a failed start stops the services started before it, in reverse, and rethrows', async () => {
    const { calls, service } = recorder()
    await assert.rejects(startAll([service('a'), service('b'), service('c', 'start'), service('d')]), /c cannot start/)
    assert.deepEqual(calls, ['start a', 'start b', 'start c', 'stop b', 'stop a'])
  })

  it('stopAll stops every service even when one fails, then throws the first failure', async () => {
    const { calls, service } = recorder()
    await assert.rejects(stopAll([service('a'), service('b', 'stop'), service('c', 'stop')]), /c cannot stop/)
    assert.deepEqual(calls, ['stop c', 'stop b', 'stop a'])
  })

  it('RunState makes a second start or stop a no-op', () => {
    const run = new RunState()
    assert.equal(run.end(), false)
    assert.equal(run.begin(), true)
    assert.equal(run.begin(), false)
    assert.equal(run.running, true)
    assert.equal(run.end(), true)
    assert.equal(run.end(), false)
  })
})
