import type { z } from 'zod'
import { jsonPath, type ValidationIssue } from './issues'

type ZodIssue = z.core.$ZodIssue

/**
 * Turns zod's issues into path-bearing ones. A union reports the branch the input was
 * evidently meant for (the one that recognises its keys), so `{fact: [5]}` says
 * `…fact[0]: expected a string` rather than "matches no condition form".
 */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  base: readonly PropertyKey[] = [],
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  for (const issue of issues) out.push(...fromZodIssue(issue, base))
  return out
}

function fromZodIssue(issue: ZodIssue, base: readonly PropertyKey[]): ValidationIssue[] {
  const keys = [...base, ...issue.path]
  const path = jsonPath(keys)
  const make = (message: string, hint: string): ValidationIssue[] => [
    { path, message, hint, code: 'schema' },
  ]
  switch (issue.code) {
    case 'invalid_union': {
      const branches = issue.errors
      if (branches.length === 0)
        return make('The value matches more than one form.', 'Keep only the keys of one form.')
      const onShape = branches.filter((branch) => branch.every((i) => !offShape(i)))
      if (onShape.length > 0) {
        const best = onShape.reduce((a, b) => (b.length < a.length ? b : a))
        return fromZodIssues(best, keys)
      }
      const forms = [
        ...new Set(
          branches.flatMap((branch) =>
            branch.map(missingKey).filter((k): k is string => k !== undefined),
          ),
        ),
      ]
      const expected = [
        ...new Set(
          branches.flatMap((branch) =>
            branch
              .filter((i) => i.path.length === 0 && i.code === 'invalid_type')
              .map((i) => (i as { expected?: string }).expected ?? ''),
          ),
        ),
      ].filter(Boolean)
      const unknown = branches.flatMap((branch) =>
        branch
          .filter((i) => i.code === 'unrecognized_keys')
          .flatMap((i) => (i as { keys: string[] }).keys),
      )
      if (forms.length > 0) {
        const which = unknown.length
          ? `Unknown form '${unknown[0]}'`
          : 'The value matches none of the allowed forms'
        return make(
          `${which}.`,
          `Use exactly one of the keys ${forms.map((f) => `'${f}'`).join(', ')}.`,
        )
      }
      if (expected.length > 0)
        return make(
          `Expected ${expected.map(article).join(' or ')}, got ${describe(issue.input)}.`,
          'Change the value to one of those.',
        )
      return make(
        'The value matches none of the allowed forms.',
        'Compare it with the WorldSpec JSON Schema.',
      )
    }
    case 'invalid_type': {
      const got = describe(issue.input)
      if (issue.input === undefined)
        return make(
          `The required key '${String(keys[keys.length - 1] ?? '')}' is missing.`,
          `Add it (${article(issue.expected)}).`,
        )
      return make(
        `Expected ${article(issue.expected)}, got ${got}.`,
        'Change the value to that type.',
      )
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: jsonPath([...keys, key]),
        message: `Unknown key '${key}'.`,
        hint: 'Remove it or fix its spelling.',
        code: 'schema' as const,
      }))
    case 'invalid_format':
      return make(
        `'${clip(String(issue.input))}' is not a valid name: ${issue.message}.`,
        'Rename it, e.g. apple_1.',
      )
    case 'too_small':
      if (issue.origin === 'array')
        return make(
          `Expected at least ${issue.minimum} item(s), got ${lengthOf(issue.input)}.`,
          'Add the missing items.',
        )
      if (issue.origin === 'string')
        return make(
          'The text is empty.',
          'Write something, or leave the key out where it is optional.',
        )
      return make(
        `The number must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}.`,
        'Raise it.',
      )
    case 'too_big':
      if (issue.origin === 'array')
        return make(
          `Expected at most ${issue.maximum} item(s), got ${lengthOf(issue.input)}.`,
          'Remove the extra items.',
        )
      return make(`The value must be at most ${String(issue.maximum)}.`, 'Lower it.')
    case 'invalid_value':
      return make(
        `Expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(issue.input)}.`,
        'Use one of the allowed values.',
      )
    case 'not_multiple_of':
      return make(`Expected a multiple of ${String(issue.divisor)}.`, 'Use a whole number.')
    case 'invalid_key':
      return fromZodIssues(issue.issues, keys)
    case 'invalid_element':
      return fromZodIssues(issue.issues, keys)
    default:
      return make(`${issue.message}.`, 'Fix the value at this path.')
  }
}

/** An issue that shows the branch was not meant: wrong type at its root or a foreign key. */
function offShape(issue: ZodIssue): boolean {
  if (issue.code === 'unrecognized_keys') return true
  if (issue.code === 'invalid_type' && issue.path.length === 0) return true
  return issue.code === 'invalid_type' && issue.path.length === 1 && issue.input === undefined
}

function missingKey(issue: ZodIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.path.length === 1 && issue.input === undefined)
    return String(issue.path[0])
  return undefined
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string '${clip(value)}'`
  if (typeof value === 'number') return `the number ${value}`
  return article(typeof value)
}

function article(type: string): string {
  if (type === 'tuple') return 'an array'
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
