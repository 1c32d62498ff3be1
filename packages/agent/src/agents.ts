import { RefineryError, rngStream } from '@refinery/core'
import { type Agent, type AgentReply, reactReply, type Teacher, type TeacherContext } from './agent'

/** Plays the first action of `env.oracle()`, re-planned from the current state every turn. */
export function oracleAgent(): Teacher {
  return {
    name: 'oracle',
    privileged: true,
    async act(context) {
      const plan = await oraclePlan(context)
      const action = plan[0]!
      const rest = plan.length - 1
      const thought =
        rest === 0
          ? `The last step of my plan is to ${action}.`
          : `Following my plan (${rest} more step${rest === 1 ? '' : 's'} after this), I will ${action}.`
      return reactReply(thought, action)
    },
  }
}

/** Asks the environment for an expert plan; fails clearly when it has none. */
export async function oraclePlan(context: TeacherContext): Promise<string[]> {
  if (!context.env.oracle) {
    throw new RefineryError('usage', `Family '${context.family.id}' has no oracle.`, {
      hint: 'Use an agent that does not need env.oracle(), such as randomAgent.',
    })
  }
  const plan = await context.env.oracle()
  if (plan.length === 0) {
    throw new RefineryError(
      'internal',
      `The oracle of ${context.task.id} returned an empty plan at step ${context.step} before the episode ended.`,
      { hint: 'The family must plan to the goal from every state that is not done.' },
    )
  }
  return plan
}

/** Picks one of `validActions()` at random; the picks are a function of seed, task and step. */
export function randomAgent(seed: number): Teacher {
  return {
    name: 'random',
    privileged: true,
    async act(context) {
      const valid = await context.env.validActions()
      if (valid.length === 0)
        return reactReply('No action is available; I will look around.', 'look')
      const action = rngStream(seed, `random-agent:${context.task.id}`, context.step).pick(valid)
      return reactReply(`I will try ${action}.`, action)
    },
  }
}

/** Replays recorded assistant replies (text or tool calls), the one for turn i on turn i. */
export function replayAgent(outputs: readonly AgentReply[]): Agent {
  const recorded = outputs.slice()
  return {
    name: 'replay',
    async act(context) {
      const output = recorded[context.step]
      if (output === undefined) {
        throw new RefineryError(
          'invalid_input',
          `The replay has ${recorded.length} recorded turns but the episode asked for turn ${context.step + 1}.`,
          { hint: 'Run the replay with maxSteps equal to the number of recorded turns.' },
        )
      }
      return output
    },
  }
}
