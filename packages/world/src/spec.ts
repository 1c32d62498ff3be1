/**
 * WorldSpec: the language worlds are written in. It is JSON data — an LLM can write it
 * through structured output — and it is interpreted, never evaluated as code.
 *
 * Conventions
 * - Terms: a string starting with `?` is a variable (an action parameter or a quantified
 *   variable, named without the `?` where it is declared); any other string is an entity id.
 * - Atoms: `[predicate, ...terms]`, e.g. `["in", "?obj", "fridge_1"]`.
 * - Texts: a string where `{x}` renders variable x's display name (`apple 1`), `{a x}` with
 *   its article (`an apple 1`), `{the x}` with "the", `{x.attr}` a numeric attribute; or an
 *   array of parts mixing such strings with lists and conditionals (see `TextPart`).
 */
import { z } from 'zod'

export const WORLD_SPEC_VERSION = 'refinery.world.v1' as const

const Name = z
  .string()
  .regex(/^[A-Za-z][\w-]*$/, 'use letters, digits, _ or -, starting with a letter')

export const Term = z.string().min(1)
export type Term = z.infer<typeof Term>

export const Atom = z.array(z.string().min(1)).min(1)
export type Atom = z.infer<typeof Atom>

export const Param = z.object({ name: Name, type: Name })
export type Param = z.infer<typeof Param>

// ---------------------------------------------------------------- numeric expressions

export type NumExpr =
  | number
  | { attr: [string, Term] }
  | { add: [NumExpr, NumExpr] }
  | { sub: [NumExpr, NumExpr] }
  | { mul: [NumExpr, NumExpr] }
  | { div: [NumExpr, NumExpr] }
  | { count: { vars: Param[]; where: Condition } }

export const NumExpr: z.ZodType<NumExpr> = z.lazy(() =>
  z.union([
    z.number(),
    z.object({ attr: z.tuple([Name, Term]) }).strict(),
    z.object({ add: z.tuple([NumExpr, NumExpr]) }).strict(),
    z.object({ sub: z.tuple([NumExpr, NumExpr]) }).strict(),
    z.object({ mul: z.tuple([NumExpr, NumExpr]) }).strict(),
    z.object({ div: z.tuple([NumExpr, NumExpr]) }).strict(),
    z
      .object({ count: z.object({ vars: z.array(Param).min(1), where: Condition }).strict() })
      .strict(),
  ]),
)

// ---------------------------------------------------------------- conditions

export const CompareOp = z.enum(['<', '<=', '=', '!=', '>=', '>'])
export type CompareOp = z.infer<typeof CompareOp>

export type Condition =
  | { fact: Atom }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] }
  | { eq: [Term, Term] }
  | { is: [Term, string] }
  | { compare: [NumExpr, CompareOp, NumExpr] }
  | { exists: { vars: Param[]; where: Condition } }
  | { forall: { vars: Param[]; where: Condition } }

/** A condition on the state; `is` tests an entity's type (subtypes included). */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: Atom }).strict(),
    z.object({ not: Condition }).strict(),
    z.object({ all: z.array(Condition) }).strict(),
    z.object({ any: z.array(Condition) }).strict(),
    z.object({ eq: z.tuple([Term, Term]) }).strict(),
    z.object({ is: z.tuple([Term, Name]) }).strict(),
    z.object({ compare: z.tuple([NumExpr, CompareOp, NumExpr]) }).strict(),
    z
      .object({ exists: z.object({ vars: z.array(Param).min(1), where: Condition }).strict() })
      .strict(),
    z
      .object({ forall: z.object({ vars: z.array(Param).min(1), where: Condition }).strict() })
      .strict(),
  ]),
)

// ---------------------------------------------------------------- texts

export type TextPart =
  | string
  | {
      /** One item per binding of `vars` satisfying `where`, in sorted display-name order. */
      list: {
        vars: Param[]
        where: Condition
        /** How to render one item; default `{a <first var>}`. */
        item?: string
        /** Text when no binding exists; default `nothing`. */
        empty?: string
        /** `and`: "a, b, and c" (ALFWorld); `comma`: "a, b, c"; `lines`: one per line. */
        join?: 'and' | 'comma' | 'lines'
      }
    }
  | { if: Condition; then: Text; else?: Text }

export type Text = string | TextPart[]

export const Text: z.ZodType<Text> = z.lazy(() => z.union([z.string(), z.array(TextPart)]))

export const TextPart: z.ZodType<TextPart> = z.lazy(() =>
  z.union([
    z.string(),
    z
      .object({
        list: z
          .object({
            vars: z.array(Param).min(1),
            where: Condition,
            item: z.string().optional(),
            empty: z.string().optional(),
            join: z.enum(['and', 'comma', 'lines']).optional(),
          })
          .strict(),
      })
      .strict(),
    z.object({ if: Condition, then: Text, else: Text.optional() }).strict(),
  ]),
)

// ---------------------------------------------------------------- effects

export type NumericTarget = [string, Term]

export type Effect =
  | { add: Atom }
  | { del: Atom }
  | { set: { attr: NumericTarget; value: NumExpr } }
  | { increase: { attr: NumericTarget; value: NumExpr } }
  | { decrease: { attr: NumericTarget; value: NumExpr } }
  | { when: Condition; then: Effect[]; else?: Effect[] }
  | { forall: { vars: Param[]; where?: Condition; do: Effect[] } }
  | {
      create: {
        /** Variable the new entity is bound to in `facts` and later effects: `new`. */
        as: string
        type: string
        name: string
        article?: string
        /** Facts about the new entity; may use `?<as>`. */
        facts?: Atom[]
        attributes?: Record<string, NumExpr>
      }
    }
  | { destroy: Term }

export const Effect: z.ZodType<Effect> = z.lazy(() => {
  const target = z.tuple([Name, Term])
  const numeric = z.object({ attr: target, value: NumExpr }).strict()
  return z.union([
    z.object({ add: Atom }).strict(),
    z.object({ del: Atom }).strict(),
    z.object({ set: numeric }).strict(),
    z.object({ increase: numeric }).strict(),
    z.object({ decrease: numeric }).strict(),
    z.object({ when: Condition, then: z.array(Effect), else: z.array(Effect).optional() }).strict(),
    z
      .object({
        forall: z
          .object({ vars: z.array(Param).min(1), where: Condition.optional(), do: z.array(Effect) })
          .strict(),
      })
      .strict(),
    z
      .object({
        create: z
          .object({
            as: Name,
            type: Name,
            name: z.string().min(1),
            article: z.string().optional(),
            facts: z.array(Atom).optional(),
            attributes: z.record(Name, NumExpr).optional(),
          })
          .strict(),
      })
      .strict(),
    z.object({ destroy: Term }).strict(),
  ])
})

// ---------------------------------------------------------------- declarations

export const TypeDecl = z
  .object({
    name: Name,
    /** Parent type; every type descends from the implicit root `object`. */
    parent: Name.optional(),
    description: z.string().optional(),
  })
  .strict()
export type TypeDecl = z.infer<typeof TypeDecl>

export const Entity = z
  .object({
    /** Unique id used in facts: `apple_1`. */
    id: Name,
    type: Name,
    /** Surface name without the number: `apple`, `dining table`. */
    name: z.string().min(1),
    /** Number that tells duplicates apart: rendered `apple 1`. Omitted for unique things. */
    number: z.number().int().nonnegative().optional(),
    /** Article used by `{a x}`; default `a` (ALFWorld says "a apple 1"). */
    article: z.string().optional(),
    aliases: z.array(z.string().min(1)).optional(),
    attributes: z.record(Name, z.number()).optional(),
  })
  .strict()
export type Entity = z.infer<typeof Entity>

export const PredicateDecl = z
  .object({
    name: Name,
    params: z.array(Param),
    /** Sentence for a true fact, e.g. `{obj} is in {recep}.` (variables are param names). */
    text: z.string().optional(),
    /** Not shown in state descriptions. */
    hidden: z.boolean().optional(),
  })
  .strict()
export type PredicateDecl = z.infer<typeof PredicateDecl>

export const AttributeDecl = z
  .object({
    name: Name,
    /** Type of the entities that carry it. */
    type: Name,
    default: z.number().default(0),
  })
  .strict()
export type AttributeDecl = z.infer<typeof AttributeDecl>

export const FailStatus = z.enum(['precondition_failed', 'no_effect', 'invalid_argument'])
export type FailStatus = z.infer<typeof FailStatus>

/** An ordered precondition: the first one that does not hold decides the feedback. */
export const Check = z
  .object({
    require: Condition,
    fail: Text,
    status: FailStatus.default('precondition_failed'),
    /** The check is about location or reachability (AgentRefine's place_error). */
    place: z.boolean().optional(),
  })
  .strict()
export type Check = z.input<typeof Check>

export const ActionSchema = z
  .object({
    name: Name,
    params: z.array(Param),
    /** Surface form with `{param}` slots: `take {obj} from {recep}`. */
    pattern: z.string().min(1),
    /** Other phrasings with the same slots. */
    synonyms: z.array(z.string()).optional(),
    checks: z.array(Check).default([]),
    effects: z.array(Effect).default([]),
    /** Observation after success. */
    message: Text,
    /** Alternative observations with the same meaning, for the paraphrase perturbation. */
    paraphrases: z.array(Text).optional(),
    /** Left out of valid actions (still accepted). */
    hidden: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict()
export type ActionSchema = z.input<typeof ActionSchema>

/** Runs after every time-advancing step, once per binding of params where `when` holds. */
export const Process = z
  .object({
    name: Name,
    params: z.array(Param).default([]),
    when: Condition,
    effects: z.array(Effect),
    /** Appended to the observation when the process fires. */
    message: Text.optional(),
  })
  .strict()
export type Process = z.input<typeof Process>

/** A fact that holds whenever its condition does; rules are evaluated in order. */
export const DerivedRule = z
  .object({
    predicate: Name,
    params: z.array(Param),
    when: Condition,
  })
  .strict()
export type DerivedRule = z.infer<typeof DerivedRule>

export const Subgoal = z
  .object({
    id: Name,
    description: z.string().optional(),
    when: Condition,
    /** Reaching it is credited but not required for progress 1. */
    optional: z.boolean().optional(),
    /** Counts only once these subgoals have been reached. */
    after: z.array(Name).optional(),
  })
  .strict()
export type Subgoal = z.infer<typeof Subgoal>

export const Goal = z
  .object({
    /** Shown to the agent: `Your task is to: put a clean apple in fridge.` */
    instruction: z.string().min(1),
    /** The episode is won when this holds. */
    success: Condition,
    /** Progress = reached required subgoals / required subgoals (success counts as all). */
    subgoals: z.array(Subgoal).default([]),
    /** The episode is lost when one of these holds. */
    fail: z.array(z.object({ when: Condition, message: Text }).strict()).default([]),
  })
  .strict()
export type Goal = z.input<typeof Goal>

export const MetaActions = z
  .object({
    look: z.boolean().default(true),
    inventory: z.boolean().default(true),
    checkValidActions: z.boolean().default(true),
    help: z.boolean().default(true),
  })
  .strict()

export const Observations = z
  .object({
    /** First observation after reset; default: `look`. */
    intro: Text.optional(),
    /** What `look` shows. */
    look: Text,
    /** What `inventory` shows. */
    inventory: Text.optional(),
    /** Appended to the observation that wins the episode. */
    success: Text.optional(),
  })
  .strict()

export const WorldSpec = z
  .object({
    spec: z.literal(WORLD_SPEC_VERSION).default(WORLD_SPEC_VERSION),
    id: z.string().min(1),
    title: z.string().optional(),
    types: z.array(TypeDecl).default([]),
    entities: z.array(Entity),
    predicates: z.array(PredicateDecl).default([]),
    attributes: z.array(AttributeDecl).default([]),
    /** Initially true facts (ground atoms). */
    facts: z.array(Atom).default([]),
    actions: z.array(ActionSchema).min(1),
    processes: z.array(Process).default([]),
    derived: z.array(DerivedRule).default([]),
    observations: Observations,
    meta: MetaActions.default({ look: true, inventory: true, checkValidActions: true, help: true }),
    goal: Goal,
    /** The episode ends, unsuccessful, after this many time-advancing steps. */
    maxSteps: z.number().int().positive().optional(),
  })
  .strict()
/** A spec as written (defaults optional). */
export type WorldSpecInput = z.input<typeof WorldSpec>
/** A spec after parsing (defaults filled). */
export type WorldSpec = z.output<typeof WorldSpec>

/** JSON Schema of the WorldSpec language, for LLM structured output. */
export function worldSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WorldSpec, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
}

/**
 * Attribute names used without a declaration: given to entities, or to entities that effects
 * create. They need none (their default is 0). Sorted.
 */
export function implicitAttributes(spec: WorldSpec): string[] {
  const names = new Set<string>()
  for (const e of spec.entities) for (const name of Object.keys(e.attributes ?? {})) names.add(name)
  const walk = (effects: readonly Effect[]): void => {
    for (const e of effects) {
      if ('create' in e) for (const name of Object.keys(e.create.attributes ?? {})) names.add(name)
      else if ('when' in e) {
        walk(e.then)
        walk(e.else ?? [])
      } else if ('forall' in e) walk(e.forall.do)
    }
  }
  for (const a of spec.actions) walk(a.effects)
  for (const p of spec.processes) walk(p.effects)
  return [...names].sort()
}
