import { RefineryError } from '@refinery/core'

/** Where a token starts, 1-based. */
export interface SourcePos {
  line: number
  column: number
}

export interface SAtom extends SourcePos {
  kind: 'atom'
  /** Lower-cased: PDDL is case-insensitive. */
  value: string
}

export interface SList extends SourcePos {
  kind: 'list'
  items: SExpr[]
}

export type SExpr = SAtom | SList

/** Deeper nesting than this is refused rather than risking the stack in later passes. */
export const MAX_PDDL_DEPTH = 256

/** A PDDL syntax or content error at `file:line:column`. */
export function pddlError(file: string, at: SourcePos | undefined, message: string, hint?: string) {
  const path = at ? `${file}:${at.line}:${at.column}` : file
  return new RefineryError('invalid_input', message, {
    path,
    hint: hint ?? 'Fix the PDDL file and run again.',
  })
}

/**
 * Reads the one top-level list of a PDDL file. Comments run from `;` to the end of the line;
 * a `?` inside a word starts a new token (`level?l1` is `level ?l1`, as IPC files expect).
 */
export function readSExpr(text: string, file: string): SList {
  const stack: SList[] = []
  let top: SList | undefined
  let line = 1
  let column = 1
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i] as string
    if (ch === '\n') {
      line++
      column = 1
      i++
      continue
    }
    if (
      ch === ' ' ||
      ch === '\t' ||
      ch === '\r' ||
      ch === '\f' ||
      ch === '\v' ||
      ch === '\u00a0' ||
      ch === '\ufeff'
    ) {
      i++
      column++
      continue
    }
    if (ch === ';') {
      while (i < n && text[i] !== '\n') i++
      continue
    }
    const pos = { line, column }
    if (ch === '(') {
      if (top && stack.length === 0) {
        throw pddlError(
          file,
          pos,
          'Unexpected text after the end of the definition.',
          'A PDDL file holds one (define ...) form.',
        )
      }
      if (stack.length >= MAX_PDDL_DEPTH) {
        throw pddlError(file, pos, `Parentheses nest deeper than ${MAX_PDDL_DEPTH} levels.`)
      }
      const list: SList = { kind: 'list', items: [], ...pos }
      stack[stack.length - 1]?.items.push(list)
      stack.push(list)
      i++
      column++
      continue
    }
    if (ch === ')') {
      const closed = stack.pop()
      if (!closed)
        throw pddlError(file, pos, "Unexpected ')'.", "Remove it, or add the '(' it closes.")
      if (stack.length === 0) top = closed
      i++
      column++
      continue
    }
    // An atom: everything up to whitespace, a parenthesis or a comment.
    let j = i + 1
    while (j < n) {
      const c = text[j] as string
      if (c === '(' || c === ')' || c === ';' || c === '?' || /\s/.test(c)) break
      j++
    }
    const value = text.slice(i, j).toLowerCase()
    if (stack.length === 0) {
      throw pddlError(
        file,
        pos,
        `Unexpected '${clip(value)}' outside parentheses.`,
        'A PDDL file holds one (define ...) form.',
      )
    }
    ;(stack[stack.length - 1] as SList).items.push({ kind: 'atom', value, ...pos })
    column += j - i
    i = j
  }
  const open = stack[0]
  if (open) {
    const last = stack[stack.length - 1] as SList
    throw pddlError(
      file,
      last,
      `This '(' is never closed (${stack.length} missing ')').`,
      "Add the missing ')' at the end of the form.",
    )
  }
  if (!top)
    throw pddlError(
      file,
      undefined,
      'The file is empty.',
      'Give a (define (domain ...) ...) or (define (problem ...) ...) form.',
    )
  return top
}

/** Text for messages: an atom's value, or a list written back out, cut short. */
export function show(expr: SExpr | undefined, max = 40): string {
  if (!expr) return 'nothing'
  return clip(write(expr), max)
}

function write(expr: SExpr): string {
  return expr.kind === 'atom' ? expr.value : `(${expr.items.map(write).join(' ')})`
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
