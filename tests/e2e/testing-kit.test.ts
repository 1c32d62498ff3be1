import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './cli'

/** A resolve hook under which importing vitest fails, as it does where vitest is not installed. */
const NO_VITEST = `data:text/javascript,${encodeURIComponent(
  "export async function resolve(s, c, next) { if (s === 'vitest' || s.startsWith('vitest/')) throw new Error('vitest is not installed'); return next(s, c) }",
)}`

describe('@refinery/core/testing outside a test runner', () => {
  it('checks a family from a plain script without loading vitest', () => {
    const kit = pathToFileURL(resolve(repoRoot, 'packages/core/dist/testing/index.js')).href
    const script = `
      import { register } from 'node:module'
      register(${JSON.stringify(NO_VITEST)})
      const { checkFamilyConformance, createLockboxFamily } = await import(${JSON.stringify(kit)})
      const failures = await checkFamilyConformance(createLockboxFamily(), { tasks: 2 })
      console.log(JSON.stringify(failures))
    `
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual([])
  })
})
