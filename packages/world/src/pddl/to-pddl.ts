import { RefineryError } from '@refinery/core'
import type { WorldSpec } from '../spec'

/**
 * A step as a ground PDDL action, lower case: `(pick ball1 rooma left)`. Entities are
 * written with their surface name, which for an imported spec is the PDDL name.
 */
export function toPddlAction(
  step: { schema: string; args: readonly string[] },
  spec: Pick<WorldSpec, 'actions' | 'entities'>,
): string {
  const schema = spec.actions.find((action) => action.name === step.schema)
  if (!schema) {
    throw new RefineryError(
      'invalid_input',
      `The plan step names the unknown action '${step.schema}'.`,
      {
        hint: 'Use a plan made for this spec.',
      },
    )
  }
  const operator = /^PDDL operator (\S+)$/.exec(schema.description ?? '')?.[1] ?? schema.name
  const names = new Map(spec.entities.map((entity) => [entity.id, entity.name] as const))
  const args = step.args.map((id) => (names.get(id) ?? id).replace(/\s+/g, '_'))
  return `(${[operator, ...args].join(' ')})`.toLowerCase()
}
