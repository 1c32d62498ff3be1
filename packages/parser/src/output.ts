import { type ActionSpace, type ActionTemplate, renderPattern } from '@refinery/core'
import { type ConcreteFormat, feedback, formatReasons } from './feedback'
import { findJsonStart, findKey, isRecord, parseJsonAt } from './json-reply'
import { type Label, labelWord, scanLabels } from './labels'
import { functionCall, type ModelMarkup, readModelMarkup } from './markup'
import { cleanAction, collapseSpaces, hasWideChars, isAlnum, isSpace, toHalfWidth } from './text'

/** The reply formats stage one reads; `auto` detects which one a reply uses. */
export type OutputFormat = 'auto' | ConcreteFormat

export interface ParseOptions {
  /** The format the agent was asked for; `auto` (the default) accepts any. */
  format?: OutputFormat
  /** Refuse what a careful model would not write (markdown, chatter, odd case); off by default. */
  strict?: boolean
  /**
   * The action space the agent was offered. With it, a tool call named after a template
   * (its id, `-` and spaces written `_`) is rendered through the template's pattern:
   * `take({"obj": "apple 1", "recep": "countertop 1"})` → `take apple 1 from countertop 1`.
   */
  space?: ActionSpace
}

export type ParsedOutput =
  | { ok: true; thought: string; action: string; format: ConcreteFormat }
  | { ok: false; status: 'format_error'; message: string; thought: string }

/** A chat completion that answered with tool calls (OpenAI function calling). */
export interface ToolCallOutput {
  content?: string | null
  toolCalls: { name: string; arguments: string }[]
}

const THOUGHT_KEYS = ['thought', 'thoughts', 'think', 'thinking', 'reasoning', 'reason']
const ACTION_KEYS = ['action', 'act', 'command', 'actions']

interface Context {
  strict: boolean
  space: ActionSpace | undefined
  /** The format asked for, or null for auto. */
  expected: ConcreteFormat | null
}

/**
 * Stage one: a model's reply → its thought and its action text. Never throws, whatever the
 * input; a reply it cannot read gives `format_error` with the one feedback text for it.
 */
export function parseOutput(
  output: string | ToolCallOutput,
  options: ParseOptions = {},
): ParsedOutput {
  const format = options.format ?? 'auto'
  const ctx: Context = {
    strict: options.strict === true,
    space: options.space,
    expected: format === 'auto' ? null : format,
  }
  try {
    if (typeof output === 'string') return parseText(output, ctx)
    if (isRecord(output) && Array.isArray(output.toolCalls)) return parseToolCalls(output, ctx)
    return fail(ctx, formatReasons.noAction, '')
  } catch {
    // A bug of ours must not end an episode; the agent gets a format error instead.
    return fail(ctx, formatReasons.noAction, '')
  }
}

function fail(
  ctx: Context,
  reason: string,
  thought: string,
  detected?: ConcreteFormat,
): ParsedOutput {
  const format = ctx.expected ?? detected ?? 'react'
  return {
    ok: false,
    status: 'format_error',
    message: feedback.formatError(reason, format),
    thought,
  }
}

function succeed(
  ctx: Context,
  thought: string,
  action: string,
  format: ConcreteFormat,
): ParsedOutput {
  // An action of punctuation alone (`::`, `...`) says nothing: it counts as empty.
  if (!isAlnum(action.charCodeAt(0)) && !/[\p{L}\p{N}]/u.test(action))
    return fail(ctx, formatReasons.emptyAction, thought, format)
  if (ctx.strict && ctx.expected && ctx.expected !== format) {
    return fail(ctx, formatReasons.wrongFormat(format, ctx.expected), thought, format)
  }
  return { ok: true, thought, action, format }
}

// ─── plain text ─────────────────────────────────────────────────────────────────────────

function parseText(raw: string, ctx: Context): ParsedOutput {
  const markup = readModelMarkup(raw)
  return markup ? parseMarkup(markup, ctx) : parsePlainText(raw, ctx)
}

/**
 * A reply with reasoning blocks, special tokens or tool calls in its content: the reasoning
 * is the thought and is never searched for actions; tool calls read like API tool calls.
 */
function parseMarkup(markup: ModelMarkup, ctx: Context): ParsedOutput {
  const { text, reasoning, toolCalls } = markup
  if (toolCalls.length === 0 && reasoning !== '' && text.trim() === '')
    return fail(ctx, formatReasons.onlyReasoning, reasoning)
  const parsed =
    toolCalls.length > 0
      ? parseToolCalls({ content: text, toolCalls }, ctx)
      : parsePlainText(text, ctx)
  if (reasoning === '') return parsed
  return {
    ...parsed,
    thought: parsed.thought === '' ? reasoning : `${reasoning}\n${parsed.thought}`,
  }
}

function parsePlainText(raw: string, ctx: Context): ParsedOutput {
  if (ctx.strict && hasWideChars(raw)) return fail(ctx, formatReasons.wideChars, '')
  const text = toHalfWidth(raw)
  const wantsJson = ctx.expected === 'json' || ctx.expected === 'agentrefine'
  const jsonStart = findJsonStart(text)
  if (jsonStart !== -1) {
    const fromJson = parseJsonReply(text, jsonStart, ctx)
    if (fromJson) return fromJson
  } else if (ctx.strict && wantsJson) {
    return fail(ctx, formatReasons.badJson, '')
  }
  return parseLabelled(text, ctx)
}

function parseLabelled(text: string, ctx: Context): ParsedOutput {
  const found = scanLabels(text)
  let firstAction = -1
  let observations = false
  for (let i = 0; i < found.length; i++) {
    const kind = found[i]!.kind
    if (kind === 'observation') observations = true
    else if (kind === 'action' && firstAction === -1) firstAction = i
  }
  if (firstAction === -1) return parseBare(text, found, ctx)

  // A hallucinated `Observation:` after the action ends the reply; an echoed one before the
  // action is dropped.
  let end = text.length
  let labels: Label[] = found
  if (observations) {
    for (let i = firstAction + 1; i < found.length; i++) {
      const label = found[i]!
      if (label.kind !== 'observation') continue
      if (ctx.strict)
        return fail(ctx, formatReasons.observation, thoughtOf(text, found, firstAction))
      end = label.start
      labels = found.slice(0, i)
      break
    }
    if (firstAction > 0)
      labels = labels.filter((label, i) => label.kind !== 'observation' || i > firstAction)
  }

  const format = labelFormat(labels)
  const thought = thoughtOf(text, labels, 0)
  if (ctx.strict) {
    const problem = strictLabelProblem(text, labels, format, end)
    if (problem) return fail(ctx, problem, thought, format)
  }

  let first = ''
  let firstKey = ''
  let others: string[] | null = null
  let seen: Set<string> | null = null
  let actionCount = 0
  let empty = false
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    if (label.kind !== 'action') continue
    actionCount++
    const next = labels[i + 1]
    const action = actionFromValue(text, label.valueStart, next ? next.start : end)
    if (action === '') {
      empty = true
      continue
    }
    if (first === '') {
      first = action
      continue
    }
    if (action === first) continue
    // Same action up to case and spacing counts once; a Set keeps many labels linear.
    if (firstKey === '') firstKey = actionKey(first)
    const key = actionKey(action)
    if (key === firstKey) continue
    seen ??= new Set()
    if (seen.has(key)) continue
    seen.add(key)
    others ??= []
    others.push(action)
  }
  if (first === '')
    return fail(ctx, empty ? formatReasons.emptyAction : formatReasons.noAction, thought, format)
  if (others) return fail(ctx, formatReasons.severalActions([first, ...others]), thought, format)
  if (ctx.strict && actionCount > 1)
    return fail(ctx, formatReasons.severalActions([first, first]), thought, format)
  return succeed(ctx, thought, first, format)
}

/** Two actions are the same when their keys are: case and spacing do not count. */
function actionKey(action: string): string {
  return collapseSpaces(action.toLowerCase())
}

function labelFormat(labels: readonly Label[]): ConcreteFormat {
  const action = labels.find((label) => label.kind === 'action')!
  if (action.lower === 'act') return 'agentbench'
  let thought = false
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    if (label.kind !== 'thought') continue
    if (label.lower === 'think') return 'agentbench'
    thought = true
  }
  return thought ? 'react' : 'act'
}

/** The thought: every thought label's text; without one, the chatter before the action. */
function thoughtOf(text: string, labels: readonly Label[], actionIndex: number): string {
  let thought = ''
  let labelled = false
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    if (label.kind !== 'thought') continue
    labelled = true
    const next = labels[i + 1]
    const part = tidyThought(text, label.valueStart, next ? next.start : text.length)
    if (part !== '') thought = thought === '' ? part : `${thought}\n${part}`
  }
  if (labelled) return thought
  // Chatter before the first label is the thought of a reply that did not label it.
  const first = actionIndex === -1 ? undefined : labels[0]
  return first ? tidyThought(text, 0, first.start) : ''
}

/** text[from, to) without the spaces, emphasis and stray fence around it: a thought. */
function tidyThought(text: string, from: number, to: number): string {
  let start = from
  let end = to
  for (;;) {
    while (start < end && isThoughtEdge(text.charCodeAt(start))) start++
    while (end > start && isThoughtEdge(text.charCodeAt(end - 1))) end--
    if (end - start >= 3 && text.startsWith('```', start)) {
      start += 3
      while (start < end && !isSpace(text.charCodeAt(start))) start++ // language tag
      continue
    }
    if (end - start >= 3 && text.startsWith('```', end - 3)) {
      end -= 3
      continue
    }
    break
  }
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

function isThoughtEdge(code: number): boolean {
  return code === 42 || code === 95 || isSpace(code)
}

/**
 * The action in a label's value: the first non-empty line, or a fenced block. A one-word
 * action followed by a code block (`Act: bash` + ```` ```bash ````) keeps the code on the
 * next line, as AgentBench writes operations.
 */
function actionFromValue(text: string, from: number, to: number): string {
  let i = from
  const n = to
  // closing emphasis right after the colon: `**Action:** take`
  while (
    i < n &&
    (text.charCodeAt(i) === 42 || text.charCodeAt(i) === 95 || isSpace(text.charCodeAt(i)))
  )
    i++
  if (i >= n) return ''
  if (i + 3 <= n && text.startsWith('```', i)) return fencedBody(text.slice(i, n), 0)
  let lineEnd = text.indexOf('\n', i)
  if (lineEnd === -1 || lineEnd > n) lineEnd = n
  const line = cleanAction(text.slice(i, lineEnd))
  if (lineEnd < n && isOneWord(line)) {
    const value = text.slice(lineEnd, n)
    let k = 0
    while (k < value.length && isSpace(value.charCodeAt(k))) k++
    if (value.startsWith('```', k)) {
      const code = fencedBody(value, k, false)
      if (code !== '') return `${line}\n${code}`
    }
    // AgentBench DB: `Action: Answer` then `Final Answer: ["A", "B"]`
    const answer = /^final answer\s*:[ \t]*([^\n]*)/i.exec(value.slice(k, k + 4096))
    if (answer && answer[1]!.trim() !== '') return `${line}\n${answer[1]!.trim()}`
  }
  return line
}

function isOneWord(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32
    if (!(c >= 97 && c <= 122) && c !== 127) return false // letters and `_` (95 | 32 = 127)
  }
  return text.length > 0
}

/** The body of the fenced block opening at `start`, without its language tag. */
function fencedBody(value: string, start: number, clean = true): string {
  let bodyStart = value.indexOf('\n', start)
  const sameLine = bodyStart === -1 ? value.slice(start + 3) : value.slice(start + 3, bodyStart)
  // ```take apple 1``` on one line
  const inline = sameLine.indexOf('```')
  if (inline !== -1) return cleanAction(sameLine.slice(0, inline))
  if (bodyStart === -1) return cleanAction(sameLine)
  bodyStart++
  let close = value.indexOf('```', bodyStart)
  if (close === -1) close = value.length
  const body = value.slice(bodyStart, close).trim()
  return body.includes('\n') || !clean ? body : cleanAction(body)
}

/** A reply without an action label: a single bare line is the action (act-only style). */
function parseBare(text: string, labels: readonly Label[], ctx: Context): ParsedOutput {
  const thought = thoughtOf(text, labels, -1)
  if (labels.some((label) => label.kind === 'thought'))
    return fail(ctx, formatReasons.noAction, thought)
  // `go to desk 1\nObservation: …`: a model that went on after the action.
  const observation = labels.find((label) => label.kind === 'observation' && label.lineStart)
  if (observation && ctx.strict) return fail(ctx, formatReasons.observation, '')
  const body = observation ? text.slice(0, observation.start) : text
  const lines: string[] = []
  let fenced = false
  for (const rawLine of body.split('\n')) {
    const line = rawLine.trim()
    if (line.startsWith('```')) {
      fenced = true
      const rest = line
        .slice(3)
        .replace(/```\s*$/, '')
        .trim()
      if (rest !== '' && line.length > 6 && line.endsWith('```')) lines.push(rest)
      continue
    }
    if (line !== '') lines.push(line)
    if (lines.length > 1) break
  }
  const only = lines[0]
  if (lines.length === 1 && (only!.startsWith('{') || only!.startsWith('[{'))) {
    return fail(ctx, formatReasons.badJson, '', 'json') // JSON that could not be read, even repaired
  }
  if (lines.length !== 1)
    return fail(ctx, lines.length === 0 ? formatReasons.emptyAction : formatReasons.noAction, '')
  if (ctx.strict && fenced) return fail(ctx, formatReasons.markdown, '', 'act')
  const action = cleanAction(lines[0]!)
  if (ctx.strict && action !== lines[0]) return fail(ctx, formatReasons.decoratedAction, '', 'act')
  if (action === '') return fail(ctx, formatReasons.emptyAction, '')
  return succeed(ctx, '', action, 'act')
}

const CANONICAL_LABELS: Record<string, Record<string, string>> = {
  react: { thought: 'Thought', action: 'Action' },
  agentbench: { thought: 'Think', action: 'Act' },
  act: { thought: 'Thought', action: 'Action' },
}

/** What strict mode refuses in a labelled reply; null when the reply is disciplined. */
function strictLabelProblem(
  text: string,
  labels: readonly Label[],
  format: ConcreteFormat,
  end: number,
): string | null {
  if (text.includes('```') && format !== 'agentbench') return formatReasons.markdown
  if (text.includes('**')) return formatReasons.markdown
  const canonical = CANONICAL_LABELS[format]!
  for (const label of labels) {
    if (label.kind === 'observation') continue
    const expected = canonical[label.kind]!
    const word = labelWord(text, label)
    if (word !== expected && word !== expected.toUpperCase()) {
      return formatReasons.labelCase(`${word}:`, `${expected}:`)
    }
    if (label.numbered)
      return formatReasons.numberedLabel(text.slice(label.start, label.valueStart))
    if (!label.lineStart) return `Write "${word}:" at the start of its own line.`
    if (
      text.slice(label.start, label.valueStart).trimStart() !==
      text.slice(label.start, label.valueStart).trim()
    )
      return formatReasons.extraText
  }
  const first = labels[0]!
  if (text.slice(0, first.start).trim() !== '') return formatReasons.extraText
  if (format === 'react' && first.kind !== 'thought') return formatReasons.extraText
  const action = labels.find((label) => label.kind === 'action')!
  const after = labels.indexOf(action) + 1
  if (after < labels.length) return formatReasons.extraText
  const value = text.slice(action.valueStart, end)
  const lineEnd = value.indexOf('\n', value.search(/\S/))
  const line = lineEnd === -1 ? value : value.slice(0, lineEnd)
  const rest = lineEnd === -1 ? '' : value.slice(lineEnd)
  if (cleanAction(line) !== line.trim()) return formatReasons.decoratedAction
  if (
    rest.trim() !== '' &&
    !(format === 'agentbench' && rest.trim().startsWith('```') && rest.trim().endsWith('```'))
  )
    return formatReasons.extraText
  return null
}

// ─── JSON and AgentRefine player turns ─────────────────────────────────────────────────

function parseJsonReply(text: string, start: number, ctx: Context): ParsedOutput | null {
  const parsed = parseJsonAt(text, start, !ctx.strict)
  const wantsJson = ctx.expected === 'json' || ctx.expected === 'agentrefine'
  if (!parsed.ok) return ctx.strict && wantsJson ? fail(ctx, formatReasons.badJson, '') : null
  let value = parsed.value
  if (Array.isArray(value)) {
    // A model that wrote several turns: its first player turn is its reply.
    value = value.find(
      (item) => isRecord(item) && findKey(item, ACTION_KEYS) !== undefined && !isNotPlayer(item),
    )
  }
  const calls = functionCalls(parsed.value)
  if (calls) {
    const content = `${text.slice(0, start)}${text.slice(parsed.end)}`
    return parseToolCalls({ content, toolCalls: calls }, ctx)
  }
  if (!isRecord(value)) return ctx.strict && wantsJson ? fail(ctx, formatReasons.badJson, '') : null
  const actionKey = findKey(value, ACTION_KEYS)
  const thoughtKey = findKey(value, THOUGHT_KEYS)
  const isTurn = findKey(value, ['role']) !== undefined || findKey(value, ['turn']) !== undefined
  const format: ConcreteFormat = isTurn ? 'agentrefine' : 'json'
  const thoughtValue = thoughtKey === undefined ? '' : value[thoughtKey]
  const thought = typeof thoughtValue === 'string' ? thoughtValue.trim() : ''
  if (actionKey === undefined) {
    // JSON without an action: a format error, unless labels elsewhere carry the action.
    const labelled =
      !ctx.strict && !wantsJson && scanLabels(text).some((label) => label.kind === 'action')
    if (labelled) return null
    return fail(
      ctx,
      formatReasons.missingKey(format === 'json' ? 'action' : 'Action'),
      thought,
      format,
    )
  }
  if (isNotPlayer(value)) return fail(ctx, formatReasons.notPlayerTurn, thought, format)
  if (ctx.strict) {
    const problem = strictJsonProblem(
      text,
      start,
      parsed.end,
      parsed.repaired,
      value,
      format,
      actionKey,
    )
    if (problem) return fail(ctx, problem, thought, format)
  }
  let actionValue = value[actionKey]
  if (Array.isArray(actionValue)) {
    const distinct = [...new Set(actionValue.map((item) => String(item).trim()))].filter(
      (item) => item !== '',
    )
    if (distinct.length > 1)
      return fail(ctx, formatReasons.severalActions(distinct), thought, format)
    actionValue = distinct[0] ?? ''
  }
  if (typeof actionValue === 'number') actionValue = String(actionValue)
  if (typeof actionValue !== 'string')
    return fail(ctx, formatReasons.notString(actionKey), thought, format)
  const action = ctx.strict ? actionValue.trim() : cleanMultiline(actionValue)
  if (action === '') return fail(ctx, formatReasons.emptyAction, thought, format)
  return succeed(ctx, thought, action, format)
}

/**
 * A JSON function call written as the reply (Llama 3.1: `{"name": …, "parameters": …}`), or a
 * list of them; null when the value is anything else.
 */
function functionCalls(value: unknown): ToolCallOutput['toolCalls'] | null {
  const items = Array.isArray(value) ? value : [value]
  if (items.length === 0) return null
  const calls: ToolCallOutput['toolCalls'] = []
  for (const item of items) {
    const call = functionCall(item)
    if (!call) return null
    calls.push(call)
  }
  return calls
}

function isNotPlayer(value: Record<string, unknown>): boolean {
  const roleKey = findKey(value, ['role'])
  if (roleKey === undefined) return false
  const role = value[roleKey]
  return typeof role === 'string' && !/^\s*(player|agent|assistant)\s*$/i.test(role)
}

/** A JSON action may hold a hallucinated observation or a second line; keep the first line. */
function cleanMultiline(value: string): string {
  const trimmed = value.trim()
  if (trimmed.startsWith('```')) return fencedBody(trimmed, 0)
  const lineEnd = trimmed.indexOf('\n')
  return cleanAction(lineEnd === -1 ? trimmed : trimmed.slice(0, lineEnd))
}

const STRICT_KEYS: Record<'json' | 'agentrefine', readonly string[]> = {
  json: ['thought', 'action'],
  agentrefine: ['turn', 'role', 'Thought', 'Action'],
}

function strictJsonProblem(
  text: string,
  start: number,
  end: number,
  repaired: boolean,
  value: Record<string, unknown>,
  format: 'json' | 'agentrefine',
  actionKey: string,
): string | null {
  if (repaired) return formatReasons.badJson
  if (text.slice(0, start).trim() !== '' || text.slice(end).trim() !== '') {
    return text.includes('```') ? formatReasons.markdown : formatReasons.extraText
  }
  for (const key of STRICT_KEYS[format]) {
    if (!(key in value)) {
      const found = Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase())
      return found ? formatReasons.labelCase(found, key) : formatReasons.missingKey(key)
    }
  }
  const action = value[actionKey]
  if (typeof action === 'string' && cleanAction(action) !== action)
    return formatReasons.decoratedAction
  return null
}

// ─── tool calls ─────────────────────────────────────────────────────────────────────────

/**
 * An OpenAI chat completion message, as the SDK returns it
 * (`{ content, tool_calls: [{ type: 'function', function: { name, arguments } }] }`), in the
 * shape `parseOutput` reads. Accepts `toolCalls` too, and arguments given as an object.
 * Null when the value carries no tool-call list.
 */
export function toolCallOutput(message: unknown): ToolCallOutput | null {
  if (!isRecord(message)) return null
  const list = Array.isArray(message.tool_calls)
    ? message.tool_calls
    : Array.isArray(message.toolCalls)
      ? message.toolCalls
      : null
  if (list === null) return null
  const toolCalls = list.map((call: unknown) => {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : call
    const name = isRecord(fn) && typeof fn.name === 'string' ? fn.name : ''
    const args = isRecord(fn) ? fn.arguments : undefined
    return {
      name,
      arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
    }
  })
  const content = typeof message.content === 'string' ? message.content : null
  return { content, toolCalls }
}

const ACT_TOOLS = new Set([
  'act',
  'action',
  'step',
  'execute',
  'take_action',
  'do',
  'perform',
  'perform_action',
])

function parseToolCalls(output: ToolCallOutput, ctx: Context): ParsedOutput {
  const content = typeof output.content === 'string' ? output.content : ''
  if (output.toolCalls.length === 0) {
    if (ctx.strict && ctx.expected === 'tool_call')
      return fail(ctx, formatReasons.noToolCall, content.trim())
    return parseText(content, ctx)
  }
  const actions: string[] = []
  let thought = content.trim()
  for (const call of output.toolCalls) {
    const name = isRecord(call) && typeof call.name === 'string' ? call.name.trim() : ''
    if (name === '') return fail(ctx, formatReasons.badToolCall, thought, 'tool_call')
    const rawArgs = isRecord(call) && typeof call.arguments === 'string' ? call.arguments : ''
    const args = parseArguments(rawArgs, ctx.strict)
    if (args === null) return fail(ctx, formatReasons.badToolArguments(name), thought, 'tool_call')
    const thoughtKey = findKey(args, THOUGHT_KEYS)
    if (thoughtKey && typeof args[thoughtKey] === 'string' && thought === '')
      thought = String(args[thoughtKey]).trim()
    const action = actionFromCall(name, args, thoughtKey, ctx.space)
    if (action === '') return fail(ctx, formatReasons.emptyAction, thought, 'tool_call')
    if (
      !actions.some((a) => collapseSpaces(a.toLowerCase()) === collapseSpaces(action.toLowerCase()))
    )
      actions.push(action)
  }
  if (actions.length > 1)
    return fail(ctx, formatReasons.severalActions(actions), thought, 'tool_call')
  if (ctx.strict && output.toolCalls.length > 1) {
    return fail(ctx, formatReasons.severalActions([actions[0]!, actions[0]!]), thought, 'tool_call')
  }
  return succeed(ctx, thought, actions[0]!, 'tool_call')
}

function parseArguments(raw: string, strict: boolean): Record<string, unknown> | null {
  if (raw.trim() === '') return {}
  const parsed = parseJsonAt(raw, Math.max(0, raw.indexOf('{')), !strict)
  if (!parsed.ok || !isRecord(parsed.value)) return null
  // Leniency repairs sloppy JSON; it must not turn garbage into an empty call named after
  // the function (`{bad` would otherwise become the action `act`).
  const values = Object.values(parsed.value)
  if (parsed.repaired && !values.some((v) => typeof v === 'string' || typeof v === 'number'))
    return null
  return parsed.value
}

/**
 * An `act` tool carries the action text in its arguments. Any other function name is read
 * as a verb followed by its argument values: `take({"obj": "apple 1"})` → `take apple 1`.
 */
function actionFromCall(
  name: string,
  args: Record<string, unknown>,
  thoughtKey: string | undefined,
  space: ActionSpace | undefined,
): string {
  const template = space && templateForTool(space, name, args)
  if (template) return renderPattern(template.pattern, stringArgs(args))
  const actionKey = findKey(args, ['action', 'command', 'act', 'input', 'text'])
  if (actionKey !== undefined && typeof args[actionKey] === 'string')
    return cleanMultiline(args[actionKey] as string)
  const values = Object.keys(args)
    .filter((key) => key !== thoughtKey)
    .map((key) => args[key])
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).trim())
  if (ACT_TOOLS.has(name.toLowerCase()) && values.length === 1) return cleanMultiline(values[0]!)
  const verb = name.replace(/[_]+/g, ' ').trim()
  return cleanAction([verb, ...values].join(' '))
}

/** The template a tool call names, when every one of its slots has a value in the arguments. */
function templateForTool(
  space: ActionSpace,
  name: string,
  args: Record<string, unknown>,
): ActionTemplate | undefined {
  const key = toolName(name)
  if (key === '' || ACT_TOOLS.has(key)) return undefined
  const template = space.templates.find((t) => toolName(t.id) === key)
  if (!template) return undefined
  const values = stringArgs(args)
  return template.slots.every((slot) => (values[slot.name] ?? '') !== '') ? template : undefined
}

/** A template id as a function name: `pick-up` and `pick up` are both `pick_up`. */
export function toolName(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

function stringArgs(args: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value).trim()
  }
  return out
}
