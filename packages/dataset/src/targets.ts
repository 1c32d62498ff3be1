import { z } from 'zod'

/**
 * Each trainer's rules for one exported line, as zod schemas, and how many assistant turns
 * each line trains. Exports are checked against these in tests; users can check theirs too.
 */

const endsOnAssistant = (messages: { role: string }[]) => messages.at(-1)?.role === 'assistant'

/** OpenAI chat fine-tuning: `weight` 0/1 on assistant messages only; ends on an assistant. */
export const OpenAiChatMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  weight: z.union([z.literal(0), z.literal(1)]).optional(),
})
export type OpenAiChatMessage = z.infer<typeof OpenAiChatMessage>
export const OpenAiChatExample = z
  .strictObject({ messages: z.array(OpenAiChatMessage).min(2) })
  .refine((e) => endsOnAssistant(e.messages), 'the last message must be an assistant message')
  .refine(
    (e) => e.messages.every((m) => m.weight === undefined || m.role === 'assistant'),
    'weight is allowed on assistant messages only',
  )
export type OpenAiChatExample = z.infer<typeof OpenAiChatExample>

/** LLaMA-Factory sharegpt: odd positions human/observation, even positions gpt, even count. */
export const ShareGptExample = z
  .strictObject({
    system: z.string(),
    conversations: z
      .array(z.strictObject({ from: z.enum(['human', 'gpt', 'observation']), value: z.string() }))
      .min(2),
  })
  .refine(
    (e) =>
      e.conversations.length % 2 === 0 &&
      e.conversations.every((m, i) => (i % 2 === 0 ? m.from !== 'gpt' : m.from === 'gpt')),
    'turns must alternate human/observation then gpt, in an even count',
  )
  .refine((e) => e.conversations[0]?.from === 'human', 'the first turn must be human')

/** axolotl chat_template with `message_field_training: training`. */
export const AxolotlExample = z
  .strictObject({
    messages: z
      .array(
        z.strictObject({
          role: z.enum(['system', 'user', 'assistant']),
          content: z.string(),
          training: z.boolean(),
        }),
      )
      .min(2),
  })
  .refine((e) => endsOnAssistant(e.messages), 'the last message must be an assistant message')
  .refine(
    (e) => e.messages.every((m) => !m.training || m.role === 'assistant'),
    'only assistant messages may train',
  )

const TrlMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
})
const alternates = (messages: { role: string }[]) => {
  const rest = messages[0]?.role === 'system' ? messages.slice(1) : messages
  return rest.every((m, i) => m.role === (i % 2 === 0 ? 'user' : 'assistant'))
}

/** TRL conversational: optional system, then user/assistant alternating, ending on assistant. */
export const TrlExample = z
  .strictObject({ messages: z.array(TrlMessage).min(2) })
  .refine((e) => alternates(e.messages), 'turns must alternate user then assistant')
  .refine((e) => endsOnAssistant(e.messages), 'the last message must be an assistant message')

/** TRL conversational prompt-completion: the prompt ends on a user turn, one assistant reply. */
export const TrlCompletionExample = z
  .strictObject({
    prompt: z.array(TrlMessage).min(1),
    completion: z.array(TrlMessage).length(1),
  })
  .refine((e) => e.prompt.at(-1)?.role === 'user', 'the prompt must end on a user turn')
  .refine((e) => e.completion[0]?.role === 'assistant', 'the completion must be an assistant turn')

/** ADP 1.2.0 standardized trajectory (extra fields forbidden on every item). */
export const AdpExample = z
  .strictObject({
    schema_version: z.enum(['1.0.0', '1.1.0', '1.2.0']),
    id: z.string().min(1),
    content: z
      .array(
        z.union([
          z.strictObject({
            class_: z.literal('text_observation'),
            content: z.string(),
            source: z.enum(['user', 'agent', 'environment']),
          }),
          z.strictObject({
            class_: z.literal('message_action'),
            content: z.string(),
            description: z.string().nullable().optional(),
          }),
        ]),
      )
      .min(2),
    details: z.looseObject({ train: z.array(z.boolean()) }),
  })
  .refine(
    (e) => e.content.at(-1)?.class_ === 'message_action',
    'the trajectory must end on an action',
  )
  .refine(
    (e) =>
      e.details.train.length === e.content.filter((c) => c.class_ !== 'text_observation').length,
    'details.train must hold one flag per action',
  )

export const TARGET_SCHEMAS = {
  openai: OpenAiChatExample,
  sharegpt: ShareGptExample,
  axolotl: AxolotlExample,
  trl: TrlExample,
  'trl-completion': TrlCompletionExample,
  adp: AdpExample,
} as const

/** Assistant turns that one exported line trains, read in the target's own terms. */
export function trainedInLine(format: keyof typeof TARGET_SCHEMAS, line: unknown): number {
  const value = line as Record<string, unknown>
  switch (format) {
    case 'openai':
      return (value.messages as { weight?: number }[]).filter((m) => m.weight === 1).length
    case 'sharegpt': // mask_history: the last gpt turn only
    case 'trl-completion': // completion_only_loss: the completion
      return 1
    case 'axolotl':
      return (value.messages as { training: boolean }[]).filter((m) => m.training).length
    case 'trl': // assistant_only_loss: every assistant turn
      return (value.messages as { role: string }[]).filter((m) => m.role === 'assistant').length
    case 'adp':
      return ((value.details as { train: boolean[] }).train ?? []).filter(Boolean).length
  }
}
