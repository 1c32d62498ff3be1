import { describe, expect, it } from 'vitest'
import { feedback, formatReasons } from './feedback'

describe('feedback', () => {
  const all = {
    formatReact: feedback.formatError(formatReasons.noAction),
    formatJson: feedback.formatError(formatReasons.emptyAction, 'json'),
    formatToolCall: feedback.formatError(formatReasons.noToolCall, 'tool_call'),
    formatAgentRefine: feedback.formatError(formatReasons.notPlayerTurn, 'agentrefine'),
    several: feedback.formatError(formatReasons.severalActions(['a', 'b', 'c', 'd']), 'act'),
    unknown: feedback.unknownAction('fly'),
    unknownWithSuggestion: feedback.unknownAction('tkae', 'take'),
    empty: feedback.emptyAction(),
    noSuchEntity: feedback.noSuchEntity('aple 1', 'apple 1'),
    noSuchEntityBare: feedback.noSuchEntity('banana'),
    ambiguous: feedback.ambiguousEntity('apple', [
      'apple 1',
      'apple 2',
      'apple 3',
      'apple 4',
      'apple 5',
    ]),
    wrongType: feedback.wrongType('fridge 1', 'take', 'obj', 'object'),
    notAllowed: feedback.notAllowed('red', 'click', 'value', ['Buy Now', 'Back to Search']),
    wrongArity: feedback.wrongArity('take', ['take {obj} from {recep}']),
    extraWords: feedback.extraWords('now', ['open {recep}']),
    missing: feedback.missingArgument('go to', 'recep', ['go to {recep}']),
    badForm: feedback.badForm('bake cake at hot', ['bake {item} at {temperature} degrees']),
  }

  it('has one short sentence-ending text per mistake', () => {
    for (const message of Object.values(all)) {
      expect(message).toMatch(/[.?]$/)
      expect(message.length).toBeLessThan(200)
      expect(message).not.toContain('\n')
    }
  })

  it('reads as written here', () => {
    expect(all).toMatchInlineSnapshot(`
      {
        "ambiguous": "Which apple do you mean: "apple 1", "apple 2", "apple 3" or another one? Name it with its number.",
        "badForm": ""bake cake at hot" does not have the form "bake {item} at {temperature} degrees". Check valid actions.",
        "empty": "Your action is empty. Check valid actions.",
        "extraWords": "Unexpected "now" at the end. Write "open {recep}".",
        "formatAgentRefine": "Your reply must be a Player turn. Reply with one JSON object: {"turn": 1, "role": "Player", "Thought": "...", "Action": "..."}.",
        "formatJson": "Your action is empty. Reply with one JSON object: {"thought": "...", "action": "..."}.",
        "formatReact": "Your reply has no action. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "formatToolCall": "Your reply calls no tool. Call the act tool once with {"action": "..."}.",
        "missing": ""go to" is missing {recep}. Write "go to {recep}".",
        "noSuchEntity": "There is no "aple 1" here. Did you mean "apple 1"?",
        "noSuchEntityBare": "There is no "banana" here. Check valid actions.",
        "notAllowed": ""red" is not allowed for {value} in "click". Use one of "Buy Now" or "Back to Search".",
        "several": "Your reply has 4 different actions ("a", "b", "c", …); give exactly one. Reply with "Action: <one action>".",
        "unknown": ""fly" is not a known action. Check valid actions.",
        "unknownWithSuggestion": ""tkae" is not a known action. Did you mean "take"? Check valid actions.",
        "wrongArity": ""take" is written "take {obj} from {recep}". Check valid actions.",
        "wrongType": ""fridge 1" cannot be used with "take": {obj} must be an object.",
      }
    `)
  })

  it('quotes model text cut to a readable length', () => {
    expect(feedback.unknownAction('x'.repeat(500)).length).toBeLessThan(100)
  })
})
