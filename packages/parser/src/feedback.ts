import { orList, quote, withArticle } from './text'

/** The output formats stage one reads, without `auto`. */
export type ConcreteFormat = 'react' | 'agentbench' | 'act' | 'json' | 'tool_call' | 'agentrefine'

const CHECK = 'Check valid actions.'

/** How to write a reply in each format, for the end of a format error. */
const REPLY_AS: Record<ConcreteFormat, string> = {
  react: 'Reply with "Thought: <your reasoning>" and then "Action: <one action>".',
  agentbench: 'Reply with "Think: <your reasoning>" and then "Act: <one action>".',
  act: 'Reply with "Action: <one action>".',
  json: 'Reply with one JSON object: {"thought": "...", "action": "..."}.',
  tool_call: 'Call the act tool once with {"action": "..."}.',
  agentrefine:
    'Reply with one JSON object: {"turn": 1, "role": "Player", "Thought": "...", "Action": "..."}.',
}

/** Why stage one refused a reply. Each reason reads as one sentence. */
export const formatReasons = {
  noAction: 'Your reply has no action.',
  emptyAction: 'Your action is empty.',
  severalActions: (actions: readonly string[]) =>
    `Your reply has ${actions.length} different actions (${actions
      .slice(0, 3)
      .map((a) => quote(a, 30))
      .join(', ')}${actions.length > 3 ? ', …' : ''}); give exactly one.`,
  badJson: 'Your reply is not one valid JSON object.',
  noToolCall: 'Your reply calls no tool.',
  badToolCall: 'Your tool call is not valid JSON with a "name" and its "arguments".',
  onlyReasoning:
    'Your reply has only reasoning and no action; after your reasoning, give the action.',
  badToolArguments: (name: string) =>
    `The arguments of the ${quote(name, 30)} call are not valid JSON.`,
  // strict mode: what a careful model would not have written
  extraText: 'Your reply has text outside the expected format.',
  markdown: 'Your reply is wrapped in markdown; write it plainly.',
  labelCase: (found: string, expected: string) => `Write ${quote(expected)}, not ${quote(found)}.`,
  numberedLabel: (found: string) => `Write the label without a number, not ${quote(found, 20)}.`,
  observation: 'Your reply goes on after the action; stop after writing it.',
  decoratedAction: 'Write the action plainly, without quotes, markdown or a full stop.',
  wideChars: 'Your reply uses full-width punctuation; use plain ASCII.',
  wrongFormat: (found: ConcreteFormat, expected: ConcreteFormat) =>
    `Your reply is in the ${found} format, not the ${expected} format.`,
  missingKey: (key: string) => `Your reply has no ${quote(key, 20)} key.`,
  notString: (key: string) => `The ${quote(key, 20)} value must be a string.`,
  notPlayerTurn: 'Your reply must be a Player turn.',
} as const

/**
 * Every message an agent can get from the parser. One text per mistake, shared by every
 * family, the synthesizer and the evaluator: an agent reads the same words for the same
 * error everywhere. Keep them short, polite and ending in something to do.
 */
export const feedback = {
  /** A reply stage one could not read. */
  formatError(reason: string, format: ConcreteFormat = 'react'): string {
    return `${reason} ${REPLY_AS[format]}`
  },

  /** No template's verb matches the action. */
  unknownAction(verb: string, suggestion?: string): string {
    return suggestion
      ? `${quote(verb, 40)} is not a known action. Did you mean ${quote(suggestion, 40)}? ${CHECK}`
      : `${quote(verb, 40)} is not a known action. ${CHECK}`
  },

  /** An action with nothing in it. */
  emptyAction(): string {
    return `Your action is empty. ${CHECK}`
  },

  /** Any wrong argument: a message from one of the helpers below. */
  invalidArgument(message: string): string {
    return message
  },

  /** An entity name that names nothing here. */
  noSuchEntity(value: string, suggestion?: string): string {
    return suggestion
      ? `There is no ${quote(value, 40)} here. Did you mean ${quote(suggestion, 40)}?`
      : `There is no ${quote(value, 40)} here. ${CHECK}`
  },

  /** An unnumbered name that fits several numbered duplicates. */
  ambiguousEntity(value: string, options: readonly string[]): string {
    const list =
      options.length > 4
        ? `${options
            .slice(0, 3)
            .map((option) => `"${option}"`)
            .join(', ')} or another one`
        : orList(options)
    return `Which ${value} do you mean: ${list}? Name it with its number.`
  },

  /** An entity of the wrong type for a slot. */
  wrongType(value: string, verb: string, slot: string, type: string): string {
    return `${quote(value, 40)} cannot be used with ${quote(verb)}: {${slot}} must be ${withArticle(type)}.`
  },

  /** A value outside a slot's allowed list. */
  notAllowed(
    value: string,
    verb: string,
    slot: string,
    allowed: readonly string[],
    suggestion?: string,
  ): string {
    const head = `${quote(value, 40)} is not allowed for {${slot}} in ${quote(verb)}.`
    if (suggestion) return `${head} Did you mean ${quote(suggestion, 40)}?`
    if (allowed.length <= 8) return `${head} Use one of ${orList(allowed)}.`
    return `${head} ${CHECK}`
  },

  /** The verb is known but the words around the arguments are not its form. */
  wrongArity(verb: string, forms: readonly string[]): string {
    return `${quote(verb)} is written ${orList(forms)}. ${CHECK}`
  },

  /** Words left over after a complete action. */
  extraWords(extra: string, forms: readonly string[]): string {
    return `Unexpected ${quote(extra, 40)} at the end. Write ${orList(forms)}.`
  },

  /** An action whose words fit a template but not the check its script gives (AgentRefine regex). */
  badForm(action: string, forms: readonly string[]): string {
    return `${quote(action, 40)} does not have the form ${orList(forms)}. ${CHECK}`
  },

  /** A slot left empty. */
  missingArgument(verb: string, slot: string, forms: readonly string[]): string {
    return `${quote(verb)} is missing {${slot}}. Write ${orList(forms)}.`
  },
} as const
