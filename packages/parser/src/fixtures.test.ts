import type { ActionSpace } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import outputs from './__fixtures__/outputs.json' with { type: 'json' }
import spaces from './__fixtures__/spaces.json' with { type: 'json' }
import { type ParseOptions, parseOutput, type ToolCallOutput } from './output'
import { groundAction } from './space'

interface Fixture {
  name: string
  source: string
  output: string | ToolCallOutput
  options?: ParseOptions
  expected: {
    ok: boolean
    action?: string
    thought?: string
    format?: string
    status?: string
    messageIncludes?: string
  }
  space?: string
  ground?: {
    ok: boolean
    template?: string
    args?: Record<string, string>
    meta?: boolean
    status?: string
  }
}

const fixtures = outputs as Fixture[]
const spaceByName = spaces as unknown as Record<string, ActionSpace>

describe('fixture corpus of model outputs', () => {
  it('has at least 60 outputs', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(60)
  })

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    const parsed = parseOutput(fixture.output, fixture.options)
    const { messageIncludes, ...expected } = fixture.expected
    expect(parsed).toMatchObject(expected)
    if (!parsed.ok) {
      expect(parsed.message).toMatch(/\.$/)
      if (messageIncludes) expect(parsed.message).toContain(messageIncludes)
      return
    }
    if (!fixture.space || !fixture.ground) return
    const space = spaceByName[fixture.space]
    if (!space) throw new Error(`fixture ${fixture.name}: no space ${fixture.space}`)
    const grounded = groundAction(parsed.action, space)
    if (fixture.ground.ok) {
      expect(grounded).toMatchObject({
        ok: true,
        meta: fixture.ground.meta === true,
        action: { template: fixture.ground.template, args: fixture.ground.args },
      })
    } else {
      expect(grounded).toMatchObject({ ok: false, status: fixture.ground.status })
    }
  })
})
