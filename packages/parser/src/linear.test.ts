import { describe, expect, it } from 'vitest'
import { sampleSpace } from './__fixtures__/sample-space'
import { parseOutput } from './output'
import { groundAction } from './space'

/**
 * Adversarial shapes of about 200 KB. A quadratic path would take minutes on these and
 * trip the test timeout; a linear one takes milliseconds. No wall-clock assertion here:
 * the benchmark measures time, the tests only that every input comes back.
 */
const SIZE = 200_000
const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length))

const shapes: Record<string, string> = {
  colons: repeat('a:'),
  spaces: `Action:${repeat(' ')}x`,
  manyDistinctActions: Array.from({ length: SIZE / 20 }, (_, i) => `Action: go to room ${i}`).join(
    '\n',
  ),
  manyThoughts: repeat('Thought: hmm\n'),
  labelsWithoutColons: repeat('Action Thought Observation '),
  openBraces: `{${repeat('{')}`,
  openBrackets: `[${repeat('[{')}`,
  unterminatedString: `{"action": "${repeat('a')}`,
  jsonishLines: repeat('{"thought": "x",\n'),
  fences: repeat('```\n'),
  digitsBeforeColon: repeat('Action 1111111:'),
  wide: repeat('：Ａ'),
  longBareLine: repeat('take apple 1 from fridge 1 '),
  numberedObservations: repeat('Action 1: look\nObservation 1: x\n'),
  openThinkTags: repeat('<think>'),
  closeThinkTags: repeat('</think>x'),
  openToolCalls: repeat('<tool_call>{"name": "go", '),
  emptyObjects: `<|python_tag|>${repeat('{};')}`,
  functionTags: repeat('<function=go>{'),
  specialTokens: repeat('<|a|><s>[INST]'),
}

describe('linear time on adversarial input', () => {
  for (const [name, text] of Object.entries(shapes)) {
    it(`parses and grounds ${name}`, () => {
      for (const strict of [false, true]) {
        const parsed = parseOutput(text, { strict })
        expect(typeof parsed.ok).toBe('boolean')
        if (parsed.ok) expect(typeof groundAction(parsed.action, sampleSpace()).ok).toBe('boolean')
      }
      expect(typeof groundAction(text, sampleSpace()).ok).toBe('boolean')
    })
  }
})
