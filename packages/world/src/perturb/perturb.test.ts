import { describe, expect, it } from 'vitest'
import fixture from '../__fixtures__/mini-household.json'
import { compileWorld, WorldEngine } from '../engine'
import { readAgentboard } from '../pddl/__fixtures__/agentboard'
import { importPddl } from '../pddl/convert'
import { type AgentboardDomain, agentboardVerbaliser } from '../pddl/verbalise'
import { plan } from '../planner'
import { WorldSpec } from '../spec'
import { validateWorldSpec } from '../validate'
import { PERTURBATION_KINDS, perturbWorld } from './perturb'

const household = WorldSpec.parse(fixture)
function agentboard(domain: AgentboardDomain, file: string): WorldSpec {
  return importPddl(readAgentboard(domain, 'domain.pddl'), readAgentboard(domain, file), {
    verbaliser: agentboardVerbaliser(domain),
  })
}

/** Plays `steps` (schema + entity ids) and says whether they win. */
function wins(spec: WorldSpec, steps: { schema: string; args: string[] }[], options = {}): boolean {
  const engine = new WorldEngine(compileWorld(spec), options)
  engine.reset()
  for (const step of steps) if (engine.step(step).status !== 'ok') return false
  return engine.success
}

function solve(spec: WorldSpec) {
  const result = plan(compileWorld(spec), { maxNodes: 100_000 })
  if (result.status !== 'solved') throw new Error(`not solved: ${result.status}`)
  return result
}

describe('perturbWorld', () => {
  it.each(PERTURBATION_KINDS)(
    '%s: same seed, same world; the task stays the same and solvable',
    (kind) => {
      const a = perturbWorld(household, { kind, seed: 7 })
      expect(perturbWorld(household, { kind, seed: 7 })).toEqual(a)
      const checked = validateWorldSpec(a.spec, { planBudget: 100_000 })
      expect(checked.ok ? [] : checked.issues).toEqual([])
      // The original plan (by schema and entity ids) wins the perturbed world, and back.
      expect(wins(a.spec, solve(household).steps, a.engineOptions)).toBe(true)
      expect(wins(household, solve(a.spec).steps)).toBe(true)
      expect(a.spec.goal.success).toEqual(household.goal.success)
      expect(a.spec.facts).toEqual(household.facts)
    },
  )

  it('leaves the input alone', () => {
    const before = JSON.stringify(household)
    perturbWorld(household, { kind: 'all', seed: 3 })
    expect(JSON.stringify(household)).toBe(before)
  })

  it('rename_verbs: swaps verbs for synonyms and keeps the slots', () => {
    const seen = new Set<string>()
    for (let seed = 0; seed < 20; seed++) {
      const { spec } = perturbWorld(household, { kind: 'rename_verbs', seed })
      spec.actions.forEach((action, i) => {
        const before = household.actions[i]
        expect(action.pattern.match(/\{\w+\}/g)).toEqual(before?.pattern.match(/\{\w+\}/g))
        seen.add(action.pattern)
      })
    }
    expect(seen).toContain('grab {o} from {r}')
    expect(seen).toContain('move to {r}')
    expect(seen).toContain('place {o} in/on {r}')
    expect(seen).not.toContain('take {o} from {r}')
    // "take" became "pick up", which its synonym already was: no duplicate remains.
    for (let seed = 0; seed < 20; seed++) {
      for (const action of perturbWorld(household, { kind: 'rename_verbs', seed }).spec.actions) {
        expect(action.synonyms ?? []).not.toContain(action.pattern)
      }
    }
  })

  it('rename_verbs: a short form of the old verb goes with it', () => {
    const withShortForm = WorldSpec.parse({
      ...fixture,
      actions: fixture.actions.map((a) =>
        a.pattern.startsWith('go to ')
          ? { ...a, synonyms: ['go {r}', 'goto {r}', 'visit {r}'] }
          : a,
      ),
    })
    for (let seed = 0; seed < 10; seed++) {
      const { spec } = perturbWorld(withShortForm, { kind: 'rename_verbs', seed })
      const go = spec.actions.find((a) => a.name === 'go')!
      expect(go.pattern).not.toMatch(/^go /)
      expect(go.synonyms).not.toContain('go {r}')
      expect(go.synonyms).not.toContain('goto {r}')
      expect(go.synonyms).toContain('visit {r}')
    }
  })

  it('rename_verbs: renames PDDL operators too, and the valid actions follow', () => {
    const spec = agentboard('blockworld', 'problem1.pddl')
    const { spec: renamed } = perturbWorld(spec, { kind: 'rename_verbs', seed: 1 })
    const engine = new WorldEngine(compileWorld(renamed))
    engine.reset()
    expect(engine.validActions().join(' | ')).not.toContain('unstack b2 from b3')
    expect(renamed.actions.map((a) => a.pattern.split(' ')[0])).not.toEqual(
      spec.actions.map((a) => a.pattern.split(' ')[0]),
    )
  })

  it('shuffle_numbering: permutes numbers of same-name entities and texts follow', () => {
    const named = WorldSpec.parse({
      ...fixture,
      goal: {
        ...fixture.goal,
        instruction: 'Your task is to: put apple 1 in fridge 1, not apple 2.',
      },
    })
    const outcomes = new Set<string>()
    for (let seed = 0; seed < 10; seed++) {
      const { spec } = perturbWorld(named, { kind: 'shuffle_numbering', seed })
      const apple1 = spec.entities.find((e) => e.id === 'apple_1')?.number
      const apple2 = spec.entities.find((e) => e.id === 'apple_2')?.number
      expect([apple1, apple2].sort()).toEqual([1, 2])
      // The instruction still points at the same entities.
      expect(spec.goal.instruction).toBe(
        `Your task is to: put apple ${apple1} in fridge 1, not apple ${apple2}.`,
      )
      outcomes.add(spec.goal.instruction)
    }
    expect(outcomes.size).toBe(2)
  })

  it('shuffle_lists: hands the engine a list seed; the items stay, their order changes', () => {
    const orders = new Set<string>()
    for (let seed = 0; seed < 10; seed++) {
      const { spec, engineOptions } = perturbWorld(household, { kind: 'shuffle_lists', seed })
      expect(spec).toEqual(household)
      expect(typeof engineOptions.listShuffleSeed).toBe('number')
      const first = new WorldEngine(compileWorld(spec), engineOptions).reset().observation
      const items = (text: string) => [...text.matchAll(/a (\w+ \d)/g)].map((m) => m[1]).sort()
      expect(items(first)).toEqual(
        items(new WorldEngine(compileWorld(household)).reset().observation),
      )
      expect(items(first)).toHaveLength(4)
      orders.add(first)
    }
    expect(orders.size).toBeGreaterThan(1)
  })

  it('paraphrase: rewrites observation texts outside the slots, or picks an authored paraphrase', () => {
    const { spec } = perturbWorld(household, { kind: 'paraphrase', seed: 2 })
    const take = spec.actions.find((a) => a.name === 'take')
    expect(take?.message).not.toBe('You pick up the {o} from the {r}.')
    expect(take?.message).toMatch(/^You (take|grab) the \{o\} from the \{r\}\.$/)
    expect(spec.actions.find((a) => a.name === 'go')?.checks[0]?.fail).toBe(
      'You are already at {the r}.',
    )

    const authored = WorldSpec.parse({
      ...fixture,
      actions: fixture.actions.map((a) =>
        a.name === 'clean'
          ? { ...a, paraphrases: ['You wash the {o} in the {r}.', 'The {o} is now clean.'] }
          : a,
      ),
    })
    const messages = new Set<string>()
    for (let seed = 0; seed < 12; seed++) {
      const clean = perturbWorld(authored, { kind: 'paraphrase', seed }).spec.actions.find(
        (a) => a.name === 'clean',
      )
      messages.add(String(clean?.message))
      expect([clean?.message, ...(clean?.paraphrases ?? [])].map(String).sort()).toEqual(
        [
          'You clean the {o} using the {r}.',
          'You wash the {o} in the {r}.',
          'The {o} is now clean.',
        ].sort(),
      )
    }
    expect(messages.size).toBe(3)
  })

  it.each([
    ['barman', 'p06.pddl'],
    ['blockworld', 'problem9.pddl'],
    ['gripper', 'prob07.pddl'],
    ['tyreworld', 'p03.pddl'],
  ] as const)('all: %s/%s stays solvable and means the same task', (domain, file) => {
    const spec = agentboard(domain, file)
    for (const seed of [1, 2]) {
      const perturbed = perturbWorld(spec, { kind: 'all', seed })
      const checked = validateWorldSpec(perturbed.spec, { planBudget: 200_000 })
      expect(checked.ok ? [] : checked.issues).toEqual([])
      expect(wins(perturbed.spec, solve(spec).steps, perturbed.engineOptions)).toBe(true)
    }
  })

  it('refuses an unknown kind or a bad seed', () => {
    expect(() => perturbWorld(household, { kind: 'mirror', seed: 1 })).toThrow(
      /Unknown perturbation 'mirror'/,
    )
    expect(() => perturbWorld(household, { kind: 'all', seed: 1.5 })).toThrow(/integer/)
  })
})
