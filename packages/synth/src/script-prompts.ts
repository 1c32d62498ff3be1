import type { ChatMessage } from '@refinery/llm'
import type { ScriptTurn } from './script-turns'

/** The script generation request: a persona asks for an AgentRefine script. */
export function scriptMessages(persona: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You design text-based tasks for training agents. You answer with JSON only: no prose, no markdown.',
    },
    {
      role: 'user',
      content: [
        `Write a script for an interactive text task that this person would care about: ${persona}.`,
        'The person shapes the world (its place, objects and goal); they are not the player.',
        'Answer with one JSON object with exactly these keys:',
        '- "Environment": a description of the place, its locations and objects, and their states.',
        '- "Goal": the task the player must achieve, in one sentence.',
        '- "Completion Conditions": a list of conditions that are all true once the goal is achieved.',
        '- "Available Actions": an object mapping each action template, with its parameters in braces such as "go to {location}", to {"verification regex": a Python regular expression a correct action matches, "parameters": {"location": [every allowed value]}}.',
        'Give 4 to 10 actions. Regexes use no look-around and no back-references. Every parameter value the task needs is listed.',
      ].join('\n'),
    },
  ]
}

/** The trajectory request: the whole Player/Dungeon Master interaction in one answer. */
export function trajectoryMessages(
  script: Record<string, unknown>,
  minPairs: number,
): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You write training interactions for text agents. You play two roles at once: the Dungeon Master, who runs the world of a script and answers every action, and the Player, who works towards the goal. You answer with JSON only.',
    },
    {
      role: 'user',
      content: [
        'The script:',
        JSON.stringify(script, null, 2),
        '',
        'Write the whole interaction as a JSON array of turns, numbered from 1:',
        '- turn 1 is the Dungeon Master describing the start: {"turn": 1, "role": "Dungeon Master", "Observation": "...", "parameter_error": false, "place_error": false, "logic_error": false}',
        '- then the Player and the Dungeon Master alternate: {"turn": 2, "role": "Player", "Thought": "...", "Action": "..."}, then the Dungeon Master\'s answer with its Observation and flags.',
        'The Player\'s Action must be one of the Available Actions with its parameters filled in. The Dungeon Master sets "parameter_error" when the action does not match an available action, its regex or its allowed parameters; "place_error" when the action is valid but the player is in the wrong place or cannot reach the object; "logic_error" when it is valid but breaks the world\'s logic or has no effect. Its Observation explains what happened.',
        `The Player makes at least ${minPairs} such mistakes on the way, each time reads the Observation and corrects course with an action that succeeds.`,
        'When the Completion Conditions hold after a successful action, that Dungeon Master turn adds "completed": true, and the interaction ends.',
      ].join('\n'),
    },
  ]
}

/**
 * A regeneration: the request for the whole trajectory, then the verified prefix as the
 * model's own answer, then the problem and the request to continue from there.
 */
export function continuationMessages(
  script: Record<string, unknown>,
  minPairs: number,
  prefix: readonly ScriptTurn[],
  problem: string,
): ChatMessage[] {
  return [
    ...trajectoryMessages(script, minPairs),
    { role: 'assistant', content: JSON.stringify(prefix.map(turnJson)) },
    {
      role: 'user',
      content:
        prefix.length === 0
          ? `The interaction was checked: ${problem}. Nothing of it can be kept. Write the interaction again from turn 1, as a JSON array of turns.`
          : `The interaction was checked: ${problem}. The ${prefix.length} turns above passed and are kept. Continue the interaction from turn ${prefix.length + 1}: answer with a JSON array of the remaining turns only, starting with a Player turn.`,
    },
  ]
}

/** A turn as the paper's JSON writes it. */
export function turnJson(turn: ScriptTurn, index: number): Record<string, unknown> {
  if (turn.role === 'player')
    return { turn: index + 1, role: 'Player', Thought: turn.thought, Action: turn.action }
  return {
    turn: index + 1,
    role: 'Dungeon Master',
    Observation: turn.observation,
    parameter_error: turn.flags.includes('parameter_error'),
    place_error: turn.flags.includes('place_error'),
    logic_error: turn.flags.includes('logic_error'),
    ...(turn.completed ? { completed: true } : {}),
  }
}
