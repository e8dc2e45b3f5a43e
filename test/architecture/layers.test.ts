import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { LAYER_RANKS, checkLayers, importsOf, sourceFiles } from './layers.js'

/** the repository root: this file runs from dist/test/architecture/ */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

describe('layering (docs/architecture.md)', () => {
  it('src/ has no upward, same-rank or barrel-bypassing import', () => {
    assert.ok(existsSync(join(ROOT, 'src', 'kernel', 'index.ts')), `no source tree at ${ROOT}`)
    const files = sourceFiles(ROOT)
    assert.ok(files.size > 50, `only ${files.size} source files found`)
    const violations = checkLayers(files)
    assert.deepEqual(violations, [], violations.map((v) => `${v.file}: ${v.rule} import of ${v.imports}`).join('\n'))
  })

  it('every folder of src/ has a rank, and an index.ts unless it is the top (the program, which nothing imports)', () => {
    const top = Math.max(...Object.values(LAYER_RANKS))
    for (const folder of readdirSync(join(ROOT, 'src'))) {
      assert.ok(LAYER_RANKS[folder] != null, `src/${folder} has no place in LAYER_RANKS`)
      if (LAYER_RANKS[folder] === top) continue
      assert.ok(existsSync(join(ROOT, 'src', folder, 'index.ts')), `src/${folder} has no index.ts`)
    }
  })

  it('finds an upward import, a same-rank import, a barrel bypass and a folder without a rank', () => {
    const files = new Map([
      ['src/identity/account.ts', "import { FeedService } from '../feed/index.js'\nimport type { X } from '../net/node.js'\n"],
      ['src/dm/service.ts', "import { GroupService } from '../group/index.js'\nexport { y } from '../mailbox/index.js'\n"],
      ['src/group/core/step.ts', "import { Clock } from '../../kernel/index.js'\nimport { z } from '../runtime.js'\n"],
      ['src/feed/lazy.ts', "const m = await import('../app/index.js')\nimport '../nowhere/x.js'\n"]
    ])
    assert.deepEqual(checkLayers(files).map((v) => `${v.file} ${v.rule} ${v.imports}`), [
      'src/identity/account.ts upward ../feed/index.js',
      'src/identity/account.ts barrel-bypass ../net/node.js',
      'src/dm/service.ts same-rank ../group/index.js',
      'src/feed/lazy.ts upward ../app/index.js',
      'src/feed/lazy.ts unknown-folder ../nowhere/x.js'
    ])
  })

  it('reads static, type-only, re-export, side-effect and dynamic imports', () => {
    const source = "import a from './a.js'\nimport type { B } from '../b/index.js'\nexport * from './c.js'\nimport './d.js'\nawait import('../e/index.js')\nimport x from 'libp2p'\n"
    assert.deepEqual(importsOf(source), ['./a.js', '../b/index.js', './c.js', './d.js', '../e/index.js'])
  })
})
