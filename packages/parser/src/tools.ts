import type { ActionSpace } from '@refinery/core'
import { toolName } from './output'

/** An OpenAI function tool, as `chat.completions.create({ tools })` takes it. */
export interface ActionTool {
  type: 'function'
  function: {
    name: string
    description: string
    parameters: {
      type: 'object'
      properties: Record<string, { type: 'string'; description: string; enum?: string[] }>
      required: string[]
      additionalProperties: false
    }
  }
}

/** More names than this and a slot lists none: the prompt would drown in them. */
const MAX_ENUM = 64

/**
 * The action space as OpenAI function tools, one per template: the function is named after
 * the template id (`pick-up` → `pick_up`) and takes one string per slot, listing the names
 * the slot accepts when there are few. A reply that calls one of them is read back by
 * `parseOutput(toolCallOutput(message), { space })`. Sorted by name.
 */
export function actionTools(space: ActionSpace): ActionTool[] {
  const tools = new Map<string, ActionTool>()
  for (const template of space.templates) {
    const name = toolName(template.id)
    if (tools.has(name)) continue
    const properties: ActionTool['function']['parameters']['properties'] = {}
    for (const slot of template.slots) {
      const allowed =
        template.allowed?.[slot.name] ??
        (slot.type === 'text'
          ? undefined
          : space.entities.filter((e) => e.types.includes(slot.type)).map((e) => e.name))
      const values = allowed ? [...new Set(allowed)].sort() : undefined
      properties[slot.name] = {
        type: 'string',
        description:
          slot.type === 'text'
            ? 'free text'
            : `${/^[aeiou]/i.test(slot.type) ? 'an' : 'a'} ${slot.type}`,
        ...(values && values.length > 0 && values.length <= MAX_ENUM ? { enum: values } : {}),
      }
    }
    tools.set(name, {
      type: 'function',
      function: {
        name,
        description: template.description ?? template.pattern,
        parameters: {
          type: 'object',
          properties,
          required: template.slots.map((slot) => slot.name),
          additionalProperties: false,
        },
      },
    })
  }
  return [...tools.values()].sort((a, b) => (a.function.name < b.function.name ? -1 : 1))
}
