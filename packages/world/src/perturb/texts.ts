import { textIf } from '../pddl/build'
import type { Text, TextPart, WorldSpec } from '../spec'

/** Rewrites the literal parts of a template; `{slots}` are never touched. */
export function mapLiterals(template: string, fn: (literal: string) => string): string {
  let out = ''
  let last = 0
  for (const m of template.matchAll(/\{[^{}]*\}/g)) {
    out += fn(template.slice(last, m.index)) + m[0]
    last = m.index + m[0].length
  }
  return out + fn(template.slice(last))
}

/** Applies `fn` to every template string of a Text (literals, list items, empties). */
export function mapText(
  text: Text,
  fn: (template: string, path: string) => string,
  path: string,
): Text {
  if (typeof text === 'string') return fn(text, path)
  return text.map((part, i): TextPart => {
    const at = `${path}[${i}]`
    if (typeof part === 'string') return fn(part, at)
    if ('if' in part) {
      const otherwise = part.else === undefined ? undefined : mapText(part.else, fn, `${at}.else`)
      return textIf(part.if, mapText(part.then, fn, `${at}.then`), otherwise)
    }
    const list = { ...part.list }
    if (list.item !== undefined) list.item = fn(list.item, `${at}.list.item`)
    if (list.empty !== undefined) list.empty = fn(list.empty, `${at}.list.empty`)
    return { list }
  })
}

/**
 * Applies `fn` to every observation text of a spec: action messages, paraphrases and
 * failure texts, predicate sentences, process and fail messages, the observations. The
 * instruction and subgoal descriptions are plain strings and come with `plain: true`.
 */
export function mapSpecTexts(
  spec: WorldSpec,
  fn: (template: string, path: string, plain: boolean) => string,
): WorldSpec {
  const t = (text: Text, path: string) => mapText(text, (s, p) => fn(s, p, false), path)
  const optional = <T extends Text | undefined>(text: T, path: string): T =>
    text === undefined ? text : (t(text, path) as T)
  return {
    ...spec,
    predicates: spec.predicates.map((p, i) =>
      p.text === undefined ? p : { ...p, text: fn(p.text, `predicates[${i}].text`, false) },
    ),
    actions: spec.actions.map((a, i) => ({
      ...a,
      checks: a.checks.map((c, k) => ({
        ...c,
        fail: t(c.fail, `actions[${i}].checks[${k}].fail`),
      })),
      message: t(a.message, `actions[${i}].message`),
      ...(a.paraphrases
        ? { paraphrases: a.paraphrases.map((p, k) => t(p, `actions[${i}].paraphrases[${k}]`)) }
        : {}),
    })),
    processes: spec.processes.map((p, i) => ({
      ...p,
      message: optional(p.message, `processes[${i}].message`),
    })),
    observations: {
      ...spec.observations,
      intro: optional(spec.observations.intro, 'observations.intro'),
      look: t(spec.observations.look, 'observations.look'),
      inventory: optional(spec.observations.inventory, 'observations.inventory'),
      success: optional(spec.observations.success, 'observations.success'),
    },
    goal: {
      ...spec.goal,
      instruction: fn(spec.goal.instruction, 'goal.instruction', true),
      subgoals: spec.goal.subgoals.map((s, i) =>
        s.description === undefined
          ? s
          : { ...s, description: fn(s.description, `goal.subgoals[${i}].description`, true) },
      ),
      fail: spec.goal.fail.map((f, i) => ({
        ...f,
        message: t(f.message, `goal.fail[${i}].message`),
      })),
    },
  }
}

/** Drops keys whose value is undefined, so a perturbed spec serialises like the original. */
export function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
