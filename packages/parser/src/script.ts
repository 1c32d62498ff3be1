import { type ActionSpace, type ActionTemplate, RefineryError } from '@refinery/core'
import { z } from 'zod'
import { feedback } from './feedback'
import { findKey, isRecord } from './json-reply'
import { type CompiledRegex, compileSafeRegex } from './safe-regex'
import { compileActionSpace, type GroundResult } from './space'
import { cleanAction } from './text'

/** One entry of an AgentRefine script's `Available Actions`, normalised. */
export const ScriptAction = z.object({
  /** The action form with `{name}` placeholders: `go to {location}`. */
  template: z.string().min(1),
  /** The verification regex the script gives, if any. */
  regex: z.string().optional(),
  /** Allowed values per placeholder; a placeholder without a list takes free text. */
  parameters: z.record(z.string(), z.array(z.string())),
  description: z.string().optional(),
})
export type ScriptAction = z.infer<typeof ScriptAction>

export interface ScriptActionSpace {
  /** The templates as an ActionSpace: every placeholder a `text` slot, narrowed by its allowed values. */
  space: ActionSpace
  actions: ScriptAction[]
  /** Regexes that were not run (unsafe or invalid) and entries that could not be read, with why. */
  rejected: { action: string; reason: string }[]
  /** Grounds against the space, then checks the action against its template's regex. */
  ground(text: string): GroundResult
}

const ACTIONS_KEYS = ['availableactions', 'actions', 'availableaction', 'validactions']
const SCRIPT_KEYS = ['goal', 'environment', 'completionconditions', 'persona']
const TEMPLATE_KEYS = ['template', 'action', 'name', 'command', 'format', 'actionname', 'pattern']
const REGEX_KEYS = [
  'regex',
  'verification',
  'verificationregex',
  'verify',
  'regularexpression',
  're',
  'verificationpattern',
]
const PARAM_KEYS = [
  'parameters',
  'params',
  'allowed',
  'validparameters',
  'allowedparameters',
  'arguments',
  'args',
  'values',
  'parametervalues',
]

/**
 * Builds an ActionSpace from an AgentRefine script (or its `Available Actions` alone), so
 * script-mode trajectories are checked by the same grounding code as every family. The
 * verification regexes come from a model: they run on RE2 (linear time) and those that
 * cannot run safely are listed in `rejected` and skipped.
 */
export function scriptActionSpace(script: unknown): ScriptActionSpace {
  const rejected: { action: string; reason: string }[] = []
  const actions = readActions(script, rejected)
  if (actions.length === 0) {
    throw new RefineryError('invalid_spec', 'The script has no readable Available Actions.', {
      hint: 'Give "Available Actions" as {"<template>": {"regex": "...", "parameters": {...}}} or a list of such entries.',
    })
  }
  const templates: ActionTemplate[] = []
  const regexes = new Map<string, CompiledRegex>()
  const ids = new Set<string>()
  for (const action of actions) {
    let id = action.template
    for (let n = 2; ids.has(id); n++) id = `${action.template} #${n}`
    ids.add(id)
    const names = placeholders(action.template)
    const allowed: Record<string, string[]> = {}
    for (const name of names) {
      const values = action.parameters[name]
      if (values && values.length > 0) allowed[name] = values
    }
    templates.push({
      id,
      pattern: action.template,
      slots: names.map((name) => ({ name, type: 'text' })),
      ...(Object.keys(allowed).length > 0 ? { allowed } : {}),
      ...(action.description ? { description: action.description } : {}),
    })
    if (action.regex !== undefined) {
      const compiled = compileSafeRegex(action.regex)
      if (compiled.ok) regexes.set(id, compiled.regex)
      else
        rejected.push({
          action: action.template,
          reason: `its regex was not run: ${compiled.reason}`,
        })
    }
  }
  const space: ActionSpace = { templates, entities: [], meta: [] }
  const compiled = compileActionSpace(space)
  return {
    space,
    actions,
    rejected,
    ground(text: string): GroundResult {
      const result = compiled.ground(text)
      if (!result.ok || result.meta) return result
      const regex = regexes.get(result.action.template)
      if (!regex) return result
      const written = cleanAction(String(text))
      if (regex.matchesStart(written) || regex.matchesStart(result.action.text)) return result
      const template = templates.find((t) => t.id === result.action.template)!
      return {
        ok: false,
        status: 'invalid_argument',
        message: feedback.badForm(written, [template.pattern]),
      }
    },
  }
}

function readActions(
  script: unknown,
  rejected: { action: string; reason: string }[],
): ScriptAction[] {
  let source: unknown = script
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source)
    } catch {
      return []
    }
  }
  if (isRecord(source)) {
    const key = findKey(source, ACTIONS_KEYS)
    if (key !== undefined) source = source[key]
    // A whole script without an actions key has no actions, not one action per section.
    else if (findKey(source, SCRIPT_KEYS) !== undefined) return []
  }
  const entries: [string | undefined, unknown][] = Array.isArray(source)
    ? source.map((item) => [undefined, item])
    : isRecord(source)
      ? Object.entries(source)
      : []
  const out: ScriptAction[] = []
  for (const [key, value] of entries) {
    const action = readAction(key, value)
    const parsed = action ? ScriptAction.safeParse(action) : null
    if (parsed?.success) out.push(parsed.data)
    else
      rejected.push({
        action: key ?? JSON.stringify(value).slice(0, 60),
        reason: 'it has no action template',
      })
  }
  return out
}

function readAction(key: string | undefined, value: unknown): ScriptAction | null {
  let raw = key
  let regex: string | undefined
  let params: unknown
  let description: string | undefined
  if (typeof value === 'string') {
    if (raw === undefined) raw = value
    else if (looksLikeRegex(value)) regex = value
    else description = value
  } else if (isRecord(value)) {
    const templateKey = findKey(value, TEMPLATE_KEYS)
    if (raw === undefined && templateKey !== undefined && typeof value[templateKey] === 'string') {
      raw = value[templateKey] as string
    }
    const regexKey = findKey(value, REGEX_KEYS)
    if (regexKey !== undefined && typeof value[regexKey] === 'string')
      regex = value[regexKey] as string
    const paramKey = findKey(value, PARAM_KEYS)
    if (paramKey !== undefined) params = value[paramKey]
    const descriptionKey = findKey(value, ['description', 'desc', 'explanation'])
    if (descriptionKey !== undefined && typeof value[descriptionKey] === 'string') {
      description = value[descriptionKey] as string
    }
  }
  if (raw === undefined || raw.trim() === '') return null
  const parameters = readParameters(params)
  const template = normaliseTemplate(raw.trim(), Object.keys(parameters))
  const known = new Set(placeholders(template))
  const byName: Record<string, string[]> = {}
  for (const [name, values] of Object.entries(parameters)) {
    const slot = slotName(name)
    if (known.has(slot)) byName[slot] = values
  }
  // A single unnamed list of values belongs to the single placeholder.
  if (parameters[''] && known.size === 1) byName[[...known][0]!] = parameters['']
  return {
    template,
    ...(regex === undefined ? {} : { regex }),
    parameters: byName,
    ...(description === undefined ? {} : { description }),
  }
}

/** `{"location": ["kitchen"]}`, `[{"name": "location", "values": [...]}]` or a bare list. */
function readParameters(params: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (Array.isArray(params)) {
    if (params.every((item) => typeof item === 'string' || typeof item === 'number')) {
      out[''] = params.map(String)
      return out
    }
    for (const item of params) {
      if (!isRecord(item)) continue
      const nameKey = findKey(item, ['name', 'parameter', 'param'])
      const valuesKey = findKey(item, [
        'values',
        'allowed',
        'options',
        'allowedvalues',
        'validvalues',
      ])
      if (nameKey === undefined || valuesKey === undefined) continue
      const values = item[valuesKey]
      if (Array.isArray(values)) out[String(item[nameKey])] = values.map(String)
    }
    return out
  }
  if (isRecord(params)) {
    for (const [name, values] of Object.entries(params)) {
      if (Array.isArray(values))
        out[name] = values.filter((v) => typeof v === 'string' || typeof v === 'number').map(String)
      else if (typeof values === 'string' || typeof values === 'number')
        out[name] = [String(values)]
    }
  }
  return out
}

/** Placeholder names are words: `item name` → `item_name`. */
function slotName(name: string): string {
  return name.trim().toLowerCase().replace(/\W+/g, '_')
}

/**
 * Writes every placeholder as `{name}`: scripts use `{x}`, `<x>` and `[x]`. A template with
 * parameters but no placeholder gets one per parameter after its words.
 */
function normaliseTemplate(raw: string, parameterNames: readonly string[]): string {
  let template = raw
  if (!/\{[^{}]+\}/.test(template)) {
    template = template.replace(
      /<([A-Za-z_][\w ]{0,40})>/g,
      (_, name: string) => `{${slotName(name)}}`,
    )
    if (!/\{[^{}]+\}/.test(template)) {
      template = template.replace(
        /\[([A-Za-z_][\w ]{0,40})\]/g,
        (_, name: string) => `{${slotName(name)}}`,
      )
    }
  }
  template = template.replace(/\{([^{}]+)\}/g, (_, name: string) => `{${slotName(name)}}`)
  if (!/\{[^{}]+\}/.test(template)) {
    const names = parameterNames.filter((name) => name !== '').map(slotName)
    if (names.length > 0)
      template = `${template.replace(/_/g, ' ')} ${names.map((name) => `{${name}}`).join(' ')}`
    else if (parameterNames.includes('')) template = `${template.replace(/_/g, ' ')} {value}`
  }
  return template
}

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))]
}

function looksLikeRegex(text: string): boolean {
  return /^\^|\$$|\\[dswb]|\(\?|\.\*|\[\^?[^\]]+\][*+]/.test(text)
}
