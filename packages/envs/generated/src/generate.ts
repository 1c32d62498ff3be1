import { RefineryError, type Rng, rngStream } from '@refinery/core'
import {
  type CompiledWorld,
  deepFreeze,
  formatIssues,
  type PlanStep,
  type Text,
  type TextPart,
  validateBuiltWorldSpec,
  WORLD_SPEC_VERSION,
  type WorldSpec,
} from '@refinery/world'
import { type ActionContext, actionDef } from './actions'
import { type Need, WorldBuilder } from './builder'
import { all, any, exists, fact, joinAnd, not, param } from './dsl'
import { GeneratedEnvironment, oraclePlanners, type ProvenPlan } from './environment'
import { GATE_MECHANICS, GOAL_MECHANICS, MECHANIC_TABLE, type MechanicId } from './mechanics'
import { PHRASINGS, VERBS, type Verb } from './phrasings'
import { constructionPlan, plannerSolves } from './solve'
import { inventoryView, roomView, STYLES, type Style, VOICES, type Voice } from './styles'
import { TEST_THEMES, type Theme, TRAIN_THEMES, themeById } from './themes'

export type Range = readonly [number, number]

export interface GenerateOptions {
  seed: number
  /** Which pools the theme and the verb phrasings come from: test draws the held-out ones. */
  split?: 'train' | 'dev' | 'test'
  /** A theme id; default one drawn from the split's pool. */
  theme?: string
  /** Mechanics joined in one world (default 2 to 5). */
  mechanics?: Range
  /** Rooms at the start; gates may add rooms up to the theme's four (default 1 to 3). */
  rooms?: Range
  /** Distractor objects (default 0 to 5). */
  distractors?: Range
  /** Length of the oracle's plan from the start (default 4 to 25). */
  planLength?: Range
  /** World id (default `generated/<seed>`). */
  id?: string
  /** Planner node budget of the oracle's narrow search and of the check (default 20,000). */
  planNodes?: number
  /** Draws tried before giving up (default 60). */
  maxAttempts?: number
  /**
   * The world planner must solve every world too (on by default): the oracle's narrow search
   * (`planNodes` nodes, its first plan, see `plannerSolves`) from the start; a draw it does
   * not solve within budget is passed over. The shorter of its plan and the composed one is
   * the length checked against `planLength` and the oracle's first plan. False leaves the
   * search out: the composed plan winning on the engine is then the only proof that the goal
   * can be reached, and its length the one checked. The search is most of a world's cost:
   * warm, 3.9–5.3 ms a world against 1.8–2.3 ms without it (one core, a loaded machine).
   */
  plannerCheck?: boolean
}

export interface GeneratedWorld {
  spec: WorldSpec
  theme: string
  mechanics: MechanicId[]
  /**
   * The oracle's plan from the start: the one the world was composed to be solved by, or the
   * planner's where it is shorter; it won, typed as text: the proof.
   */
  plan: string[]
  /** The world's verb phrasings, sorted: its action vocabulary. */
  vocabulary: string[]
  style: Style
  voice: Voice
  /** Which draw passed the checks. */
  attempt: number
  /** Entity ids no goal needs (the oracle's first search leaves them out), sorted. */
  distractors: string[]
}

export const DEFAULT_KNOBS = {
  mechanics: [2, 5] as Range,
  rooms: [1, 3] as Range,
  distractors: [0, 5] as Range,
  planLength: [4, 25] as Range,
}
export const DEFAULT_PLAN_NODES = 20_000
export const MAX_STEPS = 50

/**
 * One world: a goal mechanic, gate mechanics that hide what it needs (and what they need in
 * turn), distractors, a theme's nouns, per-world verb phrasings and an observation style.
 * A draw becomes a world only when the spec validates, the goal does not already hold, the
 * world planner solves it within budget (`plannerCheck`), the shorter of its plan and the one
 * the world was composed to be solved by has the asked length, and that plan, typed as text
 * by an agent that names only what it was shown, wins. Otherwise the next draw is tried.
 * Deterministic: the same options give the same bytes.
 */
export function generateWorld(options: GenerateOptions): GeneratedWorld {
  return generateCompiled(options).world
}

/** A generated world with what its checks built: the compiled world and the proven plan. */
export interface CompiledGeneratedWorld {
  world: GeneratedWorld
  compiled: CompiledWorld
  /** `world.plan` with its steps: the oracle's answer from the start. */
  proven: ProvenPlan
  /**
   * The environment the typed replay played the plan on, rich profile: reset, it is a new
   * environment of the world with its grounding already built. Hand it out once.
   */
  played: GeneratedEnvironment
}

/** `generateWorld`, handing over the compiled world and the plan's steps as well. */
export function generateCompiled(options: GenerateOptions): CompiledGeneratedWorld {
  const knobs = { ...DEFAULT_KNOBS, ...definedOnly(options) }
  checkRange('mechanics', knobs.mechanics, 1, 5)
  checkRange('rooms', knobs.rooms, 1, 4)
  checkRange('distractors', knobs.distractors, 0, 12)
  checkRange('planLength', knobs.planLength, 1, MAX_STEPS)
  const split = options.split ?? 'train'
  const pool = split === 'test' ? TEST_THEMES : TRAIN_THEMES
  const fixedTheme = options.theme === undefined ? undefined : themeById(options.theme)
  const attempts = options.maxAttempts ?? 60
  let last = ''
  for (let attempt = 0; attempt < attempts; attempt++) {
    const rng = rngStream(options.seed, 'generated-world', attempt)
    const theme = fixedTheme ?? rng.pick(pool)
    const draft = compose(theme, rng, knobs)
    const surface = rngStream(options.seed, 'generated-surface', attempt)
    const style = surface.pick(STYLES)
    const voice = surface.pick(VOICES)
    const phrasing = pickPhrasings(surface, split === 'test' ? 'test' : 'train')
    const spec = assemble(draft.b, {
      id: options.id ?? `generated/${options.seed}`,
      style,
      voice,
      phrasing,
    })
    // The spec is built by code in the parsed shape, so the schema parse (40% of the time a
    // world took) is left out; every other check runs. The survey parses every world it
    // checks and fails unless the schema accepts it and returns the same bytes.
    const checked = validateBuiltWorldSpec(spec, { skipPlanning: true })
    if (!checked.ok) {
      last = formatIssues(checked.issues)[0] ?? 'invalid'
      continue
    }
    const distractors = [...draft.b.distractors].sort()
    const planners = oraclePlanners(distractors, options.planNodes ?? DEFAULT_PLAN_NODES)
    const built = constructionPlan(draft.b)
    const [lo, hi] = knobs.planLength
    // The plans that may be the oracle's answer from the start, best first.
    let candidates: (ProvenPlan | PlanStep[])[]
    if (options.plannerCheck === false) {
      // The plan the world was composed to be solved by, played as text below: the proof that
      // the goal can be reached.
      if (built.length < lo || built.length > hi) {
        last = `plan length ${built.length}`
        continue
      }
      candidates = [built]
    } else {
      // The oracle's narrow search must solve the world within its node budget. The shorter
      // of its plan and the composed one (the composed on a tie) is the length checked
      // against the knobs: the optimal plan is no longer, and a world the planner solves in
      // fewer steps than asked is too easy. The search is not bounded by the composed plan
      // (see `plannerSolves`), so its plan may be longer: then the composed one alone counts.
      if (built.length < lo) {
        last = `plan length ${built.length}`
        continue
      }
      const found = plannerSolves(checked.world, planners.narrowPlanner)
      if (found.status !== 'solved') {
        last = `planner: ${found.status}`
        continue
      }
      const searched = found.steps.length
      const shortest = Math.min(searched, built.length)
      if (shortest < lo || shortest > hi) {
        last = `plan length ${shortest}`
        continue
      }
      // The shorter plan first; the other, when within the knobs, if the first does not win
      // typed as text (a lamp lit inside a dark room).
      const shorter = searched < built.length
      candidates = shorter ? [found] : [built]
      if ((shorter ? built.length : searched) <= hi) candidates.push(shorter ? built : found)
    }
    // The oracle's answer from the start is the first candidate that, typed as text by an
    // agent that names only what it was shown, wins: the proof that a player can win it.
    let played: GeneratedEnvironment | undefined
    for (const proven of candidates) {
      const env = new GeneratedEnvironment(checked.world, { ...planners, proven })
      const typed = typedReplay(env, env.proven.actions)
      if (typed === undefined) {
        played = env
        break
      }
      last = typed
    }
    if (played === undefined) continue
    const actions = played.proven.actions
    const world: GeneratedWorld = {
      spec: checked.spec,
      theme: theme.id,
      mechanics: draft.mechanics,
      plan: actions,
      vocabulary: checked.spec.actions.map((a) => a.pattern).sort(),
      style,
      voice,
      attempt,
      distractors,
    }
    return { world, compiled: checked.world, proven: played.proven, played }
  }
  throw new RefineryError(
    'unsolvable',
    `No world passed the checks in ${attempts} draws for seed ${options.seed} (last: ${last}).`,
    { hint: 'Widen the knobs (planLength, mechanics, rooms) or try another seed.' },
  )
}

/**
 * Why the plan, typed as text in the whole world by an agent that names only what it was
 * shown, does not win it; undefined when it does. A thing only a lamp lit inside a dark room
 * shows is never described, so such a draw is not a task: the next draw is tried.
 */
function typedReplay(env: GeneratedEnvironment, actions: readonly string[]): string | undefined {
  // reset's body runs synchronously; it also records what the first observation shows.
  void env.reset()
  for (const action of actions) {
    const result = env.stepSync(action)
    if (result.status !== 'ok') return `typed, '${action}' gave ${result.status}`
  }
  return env.engine.success ? undefined : 'the typed plan ends without reaching the goal'
}

function definedOnly(options: GenerateOptions): Partial<typeof DEFAULT_KNOBS> {
  const out: Partial<Record<keyof typeof DEFAULT_KNOBS, Range>> = {}
  for (const key of Object.keys(DEFAULT_KNOBS) as (keyof typeof DEFAULT_KNOBS)[]) {
    const value = options[key]
    if (value !== undefined) out[key] = value
  }
  return out
}

function checkRange(name: string, range: Range, lo: number, hi: number): void {
  const [a, b] = range
  if (!Number.isInteger(a) || !Number.isInteger(b) || a > b || a < lo || b > hi) {
    throw new RefineryError('invalid_input', `Bad ${name} range [${a}, ${b}].`, {
      hint: `Use two whole numbers from ${lo} to ${hi}, the first not above the second.`,
    })
  }
}

interface Draft {
  b: WorldBuilder
  mechanics: MechanicId[]
}

/** The structure of a world: rooms, mechanics chained through their needs, distractors. */
function compose(theme: Theme, rng: Rng, knobs: typeof DEFAULT_KNOBS): Draft {
  const b = new WorldBuilder(theme, rng)
  const rooms = rng.int(knobs.rooms[0], knobs.rooms[1])
  for (let i = 0; i < rooms; i++) b.addRoom()
  const wanted = rng.int(knobs.mechanics[0], knobs.mechanics[1])
  const goal = rng.pick(GOAL_MECHANICS)
  const mechanics: MechanicId[] = [goal]
  let open: Need[] = MECHANIC_TABLE[goal].goal!(b)
  for (const gate of rng.shuffle(GATE_MECHANICS.filter((m) => m !== goal))) {
    if (mechanics.length >= wanted) break
    for (const need of rng.shuffle(open)) {
      const more = MECHANIC_TABLE[gate].gate!(b, need)
      if (!more) continue
      open = [...open.filter((n) => n !== need), ...more]
      mechanics.push(gate)
      break
    }
  }
  for (const need of open) b.place(need, rng.pick(b.openRooms()))
  addDistractors(b, rng, rng.int(knobs.distractors[0], knobs.distractors[1]))
  b.fact('at', b.hub)
  settle(b)
  return { b, mechanics: mechanics.sort() }
}

/**
 * What lies in a container (or with a person, or in a machine) is in that fixture's room,
 * enclosed unless the container is open.
 */
function settle(b: WorldBuilder): void {
  const roomOf = new Map<string, string>()
  for (const f of b.facts) if (f[0] === 'loc') roomOf.set(f[1]!, f[2]!)
  const open = new Set(b.facts.filter((f) => f[0] === 'opened').map((f) => f[1]!))
  // Containers in containers are not made, so one pass places everything.
  for (const f of [...b.facts]) {
    if (f[0] !== 'inside') continue
    const room = roomOf.get(f[2]!)
    if (room) b.fact('loc', f[1]!, room)
    if (!open.has(f[2]!)) b.fact('enclosed', f[1]!)
  }
}

/** Plain things nobody needs, loose or in a closed container of their own. */
function addDistractors(b: WorldBuilder, rng: Rng, count: number): void {
  let box: string | undefined
  for (let i = 0; i < count; i++) {
    const name = b.spareItem()
    if (!name) return
    const id = b.entity('item', name)
    b.distractors.add(id)
    if (rng.chance(0.3)) {
      if (!box) {
        box = b.entity('fixture', rng.pick(b.theme.containers))
        b.distractors.add(box)
        b.fact('receptacle', box)
        b.fact('openable', box)
        b.use('open')
        b.place({ id: box, kind: 'fixture' }, rng.pick(b.openRooms()))
      }
      b.fact('inside', id, box)
    } else b.place({ id, kind: 'item' }, rng.pick(b.openRooms()))
  }
}

function pickPhrasings(rng: Rng, pool: 'train' | 'test'): Record<Verb, string> {
  const out = {} as Record<Verb, string>
  for (const verb of VERBS) out[verb] = rng.pick(PHRASINGS[verb][pool])
  return out
}

interface Surface {
  id: string
  style: Style
  voice: Voice
  phrasing: Record<Verb, string>
}

const PREDICATES: ReadonlyArray<readonly [string, ...string[]]> = [
  ['at', 'room'],
  ['loc', 'obj', 'room'],
  ['inside', 'item', 'obj'],
  ['holding', 'item'],
  ['link', 'room', 'room'],
  ['door', 'obj', 'room', 'room'],
  ['dark', 'room'],
  ...(
    [
      'receptacle',
      'openable',
      'opened',
      'locked',
      'sealed',
      'bench',
      'switchable',
      'on',
      'chills',
      'lamp',
      'machine',
      'needspower',
      'source',
      'basin',
      'filled',
      'person',
      'base',
      'stackable',
      'measurable',
      'known',
      'asked',
      'cutter',
      'recipe',
      'heatable',
      'vessel',
      'full',
      'gauge',
    ] as const
  ).map((name) => [name, 'obj'] as const),
  ['fits', 'item', 'obj'],
  ['needs', 'item', 'item'],
  ['yields', 'obj', 'item'],
  ['powers', 'obj', 'obj'],
  ['wants', 'obj', 'item'],
  ['given', 'item', 'obj'],
  ['reward', 'item', 'obj'],
  ['ontop', 'obj', 'obj'],
  ['enclosed', 'item'],
  ['wrong', 'value'],
  ['answered', 'value'],
]

/**
 * The declarations every world makes, deeply frozen and shared (as the derived rules and the
 * actions are): building them afresh was a tenth of what assembling a world allocated.
 */
const TYPES = deepFreeze<WorldSpec['types']>([
  { name: 'room' },
  { name: 'obj', description: 'anything in a room' },
  { name: 'item', parent: 'obj', description: 'something you can carry' },
  { name: 'fixture', parent: 'obj', description: 'something that stays where it is' },
  { name: 'person', parent: 'obj' },
  { name: 'value', description: 'an answer' },
])

const PREDICATE_DECLS = deepFreeze<WorldSpec['predicates']>(
  PREDICATES.map(([name, ...types]) => ({
    name,
    params: types.map((type, k) => param(`a${k}`, type)),
    hidden: true,
  })),
)

type Views = { look: TextPart[]; inventory: Text }

/**
 * The room and inventory views of a style and lighting, deeply frozen and shared by every
 * world drawn with them (eight of them): the validator and the compiler take a frozen text
 * part they have seen before from their caches instead of walking and compiling it again.
 */
const viewsByStyle = new Map<string, Views>()

function sharedViews(style: Style, light: boolean): Views {
  const key = `${style}/${light}`
  let views = viewsByStyle.get(key)
  if (views === undefined) {
    views = deepFreeze<Views>({ look: roomView(style, light), inventory: inventoryView(style) })
    viewsByStyle.set(key, views)
  }
  return views
}

/** The WorldSpec of a composed world in its surface form. */
function assemble(b: WorldBuilder, surface: Surface): WorldSpec {
  const verbs = new Set<Verb>(['take', 'drop', ...b.verbs])
  if (b.rooms.length > 1) verbs.add('go')
  const ctx = {
    style: surface.style,
    voice: surface.voice,
    light: b.light,
    doors: b.doors,
    quantity: b.quantity,
    unit: b.unit,
  }
  const actions = VERBS.filter((v) => verbs.has(v)).map((verb) =>
    sharedAction(verb, surface.phrasing[verb], ctx),
  )
  const { look: view, inventory } = sharedViews(surface.style, b.light)
  const lines = actions.map((a) => `- ${a.pattern}: ${a.description}`)
  lines.push('- look, inventory, check valid actions, help')
  const instruction = [
    `Your task is to: ${joinAnd(b.goals)}.`,
    ...b.notes,
    '',
    'The actions of this world (use exactly these forms):',
    ...lines,
  ].join('\n')
  return {
    spec: WORLD_SPEC_VERSION,
    id: surface.id,
    title: `${b.theme.place}: ${joinAnd(b.goals)}`,
    types: TYPES,
    entities: b.entities,
    predicates: PREDICATE_DECLS,
    attributes: b.attributes,
    facts: b.facts,
    actions,
    processes: b.processes,
    derived: derivedRules(b.light),
    observations: {
      intro: [`You are in ${b.theme.place}. `, ...view],
      look: view,
      inventory,
      success: surface.voice === 'terse' ? 'Task complete.' : 'You have done what the task asked.',
    },
    meta: { look: true, inventory: true, checkValidActions: true, help: true },
    goal: {
      instruction,
      success: all(...b.success),
      // The goal itself is the last subgoal, so progress reaches 1 only with success.
      subgoals: [
        ...b.subgoals,
        { id: 'goal', description: joinAnd(b.goals), when: all(...b.success) },
      ],
      fail: b.fail,
    },
    maxSteps: MAX_STEPS,
  }
}

/**
 * The derived rules (where things are, what is in reach, whether the agent sees), frozen and
 * one array per lighting: every world shares them, so the world compiler compiles them once.
 */
const derivedByLight = new Map<boolean, WorldSpec['derived']>()

function derivedRules(light: boolean): WorldSpec['derived'] {
  let rules = derivedByLight.get(light)
  if (rules === undefined) {
    const o = param('o', 'obj')
    const i = param('i', 'item')
    const r = param('r', 'room')
    const l = param('l', 'item')
    rules = deepFreeze<WorldSpec['derived']>([
      {
        predicate: 'here',
        params: [o],
        when: exists([r], all(fact('at', '?r'), fact('loc', '?o', '?r'))),
      },
      {
        predicate: 'reach',
        params: [i],
        when: all(fact('here', '?i'), not(fact('enclosed', '?i'))),
      },
      ...(light
        ? [
            {
              predicate: 'seeing',
              params: [],
              when: exists(
                [r],
                all(
                  fact('at', '?r'),
                  any(
                    not(fact('dark', '?r')),
                    exists([l], all(fact('holding', '?l'), fact('lamp', '?l'), fact('on', '?l'))),
                  ),
                ),
              ),
            },
          ]
        : []),
    ])
    derivedByLight.set(light, rules)
  }
  return rules
}

type ParsedAction = WorldSpec['actions'][number]

/**
 * Actions by verb, definition and phrasing, deeply frozen: worlds draw theirs from a few
 * hundred, and the world compiler (like the validator) compiles and checks a frozen action
 * once for every world that holds it (a third of what compiling a world cost). A world finds
 * each of its actions by the verb's definition in its context (`definitionOf`), then by the
 * phrasing, without writing a key.
 */
function sharedAction(verb: Verb, pattern: string, ctx: ActionContext): ParsedAction {
  const definition = definitionOf(verb, ctx)
  let action = definition.actions.get(pattern)
  if (action === undefined) {
    action = deepFreeze(parsedAction(verb, pattern, definition.def))
    definition.actions.set(pattern, action)
  }
  return action
}

interface Definition {
  def: ReturnType<typeof actionDef>
  /** The actions of this definition, by phrasing. */
  actions: Map<string, ParsedAction>
}

/** A verb's definitions read by the same parts of the context, by the values they read. */
interface ReadSet {
  reads: readonly (keyof ActionContext)[]
  byValues: Map<string, Definition>
}

/**
 * Definitions by verb and the parts of the context the definition read, recorded as it was
 * made: most verbs read only the voice and the lighting, `go` the style and the doors too,
 * and only `measure` and `answer` the theme's quantity and unit. Keyed by the whole context,
 * a world met a new definition for one verb in five (3,000 worlds), each built and written as
 * JSON again. A definition made from a context that read the same values from the same parts
 * is the same definition: `actionDef` is a function of what it reads.
 */
const definitionsByReads = new Map<Verb, ReadSet[]>()
/** Equal definitions of a verb (by JSON) are one, with one action per phrasing. */
const definitionsByJson = new Map<string, Definition>()
const MAX_DEFINITIONS = 8192

function definitionOf(verb: Verb, ctx: ActionContext): Definition {
  const sets = definitionsByReads.get(verb)
  if (sets !== undefined)
    for (const set of sets) {
      const known = set.byValues.get(valuesOf(ctx, set.reads))
      if (known !== undefined) return known
    }
  if (definitionsByJson.size >= MAX_DEFINITIONS) {
    definitionsByJson.clear()
    definitionsByReads.clear()
  }
  const reads: (keyof ActionContext)[] = []
  const def = actionDef(verb, recording(ctx, reads))
  reads.sort()
  const json = `${verb}\u0000${JSON.stringify(def)}`
  let definition = definitionsByJson.get(json)
  if (definition === undefined) {
    definition = { def, actions: new Map() }
    definitionsByJson.set(json, definition)
  }
  const all = definitionsByReads.get(verb) ?? []
  let set = all.find((s) => s.reads.join() === reads.join())
  if (set === undefined) {
    set = { reads, byValues: new Map() }
    all.push(set)
    definitionsByReads.set(verb, all)
  }
  set.byValues.set(valuesOf(ctx, reads), definition)
  return definition
}

function valuesOf(ctx: ActionContext, reads: readonly (keyof ActionContext)[]): string {
  let out = ''
  for (const key of reads) out += `${ctx[key]}\u0000`
  return out
}

/** `ctx` as an object that notes in `reads` each of its parts read (each once). */
function recording(ctx: ActionContext, reads: (keyof ActionContext)[]): ActionContext {
  const out = {} as ActionContext
  for (const key of Object.keys(ctx) as (keyof ActionContext)[])
    Object.defineProperty(out, key, {
      enumerable: true,
      get() {
        if (!reads.includes(key)) reads.push(key)
        return ctx[key]
      },
    })
  return out
}

/** An action in the parsed shape: the schema's key order, defaults filled. */
function parsedAction(
  name: string,
  pattern: string,
  def: ReturnType<typeof actionDef>,
): ParsedAction {
  const { params, checks, effects, message, description, ...rest } = def as ParsedAction
  if (Object.keys(rest).length > 0)
    throw new RangeError(`unexpected action keys: ${Object.keys(rest).join(', ')}`)
  return {
    name,
    params,
    pattern,
    checks: checks.map((c) => ({ ...c, status: c.status ?? 'precondition_failed' })),
    effects: effects ?? [],
    message,
    ...(description === undefined ? {} : { description }),
  }
}
