import { RefineryError } from '@refinery/core'
import type { Condition, WorldSpec } from '@refinery/world'
import { TOOLS } from './catalog'
import { all, any, exists, fact, param, reachable } from './dsl'
import type { HouseholdTaskParams } from './params'
import { treatmentOf } from './task-types'

type Goal = WorldSpec['goal']
type Subgoal = Goal['subgoals'][number]

/** What the goal needs to know about the generated world. */
export interface GoalWorld {
  /** Ids of the objects of the goal kind, in order: `apple_1`, `apple_2`. */
  objects: readonly string[]
  /** The lamp of a look_at_obj task and the receptacle it stands on (lamps cannot be moved). */
  lamp?: { id: string; on: string }
}

/**
 * Goals hold for any object of the named kind (ALFWorld's "some apple") and any receptacle
 * of the named kind. Subgoals follow AgentBoard's annotations (find, take, treat, carry to,
 * place), so progress grows one step of the solution at a time.
 *
 * Where a goal pairs objects or names the lamp, it lists the world's entities instead of
 * quantifying over them: the planner's relaxed heuristic gives up on goals with more than 32
 * alternatives (it counts them as true), and `exists o, p: o != p` over three objects and
 * eight drawers has 48.
 */
export function householdGoal(params: HouseholdTaskParams, world: GoalWorld): Goal {
  const { object } = params
  const obj = param('o', object)
  const holding = exists([obj], fact('holding', '?o'))
  const found = exists(
    [obj],
    any(
      fact('holding', '?o'),
      exists(
        [param('s', 'receptacle')],
        all(fact('at', '?s'), reachable('?s'), fact('in', '?o', '?s')),
      ),
    ),
  )
  const findIt: Subgoal = { id: 'find', description: `find a ${object}`, when: found }
  const takeIt: Subgoal = { id: 'take', description: `pick up a ${object}`, when: holding }
  const instruction = `Your task is to: ${params.goal}.`

  if (params.taskType === 'look_at_obj') {
    const lamp = params.lamp ?? 'desklamp'
    if (!world.lamp) throw new RefineryError('internal', 'A look_at_obj world has no lamp.')
    const atLamp = all(holding, fact('at', world.lamp.on))
    const success = all(atLamp, fact('lit', world.lamp.id))
    return {
      instruction,
      success,
      subgoals: [
        findIt,
        takeIt,
        {
          id: 'carry',
          description: `carry the ${object} to the ${lamp}`,
          after: ['take'],
          when: atLamp,
        },
        {
          id: 'look',
          description: `turn on the ${lamp} while holding the ${object}`,
          when: success,
        },
      ],
      fail: [],
    }
  }

  const target = params.receptacle
  if (!target) {
    throw new RefineryError('invalid_input', `A ${params.taskType} task needs params.receptacle.`)
  }
  const rec = param('r', target)
  const treatment = treatmentOf(params.taskType)
  const state = treatment && { heat: 'hot', cool: 'cold', clean: 'clean' }[treatment]
  /** A goal object in its final state. */
  const ready = (v: string): Condition => (state ? fact(state, v) : all())

  if (params.taskType === 'pick_two_obj') {
    const one = exists([obj, rec], fact('in', '?o', '?r'))
    const pairs = world.objects.flatMap((a, i) =>
      world.objects.slice(i + 1).map((b) => [a, b] as const),
    )
    const second = any(
      ...pairs.flatMap(([a, b]) => [
        exists([rec], all(fact('in', a, '?r'), fact('holding', b))),
        exists([rec], all(fact('in', b, '?r'), fact('holding', a))),
      ]),
    )
    const success = any(
      ...pairs.map(([a, b]) => exists([rec], all(fact('in', a, '?r'), fact('in', b, '?r')))),
    )
    return {
      instruction,
      success,
      subgoals: [
        findIt,
        takeIt,
        {
          id: 'place-first',
          description: `put a ${object} in/on a ${target}`,
          after: ['take'],
          when: one,
        },
        {
          id: 'take-second',
          description: `pick up another ${object}`,
          after: ['place-first'],
          when: second,
        },
        {
          id: 'place-second',
          description: `put the second ${object} in/on the same ${target}`,
          when: success,
        },
      ],
      fail: [],
    }
  }

  const success = exists([obj, rec], all(ready('?o'), fact('in', '?o', '?r')))
  const subgoals: Subgoal[] = [findIt, takeIt]
  if (treatment) {
    subgoals.push({
      id: treatment,
      description: `${treatment} the ${object} with the ${TOOLS[treatment]}`,
      after: ['take'],
      when: exists([obj], fact(state as string, '?o')),
    })
  }
  subgoals.push(
    {
      id: 'carry',
      description: `carry the ${treatment ? `${state === 'cold' ? 'cool' : state} ` : ''}${object} to a ${target}`,
      after: [treatment ?? 'take'],
      when: exists([obj, rec], all(fact('holding', '?o'), ready('?o'), fact('at', '?r'))),
    },
    { id: 'place', description: `put it in/on the ${target}`, when: success },
  )
  return { instruction, success, subgoals, fail: [] }
}
