import { z } from 'zod'

/** A typed slot in an action template. `text` slots take free text (search queries, SQL). */
export const Slot = z.object({
  name: z.string().min(1),
  /** An entity type name (matched against `ActionEntity.types`), or `text`. */
  type: z.string().min(1),
})
export type Slot = z.infer<typeof Slot>

export const ActionTemplate = z.object({
  /** Stable identifier, usually the schema or verb name: `take`. */
  id: z.string().min(1),
  /** Literal words with `{slot}` placeholders: `take {obj} from {recep}`. */
  pattern: z.string().min(1),
  slots: z.array(Slot),
  /** Other phrasings of the same action, with the same slots: `pick up {obj} from {recep}`. */
  synonyms: z.array(z.string()).optional(),
  /** Allowed values per slot, when narrower than the slot's type (AgentRefine scripts). */
  allowed: z.record(z.string(), z.array(z.string())).optional(),
  description: z.string().optional(),
})
export type ActionTemplate = z.infer<typeof ActionTemplate>

export const ActionEntity = z.object({
  /** The canonical surface name, numbered when duplicated: `apple 1`. */
  name: z.string().min(1),
  /** The entity's type followed by its ancestors: `['apple', 'food', 'object']`. */
  types: z.array(z.string()),
  aliases: z.array(z.string()).optional(),
})
export type ActionEntity = z.infer<typeof ActionEntity>

/** What the parser grounds action text against. */
export const ActionSpace = z.object({
  templates: z.array(ActionTemplate),
  entities: z.array(ActionEntity),
  /** Meta-actions that do not advance time: `look`, `inventory`, `check valid actions`, `help`. */
  meta: z.array(z.string()).optional(),
})
export type ActionSpace = z.infer<typeof ActionSpace>

/** An action matched to a template with every slot bound. */
export interface GroundedAction {
  template: string
  /** Slot name → canonical entity name (or the free text of a `text` slot). */
  args: Record<string, string>
  /** The canonical rendering of the action through the template's pattern. */
  text: string
}

/** Renders a template pattern with the given slot values. */
export function renderPattern(pattern: string, args: Record<string, string>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole)
}
