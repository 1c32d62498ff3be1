import { deriveSeed } from '@refinery/core'
import type { FakeRequest } from '@refinery/llm/testing'

/**
 * A scripted teacher for the script mode, answering the fake server's requests as a model
 * would. With seed 0 it makes the pipeline take every path:
 * - slot 0: its first script has a look-around regex and is repaired; its first trajectory
 *   has the DM call a parameter error a logic error, so it is continued from the verified
 *   prefix (5 turns) and kept;
 * - slot 1: its first script's trajectories never hold two error→refine pairs (the first
 *   also has the DM miss a parameter error); after two regenerations it is given up and a new
 *   script (attempt 1) is kept as slot 0 was.
 */
export function scriptTeacher(seed = 0): (request: FakeRequest) => string {
  const repairedSeed = deriveSeed(seed, 'script', '0/0')
  const doomedSeed = deriveSeed(seed, 'script', '1/0')
  return (request) => {
    const messages = request.body.messages ?? []
    const text = (i: number) => String(messages[i]?.content ?? '')
    if (text(0).includes('You design text-based tasks')) {
      if (request.body.seed === repairedSeed && messages.length <= 3)
        return JSON.stringify(bakery('^(?<=x)take (flour|yeast)$'))
      const script = bakery('^take (flour|yeast)$')
      if (request.body.seed === doomedSeed) script.Goal = 'Bake a loaf of bread (doomed).'
      return JSON.stringify(script)
    }
    const doomed = text(1).includes('(doomed)')
    const prefix = messages.length > 2 ? (JSON.parse(text(2)) as unknown[]).length : 0
    if (doomed) {
      if (prefix === 0) return fence([opening, ...take('sugar', [])])
      if (prefix === 1) return fence(onePairTail, prefix)
      return fence(onePairTail.slice(-2), prefix)
    }
    if (prefix === 0) return fence(misnamedStart)
    return fence(goodTail, prefix)
  }
}

export function bakery(takeRegex: string) {
  return {
    Environment: 'A small bakery: a counter with a shelf of flour and yeast, and an oven room.',
    Goal: 'Bake a loaf of bread.',
    'Completion Conditions': ['a loaf of bread is baked'],
    'Available Actions': {
      'go to {location}': {
        'verification regex': '^go to (counter|oven room)$',
        parameters: { location: ['counter', 'oven room'] },
      },
      'take {item}': { 'verification regex': takeRegex, parameters: { item: ['flour', 'yeast'] } },
      'bake {item}': { 'verification regex': '^bake bread$', parameters: { item: ['bread'] } },
    },
  }
}

type Flag = 'parameter_error' | 'place_error' | 'logic_error'

const dm = (observation: string, flags: Flag[] = [], completed = false) => ({
  role: 'Dungeon Master',
  Observation: observation,
  parameter_error: flags.includes('parameter_error'),
  place_error: flags.includes('place_error'),
  logic_error: flags.includes('logic_error'),
  ...(completed ? { completed: true } : {}),
})
const player = (thought: string, action: string) => ({ role: 'Player', Thought: thought, Action: action })
const take = (item: string, flags: Flag[]) => [
  player(`I need ${item} for the dough.`, `take ${item}`),
  dm(flags.length ? `There is no ${item} on the shelf.` : `You take the ${item}.`, flags),
]

const opening = dm('You stand at the counter. Flour and yeast are on the shelf.')
/** Steps 1–2 fine (a parameter error, then its fix), step 3 misnamed by the DM. */
const misnamedStart = [
  opening,
  ...take('sugar', ['parameter_error']),
  ...take('flour', []),
  player('Now the cake.', 'bake cake'),
  dm('You cannot bake that.', ['logic_error']),
]
/** From turn 6: a place error, its fix, and the completing action. */
const goodTail = [
  player('Time to bake the bread.', 'bake bread'),
  dm('The oven is in the oven room, not here.', ['place_error']),
  player('The oven is elsewhere; I should go there.', 'go to oven room'),
  dm('You walk into the oven room.'),
  player('Now I can bake.', 'bake bread'),
  dm('The bread bakes to a golden crust.', [], true),
]
/** From turn 2: one error→refine pair only. */
const onePairTail = [
  ...take('sugar', ['parameter_error']),
  ...take('flour', []),
  player('To the oven.', 'go to oven room'),
  dm('You walk into the oven room.'),
  player('Bake it.', 'bake bread'),
  dm('The bread is baked.', [], true),
]

/** Models often fence their JSON. */
const fence = (turns: unknown[], start = 0) =>
  `\`\`\`json\n${JSON.stringify(
    turns.map((t, i) => ({ turn: start + i + 1, ...(t as object) })),
    null,
    1,
  )}\n\`\`\``
