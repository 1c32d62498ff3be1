import { describe, expect, it } from 'vitest'
import { parseOutput, toolCallOutput } from './output'

describe('parseOutput: the formats', () => {
  it('reads ReAct', () => {
    expect(
      parseOutput('Thought: The apple is on the table.\nAction: take apple 1 from table 1'),
    ).toEqual({
      ok: true,
      thought: 'The apple is on the table.',
      action: 'take apple 1 from table 1',
      format: 'react',
    })
  })

  it('reads AgentBench Think/Act and THOUGHT/ACTION', () => {
    expect(
      parseOutput('Think: I list the files.\n\nAct: bash\n\n```bash\nls /etc | wc -l\n```'),
    ).toEqual({
      ok: true,
      thought: 'I list the files.',
      action: 'bash\nls /etc | wc -l',
      format: 'agentbench',
    })
    expect(parseOutput('Think: done\nAct: answer(42)')).toMatchObject({
      action: 'answer(42)',
      format: 'agentbench',
    })
    expect(parseOutput('THOUGHT: go\nACTION: go to cabinet 1')).toMatchObject({
      action: 'go to cabinet 1',
      format: 'react',
    })
  })

  it('reads an AgentBench DB operation with its SQL block', () => {
    const reply =
      'I need the notes.\nAction: Operation\n```sql\nSELECT Notes FROM t WHERE Method = "decision";\n```'
    expect(parseOutput(reply)).toEqual({
      ok: true,
      thought: 'I need the notes.',
      action: 'Operation\nSELECT Notes FROM t WHERE Method = "decision";',
      format: 'act',
    })
  })

  it('reads act-only replies and a bare line', () => {
    expect(parseOutput('Action: open fridge 1')).toMatchObject({
      ok: true,
      action: 'open fridge 1',
      format: 'act',
    })
    expect(parseOutput('open fridge 1\n')).toMatchObject({
      ok: true,
      action: 'open fridge 1',
      thought: '',
      format: 'act',
    })
  })

  it('reads a JSON object and an AgentRefine player turn', () => {
    expect(parseOutput('{"thought": "look first", "action": "look"}')).toEqual({
      ok: true,
      thought: 'look first',
      action: 'look',
      format: 'json',
    })
    expect(
      parseOutput('{"turn": 2, "role": "Player", "Thought": "go", "Action": "go to kitchen"}'),
    ).toEqual({
      ok: true,
      thought: 'go',
      action: 'go to kitchen',
      format: 'agentrefine',
    })
  })

  it('reads an OpenAI tool call', () => {
    expect(
      parseOutput({
        content: 'I will search.',
        toolCalls: [{ name: 'act', arguments: '{"action":"search[red shoes]"}' }],
      }),
    ).toEqual({
      ok: true,
      thought: 'I will search.',
      action: 'search[red shoes]',
      format: 'tool_call',
    })
    expect(
      parseOutput({ toolCalls: [{ name: 'take', arguments: '{"obj": "apple 1"}' }] }),
    ).toMatchObject({
      action: 'take apple 1',
    })
    expect(parseOutput({ content: 'Action: look', toolCalls: [] })).toMatchObject({
      ok: true,
      action: 'look',
    })
  })

  it('reads malformed tool-call arguments as a format error in lenient mode too', () => {
    for (const strict of [false, true]) {
      const parsed = parseOutput(
        { content: null, toolCalls: [{ name: 'act', arguments: '{bad' }] },
        { strict },
      )
      expect(parsed).toMatchObject({ ok: false, status: 'format_error' })
    }
    expect(
      parseOutput({ content: null, toolCalls: [{ name: 'look', arguments: '{}' }] }),
    ).toMatchObject({
      ok: true,
      action: 'look',
    })
  })

  it('reads an OpenAI SDK message through toolCallOutput', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: {
            name: 'act',
            arguments: '{"thought":"Fridge first.","action":"open fridge 1"}',
          },
        },
      ],
    }
    expect(toolCallOutput(message)).toEqual({
      content: null,
      toolCalls: [
        { name: 'act', arguments: '{"thought":"Fridge first.","action":"open fridge 1"}' },
      ],
    })
    expect(parseOutput(toolCallOutput(message)!)).toEqual({
      ok: true,
      thought: 'Fridge first.',
      action: 'open fridge 1',
      format: 'tool_call',
    })
    expect(
      toolCallOutput({ toolCalls: [{ name: 'go_to', arguments: { recep: 'sinkbasin 1' } }] }),
    ).toEqual({
      content: null,
      toolCalls: [{ name: 'go_to', arguments: '{"recep":"sinkbasin 1"}' }],
    })
    expect(toolCallOutput({ content: 'Action: look' })).toBeNull()
    expect(toolCallOutput('Action: look')).toBeNull()
  })
})

describe('parseOutput: what models really write', () => {
  it('tolerates fences, chatter, key case and numbered labels', () => {
    const reply =
      'Sure! Here is my next move.\n```\nthought: the mug is clean\naction 3: put mug 1 in/on coffeemachine 1\n```\nHope this helps.'
    expect(parseOutput(reply)).toMatchObject({
      ok: true,
      thought: 'the mug is clean',
      action: 'put mug 1 in/on coffeemachine 1',
    })
    expect(parseOutput('**Thought:** hmm\n**Action:** `go to desk 1`')).toMatchObject({
      action: 'go to desk 1',
    })
  })

  it('strips quotes and trailing punctuation around the action', () => {
    expect(parseOutput('Action: "take key from box".')).toMatchObject({
      action: 'take key from box',
    })
    expect(parseOutput("Action: 'click[Buy Now]'")).toMatchObject({ action: 'click[Buy Now]' })
  })

  it('maps full-width punctuation', () => {
    expect(parseOutput('Thought：先看看。\nAction：check valid actions')).toMatchObject({
      ok: true,
      thought: '先看看.',
      action: 'check valid actions',
    })
  })

  it('cuts a hallucinated observation after the action', () => {
    const reply =
      'Thought: go\nAction: go to countertop 1\nObservation: On the countertop 1, you see a apple 1.\nThought: take it\nAction: take apple 1 from countertop 1'
    expect(parseOutput(reply)).toMatchObject({ ok: true, action: 'go to countertop 1' })
  })

  it('keeps one action when the same one is repeated', () => {
    expect(parseOutput('Action: look\nAction: Look')).toMatchObject({ ok: true, action: 'look' })
  })

  it('reads a JSON reply in a fence, with single quotes or a missing brace', () => {
    expect(parseOutput("```json\n{'thought': 'x', 'action': 'look',}\n```")).toMatchObject({
      ok: true,
      action: 'look',
    })
    expect(parseOutput('{"thought": "x", "action": "inventory"')).toMatchObject({
      ok: true,
      action: 'inventory',
    })
  })
})

describe('parseOutput: format errors', () => {
  it('refuses a reply with no action', () => {
    expect(parseOutput('Thought: I am not sure what to do.')).toMatchInlineSnapshot(`
      {
        "message": "Your reply has no action. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "ok": false,
        "status": "format_error",
        "thought": "I am not sure what to do.",
      }
    `)
  })

  it('refuses an empty action', () => {
    expect(parseOutput('Thought: hmm\nAction:')).toMatchInlineSnapshot(`
      {
        "message": "Your action is empty. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "ok": false,
        "status": "format_error",
        "thought": "hmm",
      }
    `)
  })

  it('refuses several different actions', () => {
    expect(parseOutput('Action: open drawer 1\nAction: close drawer 1')).toMatchInlineSnapshot(`
      {
        "message": "Your reply has 2 different actions ("open drawer 1", "close drawer 1"); give exactly one. Reply with "Action: <one action>".",
        "ok": false,
        "status": "format_error",
        "thought": "",
      }
    `)
  })

  it('refuses several different tool calls', () => {
    const result = parseOutput({
      toolCalls: [
        { name: 'act', arguments: '{"action":"look"}' },
        { name: 'act', arguments: '{"action":"inventory"}' },
      ],
    })
    expect(result.ok).toBe(false)
  })

  it('refuses a Dungeon Master turn', () => {
    expect(
      parseOutput('{"turn": 3, "role": "Dungeon Master", "Observation": "ok", "Action": "x"}'),
    ).toMatchObject({
      ok: false,
    })
  })

  it('never throws on odd input', () => {
    for (const input of [
      '',
      ':',
      '{',
      '[{',
      '```',
      'Action',
      '{"action": {"x": 1}}',
      '\u0000',
      'Action:\n```',
    ]) {
      expect(() => parseOutput(input)).not.toThrow()
    }
    expect(() => parseOutput(undefined as unknown as string)).not.toThrow()
    expect(() => parseOutput({ toolCalls: [null] } as unknown as string)).not.toThrow()
  })
})

describe('parseOutput: strict mode', () => {
  const strict = { strict: true }

  it('accepts disciplined replies in every format', () => {
    expect(parseOutput('Thought: go\nAction: go to desk 1', strict)).toMatchObject({ ok: true })
    expect(parseOutput('Think: go\nAct: go to desk 1', strict)).toMatchObject({
      ok: true,
      format: 'agentbench',
    })
    expect(parseOutput('Action: go to desk 1', strict)).toMatchObject({ ok: true })
    expect(parseOutput('go to desk 1', strict)).toMatchObject({ ok: true })
    expect(parseOutput('{"thought": "go", "action": "go to desk 1"}', strict)).toMatchObject({
      ok: true,
    })
    expect(
      parseOutput(
        '{"turn": 1, "role": "Player", "Thought": "go", "Action": "go to desk 1"}',
        strict,
      ),
    ).toMatchObject({
      ok: true,
    })
  })

  it('refuses what lenient mode forgives', () => {
    const cases = {
      markdown: '```\nThought: go\nAction: go to desk 1\n```',
      chatter: 'Sure!\nThought: go\nAction: go to desk 1',
      keyCase: 'thought: go\naction: go to desk 1',
      numbered: 'Thought: go\nAction 1: go to desk 1',
      decorated: 'Thought: go\nAction: "go to desk 1".',
      observation: 'Thought: go\nAction: go to desk 1\nObservation: You arrive.',
      wide: 'Thought：go\nAction：go to desk 1',
      repaired: "{'thought': 'go', 'action': 'go to desk 1'}",
      jsonKeyCase: '{"Thought": "go", "Action": "go to desk 1"}',
    }
    const messages = Object.fromEntries(
      Object.entries(cases).map(([name, reply]) => {
        const result = parseOutput(reply, strict)
        return [name, result.ok ? 'ACCEPTED' : result.message]
      }),
    )
    expect(messages).toMatchInlineSnapshot(`
      {
        "chatter": "Your reply has text outside the expected format. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "decorated": "Write the action plainly, without quotes, markdown or a full stop. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "jsonKeyCase": "Write "thought", not "Thought". Reply with one JSON object: {"thought": "...", "action": "..."}.",
        "keyCase": "Write "Thought:", not "thought:". Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "markdown": "Your reply is wrapped in markdown; write it plainly. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "numbered": "Write the label without a number, not "Action 1:". Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "observation": "Your reply goes on after the action; stop after writing it. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
        "repaired": "Your reply is not one valid JSON object. Reply with one JSON object: {"thought": "...", "action": "..."}.",
        "wide": "Your reply uses full-width punctuation; use plain ASCII. Reply with "Thought: <your reasoning>" and then "Action: <one action>".",
      }
    `)
  })

  it('refuses another format than the one asked for', () => {
    expect(parseOutput('Action: look', { strict: true, format: 'json' })).toMatchObject({
      ok: false,
    })
    expect(parseOutput('Action: look', { format: 'json' })).toMatchObject({
      ok: true,
      format: 'act',
    })
  })
})
