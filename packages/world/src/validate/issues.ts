/** Why a spec was refused: `schema` and `semantic` are the writer's to fix, like the goal ones. */
export type ValidationIssueCode =
  | 'schema'
  | 'semantic'
  | 'goal_already_true'
  | 'goal_unreachable'
  | 'plan_budget'
  /** Past one of the documented caps (WORLD_LIMITS). */
  | 'limit'
  | 'internal'

/** One problem with a spec, at a JSON path such as `actions[2].checks[0].require.fact[0]`. */
export interface ValidationIssue {
  /** `$` is the spec itself. */
  path: string
  /** What is wrong, one sentence. */
  message: string
  /** How to fix it, one sentence. */
  hint: string
  code: ValidationIssueCode
}

/** One line per issue: `path: message hint`. */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) =>
    `${issue.path}: ${issue.message} ${issue.hint}`.replace(/\s*\n\s*/g, ' ').trim(),
  )
}

/** A JSON path from a list of keys: `actions[2].checks[0]`; `$` when empty. */
export function jsonPath(keys: readonly PropertyKey[]): string {
  let out = ''
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key))
      out += out ? `.${key}` : key
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out || '$'
}
